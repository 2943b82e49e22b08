import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  connecticutBounds,
  connecticutInterior,
  distanceKm,
  isInConnecticut,
  offsetByKm,
  towns,
} from './connecticut.js';
import { connecticutOutline } from './connecticut-outline.js';
import { Random } from './random.js';

interface TownPolygon {
  name: string;
  rings: number[][][];
}

function readTownPolygons(): TownPolygon[] {
  const file = path.resolve(process.cwd(), '..', 'shared', 'data', 'geo', 'ct_towns.geojson');
  const collection = JSON.parse(readFileSync(file, 'utf8')) as {
    features: { properties: { name: string }; geometry: { coordinates: number[][][] } }[];
  };
  return collection.features.map((feature) => ({
    name: feature.properties.name,
    rings: feature.geometry.coordinates,
  }));
}

function insidePolygon(polygon: TownPolygon, lat: number, lon: number): boolean {
  let inside = false;
  for (const ring of polygon.rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi = 0, yi = 0] = ring[i] ?? [];
      const [xj = 0, yj = 0] = ring[j] ?? [];
      if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

const townPolygons = readTownPolygons();

describe('towns', () => {
  it('places every centre inside the real polygon of the town it names', () => {
    for (const town of towns) {
      const polygon = townPolygons.find((candidate) => candidate.name === town.name);
      assert.ok(polygon, `${town.name} is not a Connecticut town`);
      assert.ok(insidePolygon(polygon, town.lat, town.lon), `${town.name} centre is outside the town`);
      assert.ok(isInConnecticut(town.lat, town.lon), `${town.name} centre is outside the outline`);
    }
  });

  it('names each town once', () => {
    assert.equal(new Set(towns.map((town) => town.name)).size, towns.length);
  });
});

describe('isInConnecticut', () => {
  it('accepts inland points and rejects the Sound, neighbouring states and the box edges', () => {
    assert.ok(isInConnecticut(41.7637, -72.6851)); // Hartford
    assert.ok(isInConnecticut(41.95, -73.3)); // Litchfield hills
    assert.equal(isInConnecticut(41.1, -72.9), false); // Long Island Sound off New Haven
    assert.equal(isInConnecticut(41.0, -73.3), false); // Long Island Sound off Fairfield
    assert.equal(isInConnecticut(41.8, -73.62), false); // New York, inside the box
    assert.equal(isInConnecticut(41.6, -71.7), false); // Rhode Island
    assert.equal(isInConnecticut(42.1, -72.6), false); // Massachusetts
  });

  it('agrees with the union of the real town polygons for almost every point of the box', () => {
    const random = new Random(11);
    const bounds = connecticutBounds;
    let accepted = 0;
    let acceptedOutsideTowns = 0;
    for (let i = 0; i < 3000; i++) {
      const lat = random.between(bounds.south, bounds.north);
      const lon = random.between(bounds.west, bounds.east);
      if (!isInConnecticut(lat, lon)) continue;
      accepted++;
      if (!townPolygons.some((polygon) => insidePolygon(polygon, lat, lon))) acceptedOutsideTowns++;
    }
    assert.ok(accepted > 1500);
    assert.ok(
      acceptedOutsideTowns / accepted < 0.01,
      `${acceptedOutsideTowns} of ${accepted} outside all towns`,
    );
  });
});

describe('connecticutInterior', () => {
  it('lies wholly inside the outline, edges included', () => {
    const box = connecticutInterior;
    const outlineOnly = (lat: number, lon: number): boolean => {
      let inside = false;
      for (let i = 0, j = connecticutOutline.length - 2; i < connecticutOutline.length; j = i, i += 2) {
        const [xi = 0, yi = 0, xj = 0, yj = 0] = [
          connecticutOutline[i],
          connecticutOutline[i + 1],
          connecticutOutline[j],
          connecticutOutline[j + 1],
        ];
        if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
      }
      return inside;
    };
    const steps = 200;
    for (let i = 0; i <= steps; i++) {
      for (let j = 0; j <= steps; j++) {
        const lat = box.south + ((box.north - box.south) * i) / steps;
        const lon = box.west + ((box.east - box.west) * j) / steps;
        assert.ok(outlineOnly(lat, lon), `${lat}, ${lon}`);
      }
    }
  });
});

describe('offsetByKm and distanceKm', () => {
  it('agree with each other at town scale', () => {
    const hartford = { lat: 41.7637, lon: -72.6851 };
    const moved = offsetByKm(hartford, 3, 4);
    assert.ok(Math.abs(distanceKm(hartford, moved) - 5) < 0.01);
  });
});
