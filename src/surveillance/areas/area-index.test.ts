import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { AreaIndex } from './area-index.js';
import { normalizeAreaKey } from './area-population.js';
import { type AreaFeature, parseLayerGeoJson } from './layer-geojson.js';
import type { Ring } from './point-in-polygon.js';
import { readSharedData } from './test-data.js';

const townFeatures = parseLayerGeoJson(readSharedData('geo', 'ct_towns.geojson'), 'name', 'ct_towns.geojson');
const towns = new AreaIndex(townFeatures);
const tracts = new AreaIndex(
  parseLayerGeoJson(
    readSharedData('geo', 'ct_census_tracts_2018.geojson'),
    'GEOID',
    'ct_census_tracts_2018.geojson',
  ),
);

interface CityCentroid {
  city: string;
  lat: number;
  lon: number;
}

/** The distinct "CITY, CT\n(lat, lon)" centroids of injury cities in the OCME deaths file. */
function injuryCityCentroids(): CityCentroid[] {
  const rows = parse(readSharedData('real', 'ct_accidental_drug_deaths_2012_2022.csv'), {
    columns: true,
    bom: true,
  }) as Record<string, string>[];
  const centroids = new Map<string, CityCentroid>();
  for (const row of rows) {
    const match = /^(.+), CT\s*\(([-\d.]+), ([-\d.]+)\)$/s.exec(row.InjuryCityGeo ?? '');
    if (match === null) continue;
    const [, city, lat, lon] = match as unknown as [string, string, string, string];
    centroids.set(city, { city, lat: Number(lat), lon: Number(lon) });
  }
  return [...centroids.values()];
}

const square = (id: string, x0: number, y0: number, x1: number, y1: number): AreaFeature => {
  const ring: Ring = [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
    [x0, y0],
  ];
  return { areaId: id, name: id, polygons: [[ring]], bbox: [x0, y0, x1, y1] };
};

describe('AreaIndex over the Connecticut towns', () => {
  const centroids = injuryCityCentroids();

  it('puts the centroids of the big cities in the town of the same name', () => {
    for (const city of ['HARTFORD', 'NEW HAVEN', 'BRIDGEPORT', 'WATERBURY', 'STAMFORD']) {
      const centroid = centroids.find((c) => c.city === city);
      assert.ok(centroid, `${city} is not in the deaths file`);
      const town = towns.locate(centroid.lon, centroid.lat);
      assert.equal(normalizeAreaKey(town ?? ''), normalizeAreaKey(city));
    }
  });

  it('puts nearly every centroid named after a town in that town, and most centroids overall', (t) => {
    const townKeys = new Set(townFeatures.map((town) => normalizeAreaKey(town.name)));
    const landsInItsTown = (c: CityCentroid) =>
      normalizeAreaKey(towns.locate(c.lon, c.lat) ?? '') === normalizeAreaKey(c.city);
    const named = centroids.filter((c) => townKeys.has(normalizeAreaKey(c.city)));
    const namedHits = named.filter(landsInItsTown);
    const allHits = centroids.filter(landsInItsTown);
    const misses = named
      .filter((c) => !landsInItsTown(c))
      .map((c) => `${c.city} -> ${towns.locate(c.lon, c.lat)}`);
    t.diagnostic(
      `town-named centroids in that town: ${namedHits.length} of ${named.length} (misses: ${misses.join(', ')})`,
    );
    t.diagnostic(
      `all distinct centroids in the town of the same name: ${allHits.length} of ${centroids.length}`,
    );
    assert.ok(named.length > 160, `only ${named.length} centroids are named after a town`);
    assert.ok(namedHits.length / named.length > 0.95);
    // The rest are villages (Willimantic, Mystic, ...), misspellings and places across the state line.
    assert.ok(allHits.length / centroids.length > 0.5);
  });

  it('returns null in Long Island Sound and in neighbouring states', () => {
    assert.equal(towns.locate(-72.9, 41.1), null); // Long Island Sound, south of New Haven
    assert.equal(towns.locate(-72.59, 42.1), null); // Springfield, Massachusetts
    assert.equal(towns.locate(-73.75, 42.65), null); // Albany, New York
    assert.equal(towns.locate(-71.41, 41.82), null); // Providence, Rhode Island
    assert.equal(towns.locate(0, 0), null);
  });
});

describe('AreaIndex over the Connecticut census tracts', () => {
  it('puts downtown Hartford in a Hartford County tract and the Sound in none', () => {
    assert.match(tracts.locate(-72.6734, 41.7658) ?? '', /^09003\d{6}$/);
    assert.equal(tracts.locate(-72.9, 41.1), null);
    assert.equal(tracts.size, 830);
  });
});

describe('AreaIndex on synthetic layers', () => {
  it('resolves overlapping areas by input order', () => {
    const a = square('a', 0, 0, 2, 2);
    const b = square('b', 1, 1, 3, 3);
    assert.equal(new AreaIndex([a, b]).locate(1.5, 1.5), 'a');
    assert.equal(new AreaIndex([b, a]).locate(1.5, 1.5), 'b');
    assert.equal(new AreaIndex([a, b]).locate(2.5, 2.5), 'b');
  });

  it('gives a point on a shared border to exactly one neighbour, whatever the input order', () => {
    const west = square('west', 0, 0, 1, 1);
    const east = square('east', 1, 0, 2, 1);
    assert.equal(new AreaIndex([west, east]).locate(1, 0.5), 'east');
    assert.equal(new AreaIndex([east, west]).locate(1, 0.5), 'east');
  });

  it('looks past a candidate whose bbox holds the point but whose polygon does not', () => {
    const ring: Ring = [
      [0, 0],
      [4, 0],
      [0, 4],
      [0, 0],
    ];
    const triangle: AreaFeature = { areaId: 't', name: 't', polygons: [[ring]], bbox: [0, 0, 4, 4] };
    const index = new AreaIndex([triangle, square('s', 2.5, 2.5, 4, 4)]);
    assert.equal(index.locate(3, 3), 's');
    assert.equal(index.locate(1, 1), 't');
    assert.equal(index.locate(2.2, 2.2), null);
  });

  it('returns null for an empty layer', () => {
    assert.equal(new AreaIndex([]).locate(0, 0), null);
  });
});
