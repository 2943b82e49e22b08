import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseLayerGeoJson } from './layer-geojson.js';
import { pointInPolygon, pointInPolygons, type Ring } from './point-in-polygon.js';
import { readSharedData } from './test-data.js';

const square = (x0: number, y0: number, x1: number, y1: number): Ring => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];

describe('pointInPolygon', () => {
  const withHole = [square(0, 0, 10, 10), square(3, 3, 6, 6)];

  it('is true inside the outer ring and outside the hole', () => {
    assert.equal(pointInPolygon(withHole, 1, 1), true);
    assert.equal(pointInPolygon(withHole, 8, 5), true);
  });

  it('is false inside the hole and outside the outer ring', () => {
    assert.equal(pointInPolygon(withHole, 4.5, 4.5), false);
    assert.equal(pointInPolygon(withHole, 11, 5), false);
    assert.equal(pointInPolygon(withHole, -0.5, 5), false);
  });

  it('does not depend on the winding direction of the rings', () => {
    const reversed = withHole.map((ring) => [...ring].reverse());
    for (const [x, y] of [
      [1, 1],
      [4.5, 4.5],
      [11, 5],
    ] as const) {
      assert.equal(pointInPolygon(reversed, x, y), pointInPolygon(withHole, x, y));
    }
  });

  it('works with rings that are not explicitly closed', () => {
    const open = square(0, 0, 2, 2).slice(0, 4);
    assert.equal(pointInPolygon([open], 1, 1), true);
    assert.equal(pointInPolygon([open], 3, 1), false);
  });
});

describe('pointInPolygons', () => {
  const islands = [[square(0, 0, 1, 1)], [square(5, 5, 6, 6), square(5.2, 5.2, 5.4, 5.4)]];

  it('finds a point in any part of a multipolygon', () => {
    assert.equal(pointInPolygons(islands, 0.5, 0.5), true);
    assert.equal(pointInPolygons(islands, 5.8, 5.8), true);
  });

  it('rejects points between the parts and in a hole of a part', () => {
    assert.equal(pointInPolygons(islands, 3, 3), false);
    assert.equal(pointInPolygons(islands, 5.3, 5.3), false);
  });
});

describe('points on a shared border', () => {
  // Two neighbours share a slanted edge, walked in opposite directions as real layers do.
  const left: Ring[] = [
    [
      [0, 0],
      [0.3, 0],
      [0.7, 1],
      [0, 1],
      [0, 0],
    ],
  ];
  const right: Ring[] = [
    [
      [0.3, 0],
      [1, 0],
      [1, 1],
      [0.7, 1],
      [0.3, 0],
    ],
  ];

  it('puts every point of the shared edge in exactly one of the two areas', () => {
    for (let i = 1; i < 1000; i++) {
      const lat = i / 1000;
      const lon = 0.3 + 0.4 * lat;
      const hits = Number(pointInPolygon(left, lon, lat)) + Number(pointInPolygon(right, lon, lat));
      assert.equal(hits, 1, `(${lon}, ${lat}) is in ${hits} areas`);
    }
  });

  it('puts a corner shared by four squares in exactly one of them, the north-east one', () => {
    const quarters = [square(0, 0, 1, 1), square(1, 0, 2, 1), square(0, 1, 1, 2), square(1, 1, 2, 2)];
    const hits = quarters.filter((ring) => pointInPolygon([ring], 1, 1));
    assert.equal(hits.length, 1);
    assert.deepEqual(hits[0], quarters[3]);
  });

  it('never puts a vertex shared by Connecticut towns in two towns', () => {
    const towns = parseLayerGeoJson(readSharedData('geo', 'ct_towns.geojson'), 'name', 'ct_towns.geojson');
    const ownersByVertex = new Map<string, Set<number>>();
    towns.forEach((town, index) => {
      for (const [lon, lat] of town.polygons.flat(2)) {
        const key = `${lon},${lat}`;
        const owners = ownersByVertex.get(key) ?? new Set<number>();
        owners.add(index);
        ownersByVertex.set(key, owners);
      }
    });
    const shared = [...ownersByVertex].filter(([, owners]) => owners.size > 1);
    assert.ok(shared.length > 1000, `only ${shared.length} shared vertices`);
    for (const [key, owners] of shared) {
      const [lon, lat] = key.split(',').map(Number) as [number, number];
      const containing = [...owners].filter((i) => pointInPolygons(towns[i]?.polygons ?? [], lon, lat));
      assert.ok(containing.length <= 1, `${key} is inside ${containing.length} towns`);
    }
  });
});
