/**
 * Three SOS servers behind haproxy on one PostgreSQL, then the same load against one server: reports
 * POSTed at `--posts` per second, `--clients` closed-loop readers of the dashboard's aggregates and
 * `--streams` open live streams, all through the balancer. Prints latencies (p50/p95/p99), requests
 * per second, POST-to-arrival on the streams, each server's request count (haproxy's) and CPU, and
 * the machine's accounting (it may be shared).
 *
 * Run: npm run build && node dist/bench/three-servers.bench.js [--rows 100000] [--clients 20]
 *        [--streams 10] [--posts 200] [--seconds 30] [--warmup 5]
 */
import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import { once } from 'node:events';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cliActor } from '../src/access/roles.js';
import { type LoadBalancer, startLoadBalancer } from '../test/support/load-balancer.js';
import { startPostgresCluster } from '../test/support/postgres-cluster.js';
import { type SosServer, startServer, stopServer } from '../test/support/sos-process.js';
import { createBenchAnalyst, signInBenchAnalyst } from './support/bench-server.js';
import { BENCH_ENCRYPTION_KEY, importIntoSite, openBenchSite } from './support/bench-site.js';
import { cleanupOnSignal } from './support/cleanup-on-signal.js';
import type { DashboardLoadPlan, DashboardLoadResult } from './support/dashboard-load.js';
import { count, secs } from './support/figures.js';
import { ensureGeneratedCsv, GENERATOR_END } from './support/generated-csv.js';
import { formatLatencies, summarizeLatencies } from './support/latency-stats.js';
import { machineBusySeconds } from './support/machine-cpu.js';
import { postmasterPid, serverCpuSeconds } from './support/server-cpu.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    clients: { type: 'string', default: '20' },
    streams: { type: 'string', default: '10' },
    posts: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '5' },
  },
});
const rows = Number(values.rows);
const clients = Number(values.clients);
const streams = Number(values.streams);
const postsPerSecond = Number(values.posts);
const seconds = Number(values.seconds);
const warmupSeconds = Number(values.warmup);

const loadScript = fileURLToPath(new URL('./support/dashboard-load.js', import.meta.url));

function shiftYear(day: string, years: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
}

/** The dashboard's default view and a few filtered ones (the aggregate reads of the load). */
function dashboardRequests(range: { from: string; to: string }) {
  const q = (params: Record<string, string>) => new URLSearchParams({ ...range, ...params }).toString();
  return [
    { tag: 'trend, daily', path: `/api/v1/aggregates/counts?${q({ period: 'day', by: 'none' })}` },
    {
      tag: 'counts by town',
      path: `/api/v1/aggregates/counts?${q({ period: 'all', by: 'area', layer: 'towns' })}`,
    },
    { tag: 'outcome', path: `/api/v1/aggregates/counts?${q({ period: 'all', by: 'fatal' })}` },
    { tag: 'who is affected', path: `/api/v1/aggregates/counts?${q({ period: 'all', by: 'age_band' })}` },
    { tag: 'hot spots', path: `/api/v1/aggregates/hotspots?${q({ layer: 'towns' })}` },
    { tag: 'sources', path: '/api/v1/sources' },
  ];
}

/** CPU seconds of a process (and its reaped children) so far, from /proc. */
function processCpu(child: ChildProcess): number {
  try {
    return serverCpuSeconds(child.pid as number);
  } catch {
    return 0;
  }
}

interface Phase {
  label: string;
  base: string;
  servers: Map<string, SosServer>;
  balancer: LoadBalancer | null;
}

async function runPhase(phase: Phase, plan: Omit<DashboardLoadPlan, 'base'>, postmaster: number) {
  const before = {
    machine: machineBusySeconds(),
    postgres: serverCpuSeconds(postmaster),
    servers: new Map([...phase.servers].map(([name, s]) => [name, processCpu(s.child)])),
    counts: (await phase.balancer?.requestCounts()) ?? new Map<string, number>(),
    load: os.loadavg()[0] as number,
  };
  const started = performance.now();
  const child = fork(loadScript, [JSON.stringify({ ...plan, base: phase.base })], { stdio: 'inherit' });
  const [result] = (await once(child, 'message')) as [DashboardLoadResult];
  await once(child, 'exit');
  const wall = (performance.now() - started) / 1000;
  const machine = machineBusySeconds() - before.machine;
  const postgres = serverCpuSeconds(postmaster) - before.postgres;
  const counts = (await phase.balancer?.requestCounts()) ?? new Map<string, number>();
  console.log(`\n[${phase.label}] ${clients} readers, ${streams} live streams, POSTs at ${postsPerSecond}/s`);
  console.log(
    `  load average at start ${before.load.toFixed(2)}, now ${(os.loadavg()[0] as number).toFixed(2)}`,
  );
  console.log(
    `  aggregate reads: ${count(result.all.length)} in ${seconds} s (${count(result.all.length / seconds)}/s); ` +
      `errors: ${JSON.stringify(result.errors)}`,
  );
  console.log(`  reads:  ${formatLatencies(summarizeLatencies(result.all))}`);
  console.log(
    `  POSTs:  ${count(result.postsSent)} sent at ${postsPerSecond}/s, ${count(result.postLatencies.length)} answered: ` +
      formatLatencies(summarizeLatencies(result.postLatencies)),
  );
  console.log(
    `  POST to arrival on an open stream: ${formatLatencies(summarizeLatencies(result.liveArrival))}; ` +
      `${result.liveMissing} reports did not reach every stream`,
  );
  for (const [name, server] of phase.servers) {
    const answered = (counts.get(name) ?? 0) - (before.counts.get(name) ?? 0);
    const cpu = processCpu(server.child) - (before.servers.get(name) ?? 0);
    console.log(
      `  server ${name}: ${phase.balancer ? `${count(answered)} requests (haproxy), ` : ''}cpu ${secs(cpu)} s`,
    );
  }
  console.log(
    `  cpu: postgres ${secs(postgres)} s, load clients ${secs(result.cpuSeconds)} s; ` +
      `machine busy ${secs(machine)} CPU-s of ${secs(wall * os.cpus().length)} over ${secs(wall)} s ` +
      `(${os.cpus().length} cores; anything beyond SOS, PostgreSQL, haproxy and the clients is another user of the machine)`,
  );
}

async function main(): Promise<void> {
  const cluster = await startPostgresCluster();
  const servers = new Map<string, SosServer>();
  let balancer: LoadBalancer | null = null;
  const stopAll = async () => {
    await balancer?.stop();
    await Promise.all([...servers.values()].map((s) => stopServer(s.child)));
    await cluster.stop();
  };
  const release = cleanupOnSignal(stopAll);
  try {
    const site = await openBenchSite('postgres', cluster.url);
    const csv = await ensureGeneratedCsv({ rows, days: 1095, seed: 1, end: GENERATOR_END });
    const summary = await importIntoSite(site, csv.path);
    await site.context.db.query('analyze');
    console.log(`[setup] ${count(summary.accepted)} overdoses imported into PostgreSQL, then ANALYZE`);
    const password = 'three servers bench password';
    await createBenchAnalyst(site, password);
    const { key } = await site.context.access.createApiKey(cliActor, {
      jurisdictionId: site.jurisdiction.id,
      organizationId: site.organization.id,
      name: 'three servers bench',
    });
    const [extent] = await site.context.db.query<{ last: string }>(
      'select max(occurred_date)::text as last from overdoses',
    );
    const to = extent?.last ?? GENERATOR_END;
    const range = { from: shiftYear(to, -1), to };
    const env = {
      DATABASE_URL: site.databaseUrl as string,
      SOS_DATA_DIR: site.dataDir,
      SOS_ENCRYPTION_KEYS: BENCH_ENCRYPTION_KEY,
      SOS_ADMIN_EMAIL: '',
      SOS_ADMIN_PASSWORD: '',
    };
    servers.set('s1', await startServer({ ...env, PGAPPNAME: 's1' }, ['--no-demo']));
    const more = await Promise.all(
      ['s2', 's3'].map((n) => startServer({ ...env, PGAPPNAME: n }, ['--no-demo'])),
    );
    servers.set('s2', more[0] as SosServer);
    servers.set('s3', more[1] as SosServer);
    balancer = await startLoadBalancer([...servers].map(([name, s]) => ({ name, url: s.url })));
    const login = (base: string) => signInBenchAnalyst(base, password);
    const plan = (prefix: string, cookie: string): Omit<DashboardLoadPlan, 'base'> => ({
      cookie,
      apiKey: key,
      requests: dashboardRequests(range),
      clients,
      warmupSeconds,
      seconds,
      streams,
      postsPerSecond,
      recordPrefix: `${prefix}-${process.pid}`,
      postDay: range.to,
    });
    const postmaster = postmasterPid(cluster.dataDir);
    console.log(
      `three servers bench: node ${process.version}, ${os.cpus().length} cores, ` +
        `${new Date().toISOString()}, load average ${os
          .loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}`,
    );
    await runPhase(
      { label: '3 servers behind haproxy', base: balancer.url, servers, balancer },
      plan('three', await login(balancer.url)),
      postmaster,
    );
    await balancer.stop();
    balancer = null;
    for (const name of ['s2', 's3']) {
      await stopServer((servers.get(name) as SosServer).child);
      servers.delete(name);
    }
    const one = servers.get('s1') as SosServer;
    await runPhase(
      { label: '1 server, no balancer', base: one.url, servers, balancer: null },
      plan('one', await login(one.url)),
      postmaster,
    );
    await stopServer(one.child);
    servers.clear();
    await site.dispose();
  } finally {
    await stopAll();
    release();
  }
}

await main();
