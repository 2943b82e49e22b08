/**
 * NEMSIS XML import end to end (streamed reading, Schematron checks, mapping, definitions, intake with
 * area assignment, rollups) of a generated EMSDataSet document of about 500 MB, on one engine. Prints
 * records/s, MB/s, and the resident memory at 10%, 50% and 100% of the file and at its peak: the
 * reader holds one record at a time and intake two batches, so memory stays flat as the file grows.
 *
 * Run: npm run build && node --expose-gc dist/bench/nemsis-import.bench.js [--mb 500] [--engine pglite|postgres] [--seed 1]
 * (--expose-gc adds the heap in use after a full collection to each memory figure).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { cliActor } from '../src/access/roles.js';
import { importNemsisFile } from '../src/intake/nemsis-import-service.js';
import { type PostgresCluster, startPostgresCluster } from '../test/support/postgres-cluster.js';
import { type BenchEngine, type BenchSite, benchEngines, openBenchSite } from './support/bench-site.js';
import { cleanupOnSignal } from './support/cleanup-on-signal.js';
import { count, mib, peakRssBytes, secs } from './support/figures.js';
import { writeGeneratedNemsis } from './support/generated-nemsis.js';

const { values } = parseArgs({
  options: {
    mb: { type: 'string', default: '500' },
    engine: { type: 'string', default: 'pglite' },
    seed: { type: 'string', default: '1' },
  },
});
const targetBytes = Number(values.mb) * 1_000_000;
const engine = values.engine as BenchEngine;
if (!(targetBytes > 0)) throw new Error('--mb must be a positive number');
if (!benchEngines.includes(engine)) throw new Error('--engine: pglite or postgres');

/**
 * Resident memory now, and the JavaScript heap in use after a full collection when the bench runs
 * with --expose-gc: RSS alone also counts garbage V8 has not yet collected and memory it keeps.
 */
function memoryNow(): string {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return `rss ${mib(process.memoryUsage.rss())} MiB`;
  gc();
  const { rss, heapUsed } = process.memoryUsage();
  return `rss ${mib(rss)} MiB, heap ${mib(heapUsed)} MiB`;
}

const scratch = mkdtempSync(path.join(tmpdir(), 'sos-bench-nemsis-'));
const file = path.join(scratch, 'generated.xml');
let cluster: PostgresCluster | null = null;
let site: BenchSite | null = null;
const tearDown = async () => {
  await site?.dispose();
  await cluster?.stop();
  rmSync(scratch, { recursive: true, force: true });
};
const release = cleanupOnSignal(tearDown);
try {
  const generateStart = performance.now();
  const generated = await writeGeneratedNemsis(file, {
    sharedNemsisDir: path.resolve(process.cwd(), '..', 'shared', 'data', 'nemsis'),
    targetBytes,
    seed: Number(values.seed),
  });
  console.log(
    `input: ${count(generated.records)} PatientCareReports, ${mib(generated.bytes)} MiB, ` +
      `generated in ${secs((performance.now() - generateStart) / 1000)} s`,
  );
  cluster = engine === 'postgres' ? await startPostgresCluster() : null;
  site = await openBenchSite(engine, cluster?.url ?? null);
  const rssBefore = process.memoryUsage.rss();
  const rssAt: string[] = [];
  const marks = [0.1, 0.25, 0.5, 0.75];
  const started = performance.now();
  const summary = await importNemsisFile(site.context.intake, cliActor, {
    filePath: file,
    jurisdiction: site.jurisdiction,
    organization: site.organization,
    rejectedPath: path.join(scratch, 'rejected.csv'),
    onProgress: ({ bytesRead, totalBytes, records }) => {
      while (marks.length > 0 && bytesRead / totalBytes >= (marks[0] as number)) {
        const mark = marks.shift() as number;
        const elapsed = (performance.now() - started) / 1000;
        rssAt.push(`${mark * 100}%: ${memoryNow()}`);
        console.error(`  ${count(records)} records in ${secs(elapsed)} s`);
      }
    },
  });
  const seconds = (performance.now() - started) / 1000;
  rssAt.push(`100%: ${memoryNow()}`);
  console.log(
    `[${engine}] import of ${count(summary.read)} PatientCareReports (${mib(generated.bytes)} MiB)`,
  );
  console.log(
    `  result: ${count(summary.accepted)} accepted, ${count(summary.duplicates)} duplicates, ` +
      `${count(summary.rejected)} rejected; nemsis_opioid ${count(summary.definitions.nemsis_opioid ?? 0)}, ` +
      `nemsis_naloxone ${count(summary.definitions.nemsis_naloxone ?? 0)}`,
  );
  console.log(
    `  time: ${secs(seconds)} s = ${count(summary.read / seconds)} records/s = ` +
      `${(generated.bytes / 1_000_000 / seconds).toFixed(2)} MB/s`,
  );
  console.log(
    `  memory: rss ${mib(rssBefore)} MiB before; at ${rssAt.join('; ')}; peak rss ${mib(peakRssBytes())} MiB`,
  );
} finally {
  release();
  await tearDown();
}
