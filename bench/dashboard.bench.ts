/**
 * Dashboard on PostgreSQL with a large history: generated Connecticut overdoses are imported, then
 * `--clients` concurrent readers loop over the aggregate requests the dashboard makes (its default
 * view and filtered variants) while reports are POSTed at a steady rate and open live streams time
 * their arrival. The server runs in this process; the clients run in a child process.
 *
 * Run: npx tsc -p tsconfig.json && node dist/bench/dashboard.bench.js [--rows 1000000] [--clients 20]
 *        [--seconds 30] [--warmup 5] [--streams 10] [--posts 2] [--profile DIR]
 * --profile DIR writes dashboard.cpuprofile of the server process during the load and prints its summary.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startPostgresCluster } from '../test/support/postgres-cluster.js';
import { serveBench } from './support/bench-server.js';
import { importIntoSite, openBenchSite } from './support/bench-site.js';
import { cleanupOnSignal } from './support/cleanup-on-signal.js';
import { formatProfileSummary, startCpuProfile, summarizeProfile } from './support/cpu-profile.js';
import type { DashboardLoadPlan, DashboardLoadResult } from './support/dashboard-load.js';
import { dashboardRequests, shiftYear } from './support/dashboard-requests.js';
import { count, secs } from './support/figures.js';
import { ensureGeneratedCsv, GENERATOR_END } from './support/generated-csv.js';
import { formatLatencies, summarizeLatencies } from './support/latency-stats.js';
import { machineBusySeconds } from './support/machine-cpu.js';
import { postmasterPid, serverCpuSeconds } from './support/server-cpu.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    clients: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '5' },
    streams: { type: 'string', default: '10' },
    posts: { type: 'string', default: '2' },
    profile: { type: 'string' },
  },
});
const rows = Number(values.rows);
const clients = Number(values.clients);
const seconds = Number(values.seconds);
const warmupSeconds = Number(values.warmup);
const streams = Number(values.streams);
const postsPerSecond = Number(values.posts);

const loadScript = fileURLToPath(new URL('./support/dashboard-load.js', import.meta.url));

async function main(): Promise<void> {
  const cluster = await startPostgresCluster();
  const release = cleanupOnSignal(() => cluster.stop());
  try {
    const site = await openBenchSite('postgres', cluster.url);
    const csv = await ensureGeneratedCsv({ rows, days: 1095, seed: 1, end: GENERATOR_END });
    const importStarted = performance.now();
    const summary = await importIntoSite(site, csv.path);
    const importSeconds = (performance.now() - importStarted) / 1000;
    await site.context.db.query('analyze');
    console.log(
      `[postgres] ${count(summary.accepted)} overdoses imported in ${secs(importSeconds)} s ` +
        `(${count(summary.accepted / importSeconds)} rows/s), then ANALYZE`,
    );

    const { app, base, cookie, key } = await serveBench(site, 'dashboard bench');
    const extent = (await (
      await fetch(`${base}/api/v1/aggregates/extent`, { headers: { cookie } })
    ).json()) as {
      last_day: string;
    };
    const range = { from: shiftYear(extent.last_day, -1), to: extent.last_day };
    const lastYear = { from: shiftYear(range.from, -1), to: shiftYear(range.to, -1) };
    const [busiest] = await site.context.db.query<{ area_id: string }>(
      `select area_id from daily_area_counts where layer_id = 'towns' group by area_id order by sum(count) desc limit 1`,
    );
    const plan: DashboardLoadPlan = {
      base,
      cookie,
      apiKey: key,
      requests: dashboardRequests(range, lastYear, busiest?.area_id ?? ''),
      clients,
      warmupSeconds,
      seconds,
      streams,
      postsPerSecond,
      recordPrefix: `dashboard-bench-${process.pid}`,
      postDay: range.to,
    };
    const postmaster = postmasterPid(cluster.dataDir);
    const serverBefore = serverCpuSeconds(postmaster);
    const cpuBefore = process.cpuUsage();
    const machineBefore = machineBusySeconds();
    const profiler = values.profile ? await startCpuProfile() : null;
    const child = fork(loadScript, [JSON.stringify(plan)], { stdio: 'inherit' });
    const [result] = (await once(child, 'message')) as [DashboardLoadResult];
    await once(child, 'exit');
    const profile = profiler
      ? await profiler.stop(path.join(values.profile as string, 'dashboard.cpuprofile'))
      : null;
    const cpu = process.cpuUsage(cpuBefore);
    const serverCpu = serverCpuSeconds(postmaster) - serverBefore;
    const machineBusy = machineBusySeconds() - machineBefore;

    console.log(
      `[postgres] ${clients} concurrent readers for ${seconds} s (after ${warmupSeconds} s warm-up) over ` +
        `${range.from} to ${range.to}, ${count(result.all.length)} aggregate requests ` +
        `(${count(result.all.length / seconds)}/s); errors: ${JSON.stringify(result.errors)}`,
    );
    console.log(`  all aggregate requests: ${formatLatencies(summarizeLatencies(result.all))}`);
    for (const [tag, latencies] of Object.entries(result.byTag)) {
      console.log(`  ${tag.padEnd(30)} ${formatLatencies(summarizeLatencies(latencies))}`);
    }
    console.log(
      `  live: ${count(result.postsSent)} reports POSTed (${postsPerSecond}/s) to ${streams} open streams; ` +
        `${result.liveMissing} did not reach every stream`,
    );
    console.log(
      `  POST to arrival on an open stream: ${formatLatencies(summarizeLatencies(result.liveArrival))}`,
    );
    console.log(
      `  cpu: server process ${secs((cpu.user + cpu.system) / 1e6)} s, postgres ${secs(serverCpu)} s, ` +
        `clients ${secs(result.cpuSeconds)} s; machine busy ${secs(machineBusy)} CPU-s`,
    );
    if (profile) for (const line of formatProfileSummary(summarizeProfile(profile))) console.log(line);
    await app.close();
    await site.dispose();
  } finally {
    await cluster.stop();
    release();
  }
}

await main();
