import { writeFileSync } from 'node:fs';
import path from 'node:path';

/** Two square towns side by side in Connecticut: Hartford (-72.9..-72.8) and Bristol (-72.7..-72.6), 41..41.1 N. */
export const TWO_TOWNS = {
  Hartford: { latitude: 41.05, longitude: -72.85 },
  Bristol: { latitude: 41.05, longitude: -72.65 },
} as const;

/** Writes the two towns as a GeoJSON layer file (id property `name`) in `dir`; returns its path. */
export function writeTwoTowns(dir: string): string {
  const square = (x: number) => [
    [
      [
        [x, 41],
        [x + 0.1, 41],
        [x + 0.1, 41.1],
        [x, 41.1],
        [x, 41],
      ],
    ],
  ];
  const file = path.join(dir, 'two-towns.geojson');
  writeFileSync(
    file,
    JSON.stringify({
      type: 'FeatureCollection',
      features: ['Hartford', 'Bristol'].map((name, i) => ({
        type: 'Feature',
        properties: { name },
        geometry: { type: 'MultiPolygon', coordinates: square(-72.9 + i * 0.2) },
      })),
    }),
  );
  return file;
}
