/**
 * Area assignment speed: 1,000,000 random points inside Connecticut's bounding box located among
 * the 169 towns and the 830 census tracts, plus H3 cells for the same points.
 * Run: npx tsc -p tsconfig.json && node dist/bench/area-index.bench.js
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { AreaIndex } from '../src/surveillance/areas/area-index.js';
import { h3CellsFor } from '../src/surveillance/areas/h3-cells.js';
import { type AreaFeature, parseLayerGeoJson } from '../src/surveillance/areas/layer-geojson.js';

const LOOKUPS = 1_000_000;
const geoDir = path.resolve(process.cwd(), '..', 'shared', 'data', 'geo');

function loadLayer(file: string, idProperty: string): { features: AreaFeature[]; parseMs: number } {
  const text = readFileSync(path.join(geoDir, file), 'utf8');
  const start = performance.now();
  const features = parseLayerGeoJson(text, idProperty, file);
  return { features, parseMs: performance.now() - start };
}

function unionBbox(features: AreaFeature[]): [number, number, number, number] {
  return features.reduce<[number, number, number, number]>(
    (acc, { bbox }) => [
      Math.min(acc[0], bbox[0]),
      Math.min(acc[1], bbox[1]),
      Math.max(acc[2], bbox[2]),
      Math.max(acc[3], bbox[3]),
    ],
    [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY],
  );
}

function format(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

const towns = loadLayer('ct_towns.geojson', 'name');
const tracts = loadLayer('ct_census_tracts_2018.geojson', 'GEOID');
const [minX, minY, maxX, maxY] = unionBbox(towns.features);
const points = new Float64Array(LOOKUPS * 2);
for (let i = 0; i < LOOKUPS; i++) {
  points[2 * i] = minX + Math.random() * (maxX - minX);
  points[2 * i + 1] = minY + Math.random() * (maxY - minY);
}
console.log(
  `bbox [${[minX, minY, maxX, maxY].map((v) => v.toFixed(3)).join(', ')}], ${format(LOOKUPS)} random points`,
);

for (const [label, layer] of [
  ['towns', towns],
  ['tracts', tracts],
] as const) {
  const buildStart = performance.now();
  const index = new AreaIndex(layer.features);
  const buildMs = performance.now() - buildStart;
  let hits = 0;
  const start = performance.now();
  for (let i = 0; i < LOOKUPS; i++) {
    if (index.locate(points[2 * i] as number, points[2 * i + 1] as number) !== null) hits++;
  }
  const seconds = (performance.now() - start) / 1000;
  console.log(
    `${label}: ${layer.features.length} areas, parse ${layer.parseMs.toFixed(0)} ms, build ${buildMs.toFixed(1)} ms; ` +
      `${format(LOOKUPS)} lookups in ${seconds.toFixed(2)} s = ${format(LOOKUPS / seconds)}/s ` +
      `(${format((LOOKUPS / seconds) * 10)} per 10 s), ${((100 * hits) / LOOKUPS).toFixed(1)}% inside an area`,
  );
}

const h3Start = performance.now();
for (let i = 0; i < LOOKUPS; i++) h3CellsFor(points[2 * i + 1] as number, points[2 * i] as number);
const h3Seconds = (performance.now() - h3Start) / 1000;
console.log(
  `h3 r7+r9: ${format(LOOKUPS)} points in ${h3Seconds.toFixed(2)} s = ${format(LOOKUPS / h3Seconds)}/s`,
);
