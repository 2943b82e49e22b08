/**
 * API latency: single-report POST /api/v1/reports at a fixed arrival rate (open loop), each request one
 * new Connecticut report with an organization API key, on PGlite and on PostgreSQL. The server runs in
 * this process; the load comes from a child process (bench/support/load-generator.ts).
 *
 * Run: npx tsc -p tsconfig.json && node dist/bench/api-latency.bench.js [--rate 200] [--seconds 30]
 *        [--warmup 5] [--engine pglite|postgres|both] [--profile DIR] [--statements]
 * --profile DIR writes api-ENGINE.cpuprofile of the server process during the load and prints its summary.
 * --statements (PostgreSQL) logs every statement's duration and prints where the server's time went;
 * the logging itself slows the server, so take the latency figures from a run without it.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { cliActor } from '../src/access/roles.js';
import { buildApp } from '../src/main/app.js';
import { type PostgresCluster, startPostgresCluster } from '../test/support/postgres-cluster.js';
import { type BenchEngine, type BenchSite, benchEngines, openBenchSite } from './support/bench-site.js';
import { cleanupOnSignal } from './support/cleanup-on-signal.js';
import { formatProfileSummary, startCpuProfile, summarizeProfile } from './support/cpu-profile.js';
import { count, mib, percent, secs } from './support/figures.js';
import { formatLatencies, summarizeLatencies } from './support/latency-stats.js';
import type { LoadPlan, LoadResult } from './support/load-generator.js';
import { machineBusySeconds } from './support/machine-cpu.js';
import { meanRoundTripMicros } from './support/round-trip.js';
import { postmasterPid, serverCpuSeconds } from './support/server-cpu.js';
import {
  formatStatementTimes,
  logEveryStatement,
  serverLogOffset,
  statementTimes,
} from './support/statement-log.js';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '5' },
    engine: { type: 'string', default: 'both' },
    profile: { type: 'string' },
    statements: { type: 'boolean', default: false },
  },
});
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const warmupSeconds = Number(values.warmup);
const engine = values.engine as BenchEngine | 'both';
if (!(rate > 0 && seconds > 0 && warmupSeconds >= 0)) throw new Error('--rate, --seconds, --warmup: numbers');
if (engine !== 'both' && !benchEngines.includes(engine))
  throw new Error('--engine: pglite, postgres or both');

const loadGenerator = fileURLToPath(new URL('./support/load-generator.js', import.meta.url));

/** Runs the load generator in a child process and waits for its figures. */
async function drive(plan: LoadPlan): Promise<LoadResult> {
  const child = fork(loadGenerator, [JSON.stringify(plan)], { stdio: 'inherit' });
  const exited = once(child, 'exit');
  const release = cleanupOnSignal(async () => {
    child.kill('SIGTERM');
    await exited;
  });
  const [result] = (await once(child, 'message')) as [LoadResult];
  await exited;
  release();
  return result;
}

/** Runs the measured work on a ready site and prints its figures. */
async function loadAndReport(
  engineName: BenchEngine,
  site: BenchSite,
  app: FastifyInstance,
  cluster: PostgresCluster | null,
): Promise<void> {
  const { key } = await site.context.access.createApiKey(cliActor, {
    jurisdictionId: site.jurisdiction.id,
    organizationId: site.organization.id,
    name: 'latency bench',
  });
  const roundTrip = await meanRoundTripMicros(site.context.db);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  const postmaster = cluster ? postmasterPid(cluster.dataDir) : null;
  if (cluster && values.statements) await logEveryStatement(cluster.url);
  const logOffset = cluster && values.statements ? await serverLogOffset(cluster.dataDir) : null;
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  const serverBefore = postmaster ? serverCpuSeconds(postmaster) : 0;
  const cpuBefore = process.cpuUsage();
  const machineBefore = machineBusySeconds();
  const profiler = values.profile ? await startCpuProfile() : null;
  const started = performance.now();
  loopDelay.enable();
  const result = await drive({
    url: `http://127.0.0.1:${port}/api/v1/reports`,
    apiKey: key,
    rate,
    warmupSeconds,
    seconds,
    recordPrefix: `bench-${engineName}-${process.pid}`,
  });
  loopDelay.disable();
  const profile = profiler
    ? await profiler.stop(path.join(values.profile as string, `api-${engineName}.cpuprofile`))
    : null;
  const wall = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const nodeCpu = (cpu.user + cpu.system) / 1e6;
  const serverCpu = postmaster ? serverCpuSeconds(postmaster) - serverBefore : 0;
  const machineBusy = machineBusySeconds() - machineBefore;
  const [stored] = await site.context.db.query<{ n: number }>(
    'select count(*)::int as n from overdoses where jurisdiction_id = $1',
    [site.jurisdiction.id],
  );
  const accepted = result.statuses['201'] ?? 0;
  const failures = result.sent - accepted;
  console.log(
    `[${engineName}] ${count(result.sent)} single-report POSTs at ${rate}/s for ${seconds} s ` +
      `(after ${warmupSeconds} s of warm-up), sent over ${secs(result.sendSpanSeconds)} s, ` +
      `latest send ${result.maxSendLagMs.toFixed(1)} ms after due`,
  );
  console.log(`  database round trip before the load (select $1, one at a time): ${roundTrip.toFixed(0)} µs`);
  console.log(`  latency from due time: ${formatLatencies(summarizeLatencies(result.fromSchedule))}`);
  console.log(`  latency from send:     ${formatLatencies(summarizeLatencies(result.fromSend))}`);
  console.log(
    `  replies: ${JSON.stringify(result.statuses)}; errors (not 201): ${failures}; ` +
      `${count(stored?.n ?? 0)} overdoses stored in all (warm-up included)`,
  );
  const cpuLine = postmaster
    ? `node ${secs(nodeCpu)} s + postgres server ${secs(serverCpu)} s over ${secs(wall)} s ` +
      `(database ${percent(serverCpu, nodeCpu + serverCpu)} of the CPU)`
    : `node ${secs(nodeCpu)} s over ${secs(wall)} s (PGlite inside this process)`;
  console.log(`  server cpu: ${cpuLine}; ${mib(process.memoryUsage.rss())} MiB rss`);
  console.log(`  load generator cpu: ${secs(result.cpuSeconds)} s (same machine)`);
  const ours = nodeCpu + serverCpu + result.cpuSeconds;
  console.log(
    `  machine: ${secs(machineBusy)} CPU-s busy during the load, ` +
      `${secs(Math.max(0, machineBusy - ours))} s of it not this bench's (other processes, kernel)`,
  );
  console.log(
    `  event loop delay: p50 ${(loopDelay.percentile(50) / 1e6).toFixed(1)} ms, ` +
      `p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)} ms, max ${(loopDelay.max / 1e6).toFixed(1)} ms`,
  );
  if (profile) for (const line of formatProfileSummary(summarizeProfile(profile))) console.log(line);
  if (cluster && logOffset !== null) {
    const times = await statementTimes(cluster.dataDir, logOffset);
    const executed = times.filter((t) => t.phase !== 'parse' && t.phase !== 'bind');
    const perRequest = executed.reduce((sum, t) => sum + t.calls, 0) / (stored?.n ?? 1);
    console.log(`  (every statement was logged: the latencies above include that overhead)`);
    console.log(`  statements per stored report, warm-up included: ${perRequest.toFixed(1)}`);
    for (const line of formatStatementTimes(times)) console.log(`  ${line}`);
  }
}

/** Sets up a site and its HTTP server on the engine, measures it and tears everything down again. */
async function measure(engineName: BenchEngine): Promise<void> {
  let cluster: PostgresCluster | null = null;
  let site: BenchSite | null = null;
  let app: FastifyInstance | null = null;
  const tearDown = async () => {
    await app?.close();
    await site?.dispose();
    await cluster?.stop();
  };
  const release = cleanupOnSignal(tearDown);
  try {
    cluster = engineName === 'postgres' ? await startPostgresCluster() : null;
    site = await openBenchSite(engineName, cluster?.url ?? null);
    app = await buildApp(site.context);
    await loadAndReport(engineName, site, app, cluster);
  } finally {
    release();
    await tearDown();
  }
}

for (const e of engine === 'both' ? benchEngines : [engine]) await measure(e);
