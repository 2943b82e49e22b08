/**
 * CSV import end to end (parse, validate, normalize, area assignment, insert, rollups) of generated
 * Connecticut reports, on PGlite and on PostgreSQL; on PostgreSQL also a plain COPY of the same file
 * into a plain table on the same server, as the floor to compare with.
 *
 * Run: npx tsc -p tsconfig.json && node dist/bench/import.bench.js [--rows 1000000]
 *        [--engine pglite|postgres|both] [--days 1095] [--seed 1] [--profile DIR] [--pglite-memory]
 *        [--statements] [--batch-size N]
 * With --engine both each engine runs in its own process, so peak RSS and profiles stay apart.
 * --profile DIR writes import-ENGINE.cpuprofile (the import alone) and prints its summary.
 * --pglite-memory keeps PGlite's data in memory instead of on disk, to show what its file access costs.
 * --statements (PostgreSQL) logs every statement's duration and prints where the server's time went;
 * the logging itself slows the import, so take the timed figures from a run without it.
 * --batch-size N sets the rows per batch (default: the import's own).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type PostgresCluster, startPostgresCluster } from '../test/support/postgres-cluster.js';
import {
  type BenchEngine,
  type BenchSite,
  benchEngines,
  importIntoSite,
  openBenchSite,
} from './support/bench-site.js';
import { cleanupOnSignal } from './support/cleanup-on-signal.js';
import { timeCopy } from './support/copy-baseline.js';
import { formatProfileSummary, startCpuProfile, summarizeProfile } from './support/cpu-profile.js';
import { count, mib, peakRssBytes, percent, secs } from './support/figures.js';
import { ensureGeneratedCsv, GENERATOR_END, type GeneratedCsv } from './support/generated-csv.js';
import { machineBusySeconds } from './support/machine-cpu.js';
import { postmasterPid, serverCpuSeconds } from './support/server-cpu.js';
import {
  formatStatementTimes,
  logEveryStatement,
  serverLogOffset,
  statementTimes,
} from './support/statement-log.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    engine: { type: 'string', default: 'both' },
    days: { type: 'string', default: '1095' },
    seed: { type: 'string', default: '1' },
    profile: { type: 'string' },
    'pglite-memory': { type: 'boolean', default: false },
    statements: { type: 'boolean', default: false },
    'batch-size': { type: 'string' },
  },
});
const rows = Number(values.rows);
const days = Number(values.days);
const seed = Number(values.seed);
const engine = values.engine as BenchEngine | 'both';
const batchSize = values['batch-size'] === undefined ? undefined : Number(values['batch-size']);
if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize > 0))
  throw new Error('--batch-size must be a positive whole number');
if (!Number.isInteger(rows) || rows < 1) throw new Error('--rows must be a positive whole number');
if (engine !== 'both' && !benchEngines.includes(engine))
  throw new Error('--engine: pglite, postgres or both');

/** Counts in the database after the import, to show the work really happened. */
async function storedCounts(site: Awaited<ReturnType<typeof openBenchSite>>) {
  const [row] = await site.context.db.query<Record<string, number>>(
    `select (select count(*) from overdoses)::int as overdoses,
            (select count(*) from reports)::int as reports,
            (select count(*) from overdose_areas where layer_id = 'towns')::int as in_towns,
            (select count(*) from daily_area_counts)::int as area_count_rows,
            (select count(*) from daily_area_counts where layer_id = 'h3r7')::int as h3_count_rows,
            (select count(*) from monthly_area_counts)::int as monthly_count_rows,
            (select count(*) from daily_dimension_counts)::int as dimension_count_rows`,
  );
  return row as Record<string, number>;
}

/** Runs the measured work on a ready site and prints its figures. */
async function importAndReport(
  engineName: BenchEngine,
  site: BenchSite,
  cluster: PostgresCluster | null,
  csv: GeneratedCsv,
): Promise<void> {
  const postmaster = cluster ? postmasterPid(cluster.dataDir) : null;
  if (cluster && values.statements) await logEveryStatement(cluster.url);
  const logOffset = cluster && values.statements ? await serverLogOffset(cluster.dataDir) : null;
  const rssBefore = process.memoryUsage.rss();
  const serverBefore = postmaster ? serverCpuSeconds(postmaster) : 0;
  const cpuBefore = process.cpuUsage();
  const machineBefore = machineBusySeconds();
  const profiler = values.profile ? await startCpuProfile() : null;
  let nextReport = 0.1;
  const started = performance.now();
  const summary = await importIntoSite(
    site,
    csv.path,
    ({ bytesRead, totalBytes, rows: read }) => {
      if (bytesRead / totalBytes < nextReport) return;
      nextReport += 0.1;
      const elapsed = (performance.now() - started) / 1000;
      console.error(`  ${engineName}: ${count(read)} rows in ${secs(elapsed)} s`);
    },
    batchSize,
  );
  const seconds = (performance.now() - started) / 1000;
  const profile = profiler
    ? await profiler.stop(path.join(values.profile as string, `import-${engineName}.cpuprofile`))
    : null;
  const cpu = process.cpuUsage(cpuBefore);
  const nodeCpu = (cpu.user + cpu.system) / 1e6;
  const serverCpu = postmaster ? serverCpuSeconds(postmaster) - serverBefore : 0;
  const machineBusy = machineBusySeconds() - machineBefore;
  const peakRss = peakRssBytes();
  const stored = await storedCounts(site);

  const where = engineName === 'pglite' ? (values['pglite-memory'] ? ', in memory' : ', on disk') : '';
  console.log(`[${engineName}${where}] import of ${count(summary.read)} rows (${mib(csv.bytes)} MiB)`);
  console.log(
    `  result: ${count(summary.accepted)} accepted, ${count(summary.duplicates)} duplicates, ` +
      `${count(summary.rejected)} rejected`,
  );
  console.log(
    `  stored: ${count(stored.overdoses ?? 0)} overdoses, ${count(stored.reports ?? 0)} reports, ` +
      `${count(stored.in_towns ?? 0)} assigned to a town, ${count(stored.area_count_rows ?? 0)} daily area ` +
      `count rows (${count(stored.h3_count_rows ?? 0)} of H3 cells), ${count(stored.monthly_count_rows ?? 0)} ` +
      `monthly area count rows, ${count(stored.dimension_count_rows ?? 0)} daily dimension count rows`,
  );
  console.log(`  time: ${secs(seconds)} s = ${count(summary.read / seconds)} rows/s`);
  const cpuLine = postmaster
    ? `node ${secs(nodeCpu)} s + postgres server ${secs(serverCpu)} s = ${secs(nodeCpu + serverCpu)} s ` +
      `(database ${percent(serverCpu, nodeCpu + serverCpu)} of the CPU)`
    : `node ${secs(nodeCpu)} s (PGlite runs inside this process)`;
  console.log(`  cpu: ${cpuLine}; ${secs((nodeCpu + serverCpu) / seconds)} cores busy on average`);
  const perRow = (cpuSeconds: number) => `${((cpuSeconds / summary.read) * 1e6).toFixed(1)} µs`;
  console.log(
    postmaster
      ? `  cpu per row: node ${perRow(nodeCpu)} + server ${perRow(serverCpu)} = ${perRow(nodeCpu + serverCpu)}`
      : `  cpu per row: ${perRow(nodeCpu)} (Node and PGlite together)`,
  );
  console.log(
    `  machine: ${secs(machineBusy)} CPU-s busy during the import, ` +
      `${secs(Math.max(0, machineBusy - nodeCpu - serverCpu))} s of it not this bench's (other processes, kernel)`,
  );
  console.log(`  rss: ${mib(rssBefore)} MiB before the import, ${mib(peakRss)} MiB peak`);
  if (profile) for (const line of formatProfileSummary(summarizeProfile(profile))) console.log(line);
  if (cluster && logOffset !== null) {
    console.log('  (every statement was logged: the time above includes that overhead)');
    for (const line of formatStatementTimes(await statementTimes(cluster.dataDir, logOffset))) {
      console.log(`  ${line}`);
    }
  }

  if (site.databaseUrl && postmaster) {
    const copyServerBefore = serverCpuSeconds(postmaster);
    const copy = await timeCopy(site.databaseUrl, csv.path);
    const copyServerCpu = serverCpuSeconds(postmaster) - copyServerBefore;
    console.log(
      `  COPY baseline (psql \\copy into a plain typed table, same server): ${count(copy.rows)} rows in ` +
        `${secs(copy.seconds)} s = ${count(copy.rows / copy.seconds)} rows/s, server cpu ${secs(copyServerCpu)} s`,
    );
    console.log(
      `  ratio: the SOS import takes ${(seconds / copy.seconds).toFixed(1)}x the time of COPY ` +
        `(${percent(copy.seconds, seconds)} of COPY's speed)`,
    );
  }
}

/** Sets up a site on the engine, measures the import on it and tears everything down again. */
async function measure(engineName: BenchEngine, csv: GeneratedCsv): Promise<void> {
  let cluster: PostgresCluster | null = null;
  let site: BenchSite | null = null;
  const tearDown = async () => {
    await site?.dispose();
    await cluster?.stop();
  };
  const release = cleanupOnSignal(tearDown);
  try {
    cluster = engineName === 'postgres' ? await startPostgresCluster() : null;
    site = await openBenchSite(engineName, cluster?.url ?? null, { pgliteInMemory: values['pglite-memory'] });
    await importAndReport(engineName, site, cluster, csv);
  } finally {
    release();
    await tearDown();
  }
}

async function runInChild(engineName: BenchEngine): Promise<void> {
  const script = fileURLToPath(import.meta.url);
  const args = [...process.execArgv, script, '--engine', engineName, '--rows', String(rows)];
  args.push('--days', String(days), '--seed', String(seed));
  if (values.profile) args.push('--profile', values.profile);
  if (values['pglite-memory']) args.push('--pglite-memory');
  if (values.statements) args.push('--statements');
  if (batchSize) args.push('--batch-size', String(batchSize));
  const child = spawn(process.execPath, args, { stdio: 'inherit' });
  const exited = once(child, 'exit');
  const release = cleanupOnSignal(async () => {
    child.kill('SIGTERM');
    await exited;
  });
  const [code] = (await exited) as [number | null];
  release();
  if (code !== 0) throw new Error(`the ${engineName} run exited with ${code}`);
}

const csv = await ensureGeneratedCsv({ rows, days, seed, end: GENERATOR_END });
if (engine === 'both' || csv.generatedSeconds > 0) {
  const how = csv.generatedSeconds > 0 ? `generated in ${secs(csv.generatedSeconds)} s` : 'reused';
  console.log(`input: ${csv.path} (${count(rows)} rows over ${days} days, ${mib(csv.bytes)} MiB, ${how})`);
}
if (engine === 'both') {
  for (const e of benchEngines) await runInChild(e);
} else {
  await measure(engine, csv);
}
