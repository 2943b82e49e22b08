/**
 * Detection speed against R: EARS C1/C2/C3, CUSUM and Farrington (original and Noufaily settings)
 * over 3,143 generated weekly county series of 5 years, ours and R surveillance's on the same
 * series with the same parameters. Farrington is slow in R, so R runs it on a sample of the series
 * (--r-farrington-series, default 300) and its time is scaled to all of them; --r-farrington-series
 * 3143 runs it on every series.
 * Run: npx tsc -p tsconfig.json && node dist/bench/detection.bench.js [--series N] [--r-farrington-series M] [--no-r]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { cusum } from '../src/detection/cusum.js';
import type { DetectionResult } from '../src/detection/detection-result.js';
import { earsC } from '../src/detection/ears-c.js';
import {
  farringtonFlexible,
  IMPROVED_FARRINGTON,
  ORIGINAL_FARRINGTON,
} from '../src/detection/farrington-flexible.js';
import { count, secs } from './support/figures.js';
import { machineBusySeconds } from './support/machine-cpu.js';

const WEEKS = 260;
const { values } = parseArgs({
  options: {
    series: { type: 'string', default: '3143' },
    'r-farrington-series': { type: 'string', default: '300' },
    'no-r': { type: 'boolean', default: false },
  },
});
const seriesCount = Number(values.series);
const rFarringtonSeries = Math.min(seriesCount, Number(values['r-farrington-series']));

/** A small seeded generator (mulberry32), so R and we see the same series on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A Poisson draw: Knuth's product method below 30, a rounded normal above. */
function poisson(mean: number, random: () => number): number {
  if (mean >= 30) {
    const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal));
  }
  const limit = Math.exp(-mean);
  let k = 0;
  for (let product = random(); product > limit; product *= random()) k++;
  return k;
}

/**
 * Weekly overdose counts of US-county-like series: means spread log-normally from a fraction of an
 * overdose a week to about a hundred, a yearly season, a slow trend, and a few injected spikes.
 */
function generateSeries(n: number): Float64Array[] {
  const random = seededRandom(20261121);
  return Array.from({ length: n }, () => {
    const level = Math.exp(
      Math.log(2) + 1.2 * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()),
    );
    const phase = random() * 2 * Math.PI;
    const trend = (random() - 0.5) * 0.004;
    const spikeAt = Math.floor(random() * WEEKS);
    return Float64Array.from({ length: WEEKS }, (_, week) => {
      const season = 1 + 0.2 * Math.sin((2 * Math.PI * week) / 52 + phase);
      const spike = week >= spikeAt && week < spikeAt + 3 ? 2.5 : 1;
      return poisson(Math.min(level, 100) * season * (1 + trend * week) * spike, random);
    });
  });
}

interface Method {
  name: string;
  run: (series: Float64Array) => DetectionResult;
}

const methods: Method[] = [
  ...(['C1', 'C2', 'C3'] as const).map((method) => {
    const first = 7 + { C1: 0, C2: 2, C3: 4 }[method] + 1;
    return {
      name: `ears${method}`,
      run: (s: Float64Array) => earsC(s, { method, baseline: 7, range: [first, WEEKS] }),
    };
  }),
  { name: 'cusum', run: (s) => cusum(s, { range: [157, WEEKS], k: 1.04, h: 2.26 }) },
  {
    name: 'farringtonOriginal',
    run: (s) => farringtonFlexible(s, { ...ORIGINAL_FARRINGTON, b: 3, range: [209, WEEKS] }),
  },
  {
    name: 'farringtonNoufaily',
    run: (s) => farringtonFlexible(s, { ...IMPROVED_FARRINGTON, b: 3, range: [209, WEEKS] }),
  },
];

const allSeries = generateSeries(seriesCount);
console.log(`${count(seriesCount)} weekly series of ${WEEKS} weeks; node ${process.version}`);

// Ours: each method over every series, after a short warm-up so the figure is the compiled code's.
const ours = new Map<string, { seconds: number; alarms: number }>();
const busyBefore = machineBusySeconds();
const cpuBefore = process.cpuUsage();
const wallBefore = performance.now();
for (const method of methods) {
  for (const s of allSeries.slice(0, 20)) method.run(s);
  const start = performance.now();
  let alarms = 0;
  for (const s of allSeries) for (const alarm of method.run(s).alarm) if (alarm) alarms++;
  ours.set(method.name, { seconds: (performance.now() - start) / 1000, alarms });
}
const wallSeconds = (performance.now() - wallBefore) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const othersBusy = machineBusySeconds() - busyBefore - (cpu.user + cpu.system) / 1e6;
console.log(
  `other processes kept the machine busy ${secs(othersBusy / wallSeconds)} cores on average meanwhile`,
);

// R on the same series.
const theirs = new Map<string, { seconds: number; series: number; alarms: number }>();
if (!values['no-r']) {
  const folder = mkdtempSync(path.join(tmpdir(), 'sos-detection-bench-'));
  try {
    const file = path.join(folder, 'series.csv');
    const rows = Array.from({ length: WEEKS }, (_, week) => allSeries.map((s) => s[week]).join(','));
    writeFileSync(file, `${rows.join('\n')}\n`);
    const output = execFileSync(
      'Rscript',
      [path.resolve('bench', 'detection.bench.R'), file, String(rFarringtonSeries)],
      { encoding: 'utf8', maxBuffer: 1 << 24 },
    );
    for (const line of output.trim().split('\n')) {
      const [name, seconds, series, alarms] = line.trim().split(/\s+/);
      if (name)
        theirs.set(name, { seconds: Number(seconds), series: Number(series), alarms: Number(alarms) });
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

console.log(
  'method               ours (s)   R (s)  R scaled to all (s)   R/ours   alarms ours / R (series R ran)',
);
for (const method of methods) {
  const o = ours.get(method.name) as { seconds: number; alarms: number };
  const r = theirs.get(method.name);
  const scaled = r ? (r.seconds * seriesCount) / r.series : Number.NaN;
  // Alarms over the series R ran, so the two counts compare like with like.
  const sampleAlarms =
    r && r.series < seriesCount
      ? allSeries.slice(0, r.series).reduce((sum, s) => sum + method.run(s).alarm.filter(Boolean).length, 0)
      : o.alarms;
  console.log(
    [
      method.name.padEnd(20),
      secs(o.seconds).padStart(8),
      (r ? secs(r.seconds) : '-').padStart(7),
      (r ? secs(scaled) : '-').padStart(20),
      (r ? `${(scaled / o.seconds).toFixed(0)}x` : '-').padStart(8),
      `   ${count(sampleAlarms)} / ${r ? count(r.alarms) : '-'} (${r ? count(r.series) : '-'})`,
    ].join(' '),
  );
}
