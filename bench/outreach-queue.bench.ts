/**
 * Outreach queue latency on PostgreSQL: how long after a report naming a survivor is committed (its
 * POST's 2xx answer) the case it opens is on the program's queue, as a coordinator reads it through
 * `GET /api/v1/outreach/cases`. A history of generated Connecticut overdoses is imported; a program
 * serving every town is made through the programs and case services, with `--queue` open cases
 * already on it (nine in ten assigned to its field workers); then `--workers` coordinators, each
 * signed in with her own session, poll the queue every `--poll-ms` while reports with contact details
 * are POSTed one at a time at `--rate` per second for `--seconds`. The server runs in this process;
 * the coordinators and the poster in a child process. The target (issue 14): p95 under 2 s.
 *
 * What a coordinator polls: her triage view, `status=open&assigned=unassigned&limit=200`, read page
 * after page to `next_cursor: null`. The queue orders by due time (clock plus window), so a fresh
 * overdose's case is due last and is not on the first page of the whole queue; every new case is
 * unassigned, so the triage view read to its end shows it at its commit, and each case is recognised
 * by its clock (each report happens at its own second). Polling `total` alone would not say which
 * report's case arrived.
 *
 * Run: npm run build && node dist/bench/outreach-queue.bench.js [--rows 100000] [--workers 10]
 *        [--rate 2] [--seconds 30] [--poll-ms 250] [--queue 300]
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cliActor } from '../src/access/roles.js';
import { buildApp } from '../src/main/app.js';
import { startPostgresCluster } from '../test/support/postgres-cluster.js';
import { importIntoSite, openBenchSite } from './support/bench-site.js';
import { cleanupOnSignal } from './support/cleanup-on-signal.js';
import { count, secs } from './support/figures.js';
import { ensureGeneratedCsv, GENERATOR_END } from './support/generated-csv.js';
import { formatLatencies, summarizeLatencies } from './support/latency-stats.js';
import type { OutreachQueueLoadPlan, OutreachQueueLoadResult } from './support/outreach-queue-load.js';
import { BENCH_OUTREACH_PASSWORD, createOutreachQueueSite } from './support/outreach-queue-site.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    workers: { type: 'string', default: '10' },
    rate: { type: 'string', default: '2' },
    seconds: { type: 'string', default: '30' },
    'poll-ms': { type: 'string', default: '250' },
    queue: { type: 'string', default: '300' },
  },
});
const rows = Number(values.rows);
const workers = Number(values.workers);
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const pollMs = Number(values['poll-ms']);
const queued = Number(values.queue);

const loadScript = fileURLToPath(new URL('./support/outreach-queue-load.js', import.meta.url));

/** Town centres of Connecticut (Hartford, New Haven, Bridgeport, Waterbury, Stamford, Middletown). */
const POINTS: [number, number][] = [
  [41.7658, -72.6734],
  [41.3083, -72.9279],
  [41.1865, -73.1952],
  [41.5582, -73.0515],
  [41.0534, -73.5387],
  [41.5623, -72.6506],
];

async function main(): Promise<void> {
  const cluster = await startPostgresCluster();
  const release = cleanupOnSignal(() => cluster.stop());
  try {
    const site = await openBenchSite('postgres', cluster.url);
    const jurisdictionId = site.jurisdiction.id;
    if (rows > 0) {
      const csv = await ensureGeneratedCsv({ rows, days: 1095, seed: 1, end: GENERATOR_END });
      const summary = await importIntoSite(site, csv.path);
      console.log(`[postgres] ${count(summary.accepted)} overdoses of history imported`);
    }
    const firstOccurredAt = new Date(Date.now() - 2 * 3_600_000);
    firstOccurredAt.setUTCMilliseconds(0);
    const outreach = await createOutreachQueueSite(site.context, site, {
      coordinators: workers,
      queued,
      before: firstOccurredAt,
    });
    console.log(
      `[postgres] program with ${workers} coordinators and ${count(outreach.queued)} open cases on its queue ` +
        `(${outreach.unassigned} unassigned)`,
    );
    const app = await buildApp(site.context);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const { key } = await site.context.access.createApiKey(cliActor, {
      jurisdictionId,
      organizationId: site.organization.id,
      name: 'outreach queue bench',
    });
    const cookies: string[] = [];
    for (const email of outreach.coordinatorEmails) {
      const login = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: BENCH_OUTREACH_PASSWORD }),
      });
      if (login.status !== 200) throw new Error(`sign-in of ${email} failed: ${await login.text()}`);
      cookies.push((login.headers.get('set-cookie') ?? '').split(';')[0] as string);
    }
    const plan: OutreachQueueLoadPlan = {
      base,
      apiKey: key,
      cookies,
      programId: outreach.programId,
      pollMs,
      postsPerSecond: rate,
      seconds,
      recordPrefix: `outreach-bench-${process.pid}`,
      firstOccurredAt: firstOccurredAt.toISOString(),
      points: POINTS,
    };
    const cpuBefore = process.cpuUsage();
    const child = fork(loadScript, [JSON.stringify(plan)], { stdio: 'inherit' });
    const [result] = (await once(child, 'message')) as [OutreachQueueLoadResult];
    await once(child, 'exit');
    const cpu = process.cpuUsage(cpuBefore);
    const latency = summarizeLatencies(result.commitToQueue);
    console.log(
      `[postgres] ${workers} coordinators polling their triage view every ${pollMs} ms ` +
        `(${result.queueLength} unassigned open cases at the end) while ${count(result.postsSent)} reports ` +
        `naming a person were POSTed at ${rate}/s for ${seconds} s; POST errors ${result.postErrors}, ` +
        `queue GET errors ${result.queueErrors}, cases never seen ${result.missing}`,
    );
    console.log(`  commit to case on the queue: ${formatLatencies(latency)}`);
    console.log(`  POST (send to 2xx answer):   ${formatLatencies(summarizeLatencies(result.post))}`);
    console.log(`  queue GET (one page):        ${formatLatencies(summarizeLatencies(result.queueRead))}`);
    console.log(
      `  cpu: server process ${secs((cpu.user + cpu.system) / 1e6)} s, load ${secs(result.cpuSeconds)} s; ` +
        `target p95 < 2000 ms: ${latency.p95 < 2000 && result.missing === 0 && result.queueErrors === 0 ? 'met' : 'NOT met'}`,
    );
    await app.close();
    await site.dispose();
  } finally {
    await cluster.stop();
    release();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
