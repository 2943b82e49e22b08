/**
 * The bundled gazetteer: how long its first load takes and how much memory it keeps, then how fast a
 * report is placed by ZIP, ZIP at the end of an address, city and county (pure placing, no database).
 * Run: npm run build && node --expose-gc dist/bench/geocoding.bench.js
 */
import { performance } from 'node:perf_hooks';
import { bundledGazetteer } from '../src/geocoding/gazetteer.js';
import { placeReport, type ReportPlaceFields } from '../src/geocoding/place-report.js';

const PLACEMENTS = 1_000_000;
const gc = (globalThis as { gc?: () => void }).gc;
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const format = (n: number) => Math.round(n).toLocaleString('en-US');

gc?.();
const before = process.memoryUsage();
let start = performance.now();
const gazetteer = bundledGazetteer();
const loadMs = performance.now() - start;
gc?.();
const after = process.memoryUsage();
console.log(
  `gazetteer: ${format(gazetteer.zips.size)} ZIP codes, ${format(gazetteer.places.size)} place names, ` +
    `${format(gazetteer.counties.size)} counties; first load ${loadMs.toFixed(0)} ms`,
);
console.log(
  `memory kept after the load (gc ${gc ? 'forced' : 'not exposed: run with --expose-gc'}): heap +${mb(after.heapUsed - before.heapUsed)} MB, ` +
    `rss +${mb(after.rss - before.rss)} MB`,
);

const zips = [...gazetteer.zips.keys()].filter((zip) => gazetteer.zips.get(zip)?.state === 'CT');
const counties = [...gazetteer.counties.keys()].filter((fips) => fips.startsWith('09'));
const cities = [...new Set(zips.map((zip) => gazetteer.zips.get(zip)?.city as string))];
const empty: ReportPlaceFields = {
  latitude: null,
  longitude: null,
  address: null,
  zip: null,
  city: null,
  countyFips: null,
};
const kinds: [string, (i: number) => ReportPlaceFields][] = [
  ['zip', (i) => ({ ...empty, zip: zips[i % zips.length] as string })],
  ['zip in address', (i) => ({ ...empty, address: `${i} Main St, Somewhere, CT ${zips[i % zips.length]}` })],
  ['city', (i) => ({ ...empty, city: cities[i % cities.length] as string })],
  ['county', (i) => ({ ...empty, countyFips: counties[i % counties.length] as string })],
];
const context = { gazetteer, states: new Set(['CT']) };
for (const [kind, make] of kinds) {
  const inputs = Array.from({ length: PLACEMENTS }, (_, i) => make(i));
  let placed = 0;
  start = performance.now();
  for (const input of inputs) if (placeReport(input, context).precision !== 'none') placed++;
  const seconds = (performance.now() - start) / 1000;
  console.log(`${kind.padEnd(15)} ${format(PLACEMENTS / seconds)} placements/s (${format(placed)} placed)`);
}
