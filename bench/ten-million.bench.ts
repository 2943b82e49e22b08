/**
 * Ten million overdoses over fifty jurisdictions (issue 19, partition): the overdoses, one report each,
 * their towns and the rollups are written set-based in SQL (bench/support/ten-million-data.ts, not
 * through intake), ANALYZEd, then the dashboard bench's load runs: `--clients` readers of one
 * jurisdiction's default view (bench/support/dashboard-load.ts) while reports are POSTed and live
 * streams wait. Prints the load's p50/p95/p99 with the machine's accounting.
 *
 * Run: npx tsc -p tsconfig.json && node dist/bench/ten-million.bench.js [--rows 10000000]
 *        [--jurisdictions 50] [--years 5] [--layout partitioned|plain] [--engine postgres|pglite]
 *        [--clients 20] [--seconds 30] [--warmup 5] [--streams 10] [--posts 2]
 * --layout plain turns the five partitioned tables back into plain ones first, to compare.
 * Run time: --rows 1000000 took about 4 minutes on a shared 2-core machine (most of it writing the data
 * and the rollups); the default 10,000,000 writes ten times as much (tens of minutes) before the load.
 */

import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { insertJurisdiction } from '../src/access/jurisdictions/jurisdiction-repository.js';
import { TIME_PARTITIONED } from '../src/main/partition-archive.js';
import { loadAreaLocator } from '../src/surveillance/area-locator.js';
import { startPostgresCluster } from '../test/support/postgres-cluster.js';
import { serveBench } from './support/bench-server.js';
import { type BenchEngine, openBenchSite } from './support/bench-site.js';
import { cleanupOnSignal } from './support/cleanup-on-signal.js';
import type { DashboardLoadPlan, DashboardLoadResult } from './support/dashboard-load.js';
import { dashboardRequests, shiftYear } from './support/dashboard-requests.js';
import { count, secs } from './support/figures.js';
import { formatLatencies, summarizeLatencies } from './support/latency-stats.js';
import { machineBusySeconds } from './support/machine-cpu.js';
import { postmasterPid, serverCpuSeconds } from './support/server-cpu.js';
import { fillRollups, storePlaces, unpartition, writeOverdoses } from './support/ten-million-data.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '10000000' },
    jurisdictions: { type: 'string', default: '50' },
    years: { type: 'string', default: '5' },
    layout: { type: 'string', default: 'partitioned' },
    engine: { type: 'string', default: 'postgres' },
    clients: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '5' },
    streams: { type: 'string', default: '10' },
    posts: { type: 'string', default: '2' },
  },
});
const rows = Number(values.rows);
const jurisdictions = Number(values.jurisdictions);
const years = Number(values.years);
const layout = values.layout as 'partitioned' | 'plain';
const engine = values.engine as BenchEngine;
const clients = Number(values.clients);
const seconds = Number(values.seconds);
const warmupSeconds = Number(values.warmup);
const streams = Number(values.streams);
const postsPerSecond = Number(values.posts);
if (!['partitioned', 'plain'].includes(layout)) throw new Error('--layout is partitioned or plain');
if (!['postgres', 'pglite'].includes(engine)) throw new Error('--engine is postgres or pglite');

const loadScript = fileURLToPath(new URL('./support/dashboard-load.js', import.meta.url));
/** The data ends yesterday, so the dashboard's default view (the last 365 days with data) is all of a year. */
const to = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
const from = shiftYear(to, -years);

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function main(): Promise<void> {
  const started = performance.now();
  console.log(
    `ten-million bench: ${count(rows)} overdoses over ${jurisdictions} jurisdictions, ${from} to ${to}, ` +
      `${layout} tables, ${engine}; ${os.cpus().length} CPUs, load average ${load()} (1, 5, 15 min)`,
  );
  const cluster = engine === 'postgres' ? await startPostgresCluster() : null;
  const release = cleanupOnSignal(async () => cluster?.stop());
  try {
    const site = await openBenchSite(engine, cluster?.url ?? null);
    const db = site.context.db;
    if (layout === 'plain')
      await unpartition(
        db,
        TIME_PARTITIONED.map((t) => t.table),
      );
    const places = await storePlaces(db, await loadAreaLocator(db, site.jurisdiction.id));

    // The bench site's Connecticut is the one read; the others share its places and make the tables large.
    const all = [{ id: site.jurisdiction.id, organizationId: site.organization.id }];
    for (let i = 1; i < jurisdictions; i++) {
      const id = randomUUID();
      await insertJurisdiction(db, {
        id,
        shortName: `j${i}`,
        name: `Jurisdiction ${i}`,
        timeZone: 'America/New_York',
        parentId: null,
        population: 1_000_000,
      });
      all.push({ id, organizationId: randomUUID() });
    }
    const machineBeforeLoad = machineBusySeconds();
    let written = 0;
    const writeStarted = performance.now();
    for (const [i, jurisdiction] of all.entries()) {
      const share = Math.floor(rows / jurisdictions) + (i < rows % jurisdictions ? 1 : 0);
      await writeOverdoses(db, jurisdiction, share, { from, to }, places);
      written += share;
      if ((i + 1) % 10 === 0 || i === all.length - 1) {
        console.log(
          `  ${count(written)} overdoses, their towns and reports written in ${secs((performance.now() - writeStarted) / 1000)} s`,
        );
      }
    }
    const rollupStarted = performance.now();
    for (const jurisdiction of all) await fillRollups(db, jurisdiction.id);
    const analyzeStarted = performance.now();
    await db.query('analyze');
    const loaded = performance.now();
    const [check] = await db.query<{ overdoses: number; counted: number }>(
      `select (select count(*)::int from overdoses where jurisdiction_id = $1) as overdoses,
         (select sum(count)::int from daily_area_counts where jurisdiction_id = $1 and layer_id = '') as counted`,
      [site.jurisdiction.id],
    );
    console.log(
      `  written ${secs((rollupStarted - writeStarted) / 1000)} s, rollups ${secs((analyzeStarted - rollupStarted) / 1000)} s, ` +
        `ANALYZE ${secs((loaded - analyzeStarted) / 1000)} s; machine busy ${secs(machineBusySeconds() - machineBeforeLoad)} CPU-s; ` +
        `the read jurisdiction: ${count(check?.overdoses ?? 0)} overdoses, ${count(check?.counted ?? 0)} in its rollups`,
    );

    const { app, base, cookie, key } = await serveBench(site, 'ten million bench');
    const extent = (await (
      await fetch(`${base}/api/v1/aggregates/extent`, { headers: { cookie } })
    ).json()) as {
      last_day: string;
    };
    const range = { from: shiftYear(extent.last_day, -1), to: extent.last_day };
    const lastYear = { from: shiftYear(range.from, -1), to: shiftYear(range.to, -1) };
    const [busiest] = await db.query<{ area_id: string }>(
      `select area_id from monthly_area_counts where jurisdiction_id = $1 and layer_id = 'towns'
       group by area_id order by sum(count) desc limit 1`,
      [site.jurisdiction.id],
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
      recordPrefix: `ten-million-bench-${process.pid}`,
      postDay: range.to,
    };
    const postmaster = cluster ? postmasterPid(cluster.dataDir) : null;
    const serverBefore = postmaster ? serverCpuSeconds(postmaster) : 0;
    const cpuBefore = process.cpuUsage();
    const machineBefore = machineBusySeconds();
    const loadBefore = load();
    const child = fork(loadScript, [JSON.stringify(plan)], { stdio: 'inherit' });
    const [result] = (await once(child, 'message')) as [DashboardLoadResult];
    await once(child, 'exit');
    const cpu = process.cpuUsage(cpuBefore);
    const serverCpu = postmaster ? serverCpuSeconds(postmaster) - serverBefore : 0;
    const machineBusy = machineBusySeconds() - machineBefore;

    console.log(
      `[${engine}, ${layout}] ${clients} concurrent readers of one jurisdiction for ${seconds} s (after ${warmupSeconds} s ` +
        `warm-up) over ${range.from} to ${range.to}, ${count(result.all.length)} aggregate requests ` +
        `(${count(result.all.length / seconds)}/s); errors: ${JSON.stringify(result.errors)}`,
    );
    console.log(`  all aggregate requests: ${formatLatencies(summarizeLatencies(result.all))}`);
    for (const [tag, latencies] of Object.entries(result.byTag)) {
      console.log(`  ${tag.padEnd(30)} ${formatLatencies(summarizeLatencies(latencies))}`);
    }
    console.log(
      `  live: ${count(result.postsSent)} reports POSTed (${postsPerSecond}/s) to ${streams} open streams; ` +
        `POST to arrival ${formatLatencies(summarizeLatencies(result.liveArrival))}`,
    );
    console.log(
      `  cpu: server process ${secs((cpu.user + cpu.system) / 1e6)} s, postgres ${secs(serverCpu)} s, ` +
        `clients ${secs(result.cpuSeconds)} s; machine busy ${secs(machineBusy)} CPU-s of ` +
        `${secs((seconds + warmupSeconds) * os.cpus().length)}; load average before ${loadBefore}, after ${load()}`,
    );
    console.log(`  run time ${secs((performance.now() - started) / 1000)} s in all`);
    await app.close();
    await site.dispose();
  } finally {
    await cluster?.stop();
    release();
  }
}

await main();
