/**
 * The space-time permutation scan on the Tempe opioid EMS calls (issue 4's benchmark): 2017–2023
 * calls as cases in 500 m grid cells (see support/tempe-scan-data.ts), circles up to 3 km and 50% of
 * the cases, windows up to 30 days, retrospective, 999 replications. Writes the SaTScan files it
 * scans to a temp folder (kept, so SaTScan can be run on the very same input), then prints the time,
 * CPU, replications per second and the top clusters.
 * Run: npx tsc -p tsconfig.json && node dist/bench/scan.bench.js [replications] [threads]
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parsePrm } from '../src/detection/scan/prm-file.js';
import { parseCaseFile, parseCoordinatesFile } from '../src/detection/scan/scan-files.js';
import { readScanParameters } from '../src/detection/scan/scan-parameters.js';
import { formatRecurrenceInterval } from '../src/detection/scan/scan-report-text.js';
import { runSpaceTimePermutationScan } from '../src/detection/scan/space-time-permutation.js';
import { count, secs } from './support/figures.js';
import { machineBusySeconds } from './support/machine-cpu.js';
import { tempeScanFiles, tempeScanPrm } from './support/tempe-scan-data.js';

const replications = Number(process.argv[2] ?? 999);
const threads = Number(process.argv[3] ?? availableParallelism());

const files = tempeScanFiles();
const folder = mkdtempSync(path.join(tmpdir(), 'sos-scan-bench-'));
const prm = tempeScanPrm(files, replications);
writeFileSync(path.join(folder, 'tempe.cas'), files.cas);
writeFileSync(path.join(folder, 'tempe.geo'), files.geo);
writeFileSync(path.join(folder, 'tempe.prm'), prm);
console.log(
  `Tempe calls: ${count(files.calls)} in ${count(files.cells)} cells of 500 m, ${files.startDate} to ${files.endDate}; SaTScan files in ${folder}`,
);

const parameters = readScanParameters(parsePrm(prm));
const cases = parseCaseFile(files.cas, 'tempe.cas');
const locations = parseCoordinatesFile(files.geo, 'tempe.geo');

const cpuBefore = process.cpuUsage();
const machineBefore = machineBusySeconds();
const started = performance.now();
let lastReport = started;
const result = await runSpaceTimePermutationScan(parameters, cases, locations, {
  threads,
  onProgress: (done, total) => {
    const now = performance.now();
    if (now - lastReport > 30_000 || done === total) {
      lastReport = now;
      console.log(`  ${done}/${total} replications, ${secs((now - started) / 1000)} s`);
    }
  },
});
const wall = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const machineSeconds = machineBusySeconds() - machineBefore;

console.log(
  `${count(result.locations)} locations, ${count(result.cases)} cases, ${count(result.days)} days, ${count(result.circles)} circles; ${replications} replications on ${threads} thread(s)`,
);
console.log(
  `wall ${secs(wall)} s, CPU ${secs(cpuSeconds)} s (${secs(replications > 0 ? cpuSeconds / replications : 0)} CPU-s per replication), ${(replications / wall).toFixed(2)} replications/s`,
);
console.log(
  `machine busy ${secs(machineSeconds)} CPU-s in that time, of which other processes ${secs(Math.max(0, machineSeconds - cpuSeconds))} s`,
);
for (const [i, c] of result.clusters.slice(0, 5).entries()) {
  console.log(
    `${i + 1}. centre ${c.centerId}, ${c.locationIds.length} locations, radius ${c.radius.toFixed(2)} km, ${c.startDate} to ${c.endDate}, ` +
      `${c.observed} observed / ${c.expected.toFixed(2)} expected, LLR ${c.llr.toFixed(4)}, p ${c.pValue?.toFixed(3) ?? '-'}` +
      (c.recurrenceIntervalDays !== null
        ? `, recurrence ${formatRecurrenceInterval(c.recurrenceIntervalDays)}`
        : ''),
  );
}
