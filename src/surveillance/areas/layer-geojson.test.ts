import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SosError } from '../../platform/errors.js';
import { parseLayerGeoJson } from './layer-geojson.js';
import { readSharedData } from './test-data.js';

const square = [
  [
    [-72.5, 41.5],
    [-72.4, 41.5],
    [-72.4, 41.6],
    [-72.5, 41.6],
    [-72.5, 41.5],
  ],
];

function feature(
  properties: Record<string, unknown>,
  geometry: unknown = { type: 'Polygon', coordinates: square },
) {
  return { type: 'Feature', properties, geometry };
}

function collection(...features: unknown[]): string {
  return JSON.stringify({ type: 'FeatureCollection', features });
}

/** Asserts a GEOJSON_INVALID error whose message contains every fragment. */
function assertInvalid(text: string, idProperty: string, ...fragments: string[]): void {
  assert.throws(
    () => parseLayerGeoJson(text, idProperty, 'layer.geojson'),
    (error: unknown) => {
      assert.ok(error instanceof SosError);
      assert.equal(error.code, 'GEOJSON_INVALID');
      for (const fragment of ['layer.geojson', ...fragments]) {
        assert.ok(error.message.includes(fragment), `"${error.message}" lacks "${fragment}"`);
      }
      return true;
    },
  );
}

describe('parseLayerGeoJson with the real Connecticut layers', () => {
  it('reads all 169 towns with their names as ids', () => {
    const towns = parseLayerGeoJson(readSharedData('geo', 'ct_towns.geojson'), 'name', 'ct_towns.geojson');
    assert.equal(towns.length, 169);
    assert.equal(new Set(towns.map((t) => t.areaId)).size, 169);
    const hartford = towns.find((t) => t.areaId === 'Hartford');
    assert.ok(hartford);
    assert.equal(hartford.name, 'Hartford');
    const [minX, minY, maxX, maxY] = hartford.bbox;
    assert.ok(minX < -72.67 && maxX > -72.67 && minY < 41.76 && maxY > 41.76, `bbox ${hartford.bbox}`);
  });

  it('reads all 830 tracts keyed by GEOID, multipolygons included, named by id when there is no name', () => {
    const text = readSharedData('geo', 'ct_census_tracts_2018.geojson');
    const tracts = parseLayerGeoJson(text, 'GEOID', 'ct_census_tracts_2018.geojson');
    assert.equal(tracts.length, 830);
    assert.ok(tracts.every((t) => /^09\d{9}$/.test(t.areaId) && t.name === t.areaId));
    assert.equal(tracts.filter((t) => t.polygons.length > 1).length, 6);
  });
});

describe('parseLayerGeoJson on small layers', () => {
  it('keeps holes and every part of a MultiPolygon, with a bbox over all parts', () => {
    const ring = (x0: number, y0: number, x1: number, y1: number) => [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ];
    const coordinates = [
      [ring(-72.5, 41.5, -72.4, 41.6)],
      [ring(-72, 41, -71.9, 41.1), ring(-71.98, 41.02, -71.96, 41.04)],
    ];
    const [area] = parseLayerGeoJson(
      collection(feature({ id: 7, name: ' Islands ' }, { type: 'MultiPolygon', coordinates })),
      'id',
      'layer.geojson',
    );
    assert.ok(area);
    assert.equal(area.areaId, '7');
    assert.equal(area.name, 'Islands');
    assert.deepEqual(area.polygons, coordinates);
    assert.deepEqual(area.bbox, [-72.5, 41, -71.9, 41.6]);
  });
});

describe('parseLayerGeoJson errors', () => {
  it('rejects text that is not JSON', () => {
    assertInvalid('{"type": "FeatureCollection", ', 'name', 'not valid JSON');
  });

  it('rejects JSON that is not a FeatureCollection', () => {
    assertInvalid(
      JSON.stringify({ type: 'Feature', properties: {}, geometry: null }),
      'name',
      'FeatureCollection',
    );
    assertInvalid(JSON.stringify({ type: 'FeatureCollection' }), 'name', 'FeatureCollection');
  });

  it('rejects a feature without the id property', () => {
    assertInvalid(
      collection(feature({ name: 'A' }), feature({ title: 'B' })),
      'name',
      'features[1]',
      '"name"',
    );
    assertInvalid(collection(feature({ name: '  ' })), 'name', 'features[0]', '"name"');
    assertInvalid(collection(feature({ name: { en: 'A' } })), 'name', 'features[0]', 'not a string');
  });

  it('rejects a duplicate id, naming both features', () => {
    assertInvalid(
      collection(feature({ name: 'A' }), feature({ name: 'B' }), feature({ name: 'A' })),
      'name',
      'features[2]',
      '"A"',
      'duplicate',
      'feature 0',
    );
  });

  it('rejects geometries that are not Polygon or MultiPolygon', () => {
    const point = { type: 'Point', coordinates: [-72.5, 41.5] };
    assertInvalid(
      collection(feature({ name: 'A' }), feature({ name: 'B' }, point)),
      'name',
      'features[1]',
      '"B"',
      'Point',
    );
    assertInvalid(collection(feature({ name: 'A' }, null)), 'name', 'features[0]', 'no geometry');
  });

  it('rejects coordinates that are not numbers', () => {
    const bad = [
      [
        [-72.5, 41.5],
        [-72.4, '41.5'],
        [-72.4, 41.6],
        [-72.5, 41.5],
      ],
    ];
    assertInvalid(
      collection(feature({ name: 'A' }, { type: 'Polygon', coordinates: bad })),
      'name',
      'features[0]',
      '[0][1]',
      'not a number',
    );
    const notRings = { type: 'Polygon', coordinates: [-72.5, 41.5] };
    assertInvalid(collection(feature({ name: 'A' }, notRings)), 'name', 'features[0]', 'not a ring');
  });

  it('rejects coordinates out of lon/lat range, such as projected metres', () => {
    const projected = [
      [
        [1_000_000, 41.5],
        [-72.4, 41.5],
        [-72.4, 41.6],
        [-72.5, 41.5],
      ],
    ];
    const multi = { type: 'MultiPolygon', coordinates: [square, projected] };
    assertInvalid(
      collection(feature({ name: 'A' }, multi)),
      'name',
      'features[0]',
      '[1][0][0]',
      'out of lon/lat range',
    );
    const lat = [
      [
        [-72.5, 91],
        [-72.4, 41.5],
        [-72.4, 41.6],
        [-72.5, 91],
      ],
    ];
    assertInvalid(
      collection(feature({ name: 'A' }, { type: 'Polygon', coordinates: lat })),
      'name',
      'out of lon/lat range',
    );
  });

  it('rejects rings too short to bound an area', () => {
    const short = [
      [
        [-72.5, 41.5],
        [-72.4, 41.5],
        [-72.5, 41.5],
      ],
    ];
    assertInvalid(
      collection(feature({ name: 'A' }, { type: 'Polygon', coordinates: short })),
      'name',
      'features[0]',
      'at least 4',
    );
  });

  it('puts the file, feature index and property in the error details', () => {
    try {
      parseLayerGeoJson(collection(feature({})), 'GEOID', 'tracts.geojson');
      assert.fail('no error thrown');
    } catch (error) {
      assert.ok(error instanceof SosError);
      assert.deepEqual(error.details, { file: 'tracts.geojson', featureIndex: 0, property: 'GEOID' });
    }
  });
});
