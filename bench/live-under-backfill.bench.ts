/**
 * The live path under a backfill, on PostgreSQL: single-report POSTs at a fixed rate (open loop) and
 * open live streams timing each POSTed report's arrival, first with nothing else running (baseline),
 * then while `sos import` backfills the generated file into another organization of the same
 * jurisdiction, in its own process against the same database, as an operator runs it. The server
 * (buildApp) runs in this process; the POSTs and streams in a child (bench/support/live-load.ts).
 * Lock waits are logged by the server (`log_lock_waits`) and pg_stat_activity is sampled meanwhile.
 *
 * Run: npm run build && node dist/bench/live-under-backfill.bench.js [--rows 1000000] [--rate 200]
 *        [--streams 5] [--baseline 20] [--warmup 5] [--pace] [--same-organization] [--lock-wait-ms 20]
 *        [--profile DIR]
 * --pace runs `sos import --pace`; --same-organization POSTs as the importing organization itself;
 * --profile writes live-PHASE.cpuprofile of the server process in each phase and prints its summary.
 */
import { type ChildProcess, execFileSync, fork, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { insertOrganization } from '../src/access/jurisdictions/jurisdiction-repository.js';
import { startPostgresCluster } from '../test/support/postgres-cluster.js';
import { serveBench } from './support/bench-server.js';
import { BENCH_ENCRYPTION_KEY, type BenchSite, openBenchSite } from './support/bench-site.js';
import { cleanupOnSignal } from './support/cleanup-on-signal.js';
import { formatProfileSummary, startCpuProfile, summarizeProfile } from './support/cpu-profile.js';
import { count, secs } from './support/figures.js';
import { ensureGeneratedCsv, GENERATOR_END } from './support/generated-csv.js';
import { formatLatencies, summarizeLatencies } from './support/latency-stats.js';
import type { LiveLoadPlan, LiveLoadResult } from './support/live-load.js';
import {
  formatWaits,
  lockLogOffset,
  lockWaitsSince,
  logLockWaits,
  sampleActivity,
} from './support/lock-waits.js';
import { clockTicksPerSecond, machineBusySeconds } from './support/machine-cpu.js';
import { postmasterPid, serverCpuSeconds } from './support/server-cpu.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    rate: { type: 'string', default: '200' },
    streams: { type: 'string', default: '5' },
    baseline: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '5' },
    pace: { type: 'boolean', default: false },
    'same-organization': { type: 'boolean', default: false },
    'lock-wait-ms': { type: 'string', default: '20' },
    profile: { type: 'string' },
  },
});
const rows = Number(values.rows);
const rate = Number(values.rate);
const streams = Number(values.streams);
const baselineSeconds = Number(values.baseline);
const warmupSeconds = Number(values.warmup);
const lockWaitMs = Number(values['lock-wait-ms']);
if (!(rows > 0 && rate > 0 && streams >= 1 && baselineSeconds > 0 && warmupSeconds >= 0 && lockWaitMs > 0))
  throw new Error('--rows, --rate, --streams, --baseline, --warmup, --lock-wait-ms: positive numbers');

const loadScript = fileURLToPath(new URL('./support/live-load.js', import.meta.url));
const cli = fileURLToPath(new URL('../src/main/cli.js', import.meta.url));

/** CPU seconds of this process's children that have exited and been waited for (the import). */
function reapedChildrenCpuSeconds(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / clockTicksPerSecond();
}

/** CPU used by this bench's parts and by the whole machine over one phase. */
function startAccounting(postmaster: number) {
  const serverBefore = serverCpuSeconds(postmaster);
  const nodeBefore = process.cpuUsage();
  const machineBefore = machineBusySeconds();
  const started = performance.now();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  return (loadCpu: number, importCpu: number): string[] => {
    loop.disable();
    const wall = (performance.now() - started) / 1000;
    const node = process.cpuUsage(nodeBefore);
    const server = (node.user + node.system) / 1e6;
    const postgres = serverCpuSeconds(postmaster) - serverBefore;
    const machine = machineBusySeconds() - machineBefore;
    const ours = server + postgres + loadCpu + importCpu;
    const cores = os.availableParallelism();
    return [
      `cpu over ${secs(wall)} s: SOS server process ${secs(server)} s, postgres ${secs(postgres)} s, ` +
        `load generator and streams ${secs(loadCpu)} s` +
        (importCpu > 0 ? `, sos import process ${secs(importCpu)} s` : ''),
      `machine: ${secs(machine)} CPU-s busy of ${secs(cores * wall)} (${cores} cores), ` +
        `${secs(Math.max(0, machine - ours))} s of it not this bench's (other processes, kernel); ` +
        `load average ${os.loadavg()[0]?.toFixed(1)}`,
      `server event loop delay: p50 ${(loop.percentile(50) / 1e6).toFixed(1)} ms, ` +
        `p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms, max ${(loop.max / 1e6).toFixed(1)} ms`,
    ];
  };
}

/** Starts the live load child; `stop()` ends it early; `result` is its figures. */
function startLiveLoad(plan: LiveLoadPlan): { stop(): void; result: Promise<LiveLoadResult> } {
  const child = fork(loadScript, [JSON.stringify(plan)], { stdio: 'inherit' });
  const exited = once(child, 'exit');
  const release = cleanupOnSignal(async () => {
    child.kill('SIGTERM');
    await exited;
  });
  const result = (async () => {
    const [message] = (await Promise.race([
      once(child, 'message'),
      exited.then(([code]) => {
        throw new Error(`the live load exited with ${code}`);
      }),
    ])) as [LiveLoadResult];
    await exited;
    release();
    return message;
  })();
  return { stop: () => child.send('stop'), result };
}

/** The POST and arrival figures of one phase, and whether they meet the live path's targets. */
function liveLines(result: LiveLoadResult): string[] {
  const posts = summarizeLatencies(result.load.fromSchedule);
  const arrival = summarizeLatencies(result.arrival);
  const accepted = result.load.statuses['201'] ?? 0;
  return [
    `POST latency from due time: ${formatLatencies(posts)} ` +
      `(target p99 < 100 ms: ${posts.p99 < 100 ? 'met' : 'MISSED'})`,
    `POST latency from send:     ${formatLatencies(summarizeLatencies(result.load.fromSend))}`,
    `replies: ${JSON.stringify(result.load.statuses)}; errors (not 201): ${result.load.sent - accepted}; ` +
      `latest send ${result.load.maxSendLagMs.toFixed(1)} ms after due`,
    `POST to arrival on ${streams} open streams: ${formatLatencies(arrival)} ` +
      `(target p95 < 1 s: ${arrival.p95 < 1000 ? 'met' : 'MISSED'}); ` +
      `${result.missing} reports did not reach every stream`,
  ];
}

/** How many reports the importing organization has stored so far. */
async function importedReports(site: BenchSite, organizationId: string): Promise<number> {
  const [row] = await site.context.db.query<{ n: number }>(
    'select count(*)::int as n from reports where jurisdiction_id = $1 and organization_id = $2',
    [site.jurisdiction.id, organizationId],
  );
  return row?.n ?? 0;
}

/** Runs `sos import` of the file into the site's organization, in its own process. */
function startImport(site: BenchSite, file: string): { child: ChildProcess; output: Promise<string> } {
  const url = new URL(site.databaseUrl as string);
  url.searchParams.set('application_name', 'sos-import');
  const dataDir = path.join(site.dataDir, 'import');
  mkdirSync(dataDir, { recursive: true });
  const args = [cli, 'import', file, '--preset', 'generic', '--jurisdiction', site.jurisdiction.shortName];
  args.push('--organization', site.organization.id, '--rejected', path.join(dataDir, 'rejected.csv'));
  args.push('--json', ...(values.pace ? ['--pace'] : []));
  const child = spawn(process.execPath, args, {
    env: {
      ...process.env,
      DATABASE_URL: url.toString(),
      SOS_DATA_DIR: dataDir,
      SOS_ENCRYPTION_KEYS: BENCH_ENCRYPTION_KEY,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  const output = new Promise<string>((resolve, reject) => {
    child.once('exit', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`sos import exited with ${code}:\n${stdout}`)),
    );
  });
  return { child, output };
}

function commitOfThisTree(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/** With --profile, samples the server process from now; the function returned writes and prints the profile. */
async function profilePhase(phase: string): Promise<() => Promise<void>> {
  const dir = values.profile;
  if (!dir) return async () => {};
  const profiler = await startCpuProfile();
  return async () => {
    const profile = await profiler.stop(path.join(dir, `live-${phase}.cpuprofile`));
    for (const line of formatProfileSummary(summarizeProfile(profile))) console.log(`  [${phase}] ${line}`);
  };
}

async function main(): Promise<void> {
  // The server's connections name themselves, so lock waits and samples tell them from the import's.
  process.env.PGAPPNAME = 'sos-server';
  console.log(
    `live path under a backfill, ${new Date().toISOString()}, commit ${commitOfThisTree()}, ` +
      `load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} before; ${os.availableParallelism()} cores`,
  );
  const cluster = await startPostgresCluster();
  const releaseCluster = cleanupOnSignal(() => cluster.stop());
  try {
    await logLockWaits(cluster.url, lockWaitMs);
    const site = await openBenchSite('postgres', cluster.url);
    const csv = await ensureGeneratedCsv({ rows, days: 1095, seed: 1, end: GENERATOR_END });
    const liveOrganization = values['same-organization']
      ? site.organization
      : {
          jurisdictionId: site.jurisdiction.id,
          id: randomUUID(),
          name: 'Hartford EMS',
          type: 'ems' as const,
        };
    if (liveOrganization !== site.organization) await insertOrganization(site.context.db, liveOrganization);

    const { app, base, cookie, key } = await serveBench(site, 'live path bench', liveOrganization.id);
    const plan = (phase: string, seconds: number, warmup: number): LiveLoadPlan => ({
      url: `${base}/api/v1/reports`,
      apiKey: key,
      rate,
      warmupSeconds: warmup,
      seconds,
      recordPrefix: `live-${phase}-${process.pid}`,
      base,
      cookie,
      streams,
    });
    const postmaster = postmasterPid(cluster.dataDir);
    console.log(
      `site: PostgreSQL ${cluster.url.replace(/\/[^/]*$/, '')}, ${count(rows)}-row generated file ` +
        `(${count(csv.bytes / 1024 / 1024)} MiB); live POSTs as ` +
        `${values['same-organization'] ? 'the importing organization itself' : 'another organization'}, ` +
        `${rate}/s, ${streams} analyst streams; lock waits over ${lockWaitMs} ms logged`,
    );

    // Baseline: the live load alone.
    const baselineOffset = await lockLogOffset(cluster.dataDir);
    const baselineSampler = await sampleActivity(site.databaseUrl as string, 100);
    const baselineAccounting = startAccounting(postmaster);
    const baselineProfile = await profilePhase('baseline');
    const baseline = await startLiveLoad(plan('baseline', baselineSeconds, warmupSeconds)).result;
    await baselineProfile();
    const baselineActivity = await baselineSampler.stop();
    console.log(
      `[baseline] ${count(baseline.load.sent)} POSTs over ${baselineSeconds} s ` +
        `(after ${warmupSeconds} s of warm-up), no import`,
    );
    for (const line of liveLines(baseline)) console.log(`  ${line}`);
    for (const line of baselineAccounting(baseline.load.cpuSeconds, 0)) console.log(`  ${line}`);
    const baselineWaits = await lockWaitsSince(cluster.dataDir, baselineOffset);
    for (const line of formatWaits(baselineWaits, baselineActivity)) console.log(`  ${line}`);

    // Backfill: the same load while sos import runs.
    const logOffset = await lockLogOffset(cluster.dataDir);
    const sampler = await sampleActivity(site.databaseUrl as string, 100);
    const accounting = startAccounting(postmaster);
    const backfillProfile = await profilePhase('backfill');
    const reapedBefore = reapedChildrenCpuSeconds();
    const importStarted = performance.now();
    const importer = startImport(site, csv.path);
    const releaseImport = cleanupOnSignal(async () => {
      importer.child.kill('SIGTERM');
    });
    let importExited = false;
    void importer.output.finally(() => {
      importExited = true;
    });
    // The load starts with the first committed batch, so it runs against the import, not its start-up.
    let rowsAtLoadStart = 0;
    while (!importExited && rowsAtLoadStart === 0) {
      await new Promise((r) => setTimeout(r, 200));
      rowsAtLoadStart = await importedReports(site, site.organization.id);
    }
    const loadStarted = performance.now();
    const live = startLiveLoad(plan('backfill', 24 * 3600, 0));
    // A line every 15 s, so a slow import shows where it is.
    const progress = setInterval(() => {
      void importedReports(site, site.organization.id).then((n) =>
        console.log(
          `  ... ${count(n)} rows imported after ${secs((performance.now() - importStarted) / 1000)} s`,
        ),
      );
    }, 15_000);
    void importer.output.finally(() => clearInterval(progress));
    const output = await importer.output.catch(async (error: unknown) => {
      live.stop();
      await live.result.catch(() => {});
      throw error;
    });
    releaseImport();
    const importEnded = performance.now();
    const importCpu = reapedChildrenCpuSeconds() - reapedBefore;
    live.stop();
    const backfill = await live.result;
    await backfillProfile();
    const activity = await sampler.stop();
    const waits = await lockWaitsSince(cluster.dataDir, logOffset);
    const summary = JSON.parse(output.trim().split('\n').at(-1) as string) as {
      read: number;
      accepted: number;
      duplicates: number;
      rejected: number;
    };
    const importSeconds = (importEnded - importStarted) / 1000;
    const loadSeconds = (importEnded - loadStarted) / 1000;
    const rowsUnderLoad = (await importedReports(site, site.organization.id)) - rowsAtLoadStart;
    console.log(
      `[backfill] sos import${values.pace ? ' --pace' : ''} of ${count(summary.read)} rows ` +
        `(${count(summary.accepted)} accepted, ${count(summary.duplicates)} duplicates, ` +
        `${count(summary.rejected)} rejected): ${secs(importSeconds)} s for the whole command ` +
        `(${count(summary.read / importSeconds)} rows/s); ${count(rowsUnderLoad)} rows in the ` +
        `${secs(loadSeconds)} s under the live load (${count(rowsUnderLoad / loadSeconds)} rows/s)`,
    );
    console.log(`  ${count(backfill.load.sent)} POSTs while the import ran`);
    for (const line of liveLines(backfill)) console.log(`  ${line}`);
    for (const line of accounting(backfill.load.cpuSeconds, importCpu)) console.log(`  ${line}`);
    for (const line of formatWaits(waits, activity)) console.log(`  ${line}`);
    console.log(
      `load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} after`,
    );
    await app.close();
    await site.dispose();
  } finally {
    await cluster.stop();
    releaseCluster();
  }
}

await main();
