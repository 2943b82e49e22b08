/**
 * What partitioning by year costs intake (issue 19, partition): the same generated CSV imported end to
 * end (COPY of reports, overdoses and areas, rollup upserts) into the tables as drizzle/0046 leaves
 * them and into plain tables of the same keys, alternately on one PostgreSQL cluster so both see the
 * same machine. Prints rows/s per run and the medians.
 *
 * Run: npx tsc -p tsconfig.json && node dist/bench/partition-intake.bench.js [--rows 200000] [--runs 3]
 *        [--engine postgres|pglite]
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { TIME_PARTITIONED } from '../src/main/partition-archive.js';
import { startPostgresCluster } from '../test/support/postgres-cluster.js';
import { type BenchEngine, importIntoSite, openBenchSite } from './support/bench-site.js';
import { cleanupOnSignal } from './support/cleanup-on-signal.js';
import { count, secs } from './support/figures.js';
import { ensureGeneratedCsv, GENERATOR_END } from './support/generated-csv.js';
import { machineBusySeconds } from './support/machine-cpu.js';
import { unpartition } from './support/ten-million-data.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '200000' },
    runs: { type: 'string', default: '3' },
    engine: { type: 'string', default: 'postgres' },
  },
});
const rows = Number(values.rows);
const runs = Number(values.runs);
const engine = values.engine as BenchEngine;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function main(): Promise<void> {
  const cluster = engine === 'postgres' ? await startPostgresCluster() : null;
  const release = cleanupOnSignal(async () => cluster?.stop());
  try {
    // Five years of days, so the rows spread over five or six yearly partitions.
    const csv = await ensureGeneratedCsv({ rows, days: 1826, seed: 19, end: GENERATOR_END });
    console.log(
      `partition-intake bench: ${count(rows)} rows, ${engine}, ${runs} runs per layout; ` +
        `${os.cpus().length} CPUs, load average ${os
          .loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}`,
    );
    const rates: Record<'partitioned' | 'plain', number[]> = { partitioned: [], plain: [] };
    for (let run = 0; run < runs; run++) {
      for (const layout of ['partitioned', 'plain'] as const) {
        const site = await openBenchSite(engine, cluster?.url ?? null, { pgliteInMemory: true });
        if (layout === 'plain')
          await unpartition(
            site.context.db,
            TIME_PARTITIONED.map((t) => t.table),
          );
        const busyBefore = machineBusySeconds();
        const started = performance.now();
        const summary = await importIntoSite(site, csv.path);
        const seconds = (performance.now() - started) / 1000;
        rates[layout].push(summary.accepted / seconds);
        console.log(
          `  run ${run + 1} ${layout.padEnd(11)} ${count(summary.accepted)} rows in ${secs(seconds)} s: ` +
            `${count(summary.accepted / seconds)} rows/s; machine busy ${secs(machineBusySeconds() - busyBefore)} CPU-s`,
        );
        await site.dispose();
      }
    }
    console.log(
      `median rows/s: partitioned ${count(median(rates.partitioned))}, plain ${count(median(rates.plain))} ` +
        `(partitioned / plain ${(median(rates.partitioned) / median(rates.plain)).toFixed(2)})`,
    );
  } finally {
    await cluster?.stop();
    release();
  }
}

await main();
