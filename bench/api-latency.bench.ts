/**
 * API latency: single-report POST /api/v1/reports at a fixed arrival rate (open loop), each request one
 * new Connecticut report with an organization API key, on PGlite and on PostgreSQL. The server runs in
 * this process; the load comes from a child process (bench/support/load-generator.ts).
 *
 * Run: npx tsc -p tsconfig.json && node dist/bench/api-latency.bench.js [--rate 200] [--seconds 30]
 *        [--warmup 5] [--engine pglite|postgres|both] [--profile DIR]
 * --profile DIR writes api-ENGINE.cpuprofile of the server process during the load and prints its summary.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cliActor } from '../src/access/roles.js';
import { buildApp } from '../src/app.js';
import { startPostgresCluster } from '../test/support/postgres-cluster.js';
import { type BenchEngine, benchEngines, openBenchSite } from './support/bench-site.js';
import { formatProfileSummary, startCpuProfile, summarizeProfile } from './support/cpu-profile.js';
import { count, mib, percent, secs } from './support/figures.js';
import { formatLatencies, summarizeLatencies } from './support/latency-stats.js';
import type { LoadPlan, LoadResult } from './support/load-generator.js';
import { postmasterPid, serverCpuSeconds } from './support/server-cpu.js';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '5' },
    engine: { type: 'string', default: 'both' },
    profile: { type: 'string' },
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

async function drive(plan: LoadPlan): Promise<LoadResult> {
  const child = fork(loadGenerator, [JSON.stringify(plan)], { stdio: 'inherit' });
  const [result] = (await once(child, 'message')) as [LoadResult];
  await once(child, 'exit');
  return result;
}

async function measure(engineName: BenchEngine): Promise<void> {
  const cluster = engineName === 'postgres' ? await startPostgresCluster() : null;
  try {
    const site = await openBenchSite(engineName, cluster?.url ?? null);
    const app = await buildApp(site.context);
    try {
      const { key } = await site.context.access.createApiKey(cliActor, {
        jurisdictionId: site.jurisdiction.id,
        organizationId: site.organization.id,
        name: 'latency bench',
      });
      await app.listen({ host: '127.0.0.1', port: 0 });
      const { port } = app.server.address() as AddressInfo;
      const postmaster = cluster ? postmasterPid(cluster.dataDir) : null;
      const loopDelay = monitorEventLoopDelay({ resolution: 10 });
      const serverBefore = postmaster ? serverCpuSeconds(postmaster) : 0;
      const cpuBefore = process.cpuUsage();
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
      console.log(
        `  event loop delay: p50 ${(loopDelay.percentile(50) / 1e6).toFixed(1)} ms, ` +
          `p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)} ms, max ${(loopDelay.max / 1e6).toFixed(1)} ms`,
      );
      if (profile) for (const line of formatProfileSummary(summarizeProfile(profile))) console.log(line);
    } finally {
      await app.close();
      await site.dispose();
    }
  } finally {
    await cluster?.stop();
  }
}

for (const e of engine === 'both' ? benchEngines : [engine]) await measure(e);
