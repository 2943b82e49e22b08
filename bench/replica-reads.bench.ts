/**
 * Reads on a streaming replica (issue 19, replica): a throwaway primary, a replica of it and SOS with
 * DATABASE_READ_URL. Reports are POSTed one at a time at `--posts` per second while a live stream is
 * open: each change is announced once the replica has replayed it, so POST-to-arrival includes the
 * replay. Then `--reads` aggregate requests (read from the replica) are timed, and the replica's lag.
 *
 * The throwaway primary runs with synchronous_commit off (tests trade durability for speed), which
 * holds WAL in memory up to three wal_writer_delay (200 ms) before the replica can have it; the bench
 * sets it `--synchronous-commit on` (as a production primary runs) unless told otherwise.
 *
 * Run: npx tsc -p tsconfig.json && node dist/bench/replica-reads.bench.js [--posts 10] [--seconds 30]
 *        [--reads 300] [--synchronous-commit on|off]
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { openReplicaSite } from '../test/support/replica-site.js';
import { signInRoles } from '../test/support/sign-in.js';
import { cleanupOnSignal } from './support/cleanup-on-signal.js';
import { count, secs } from './support/figures.js';
import { formatLatencies, summarizeLatencies } from './support/latency-stats.js';
import { machineBusySeconds } from './support/machine-cpu.js';
import { postmasterPid, serverCpuSeconds } from './support/server-cpu.js';

const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '30' },
    reads: { type: 'string', default: '300' },
    'synchronous-commit': { type: 'string', default: 'on' },
  },
});
const postsPerSecond = Number(values.posts);
const seconds = Number(values.seconds);
const reads = Number(values.reads);
const synchronousCommit = values['synchronous-commit'] === 'off' ? 'off' : 'on';

/** Resolves with each server-sent event named `name` as it arrives, one `next()` at a time. */
function eventReader(body: ReadableStream<Uint8Array>, name: string) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    next: async (): Promise<void> => {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (/^event: (.*)$/m.exec(block)?.[1] === name) return;
          continue;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('the live stream ended');
        buffer += decoder.decode(value, { stream: true });
      }
    },
    close: () => reader.cancel(),
  };
}

async function main(): Promise<void> {
  console.log(
    `replica-reads bench: node dist/bench/replica-reads.bench.js --posts ${postsPerSecond} --seconds ${seconds} --reads ${reads} --synchronous-commit ${synchronousCommit}`,
  );
  console.log(
    `  ${new Date().toISOString()}, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const site = await openReplicaSite();
  const release = cleanupOnSignal(() => site.close());
  try {
    await site.context.db.query(`alter system set synchronous_commit = ${synchronousCommit}`);
    await site.context.db.query('select pg_reload_conf()');
    const cookie = (await signInRoles(site.app, site.context, site.jurisdiction.id, ['analyst'])).get(
      'analyst',
    ) as string;
    const primaryPid = postmasterPid(site.primary.dataDir);
    const primaryBefore = serverCpuSeconds(primaryPid);
    const replicaBefore = serverCpuSeconds(site.replica.pid);
    const machineBefore = machineBusySeconds();
    const cpuBefore = process.cpuUsage();

    const stream = await fetch(`${site.base}/api/v1/live`, { headers: { cookie } });
    const events = eventReader(stream.body as ReadableStream<Uint8Array>, 'overdoses');
    while (site.context.live.listenerCount < 1) await new Promise((resolve) => setTimeout(resolve, 10));
    const arrivals: number[] = [];
    const posts: number[] = [];
    const total = Math.max(1, Math.round(postsPerSecond * seconds));
    const started = performance.now();
    for (let i = 0; i < total; i++) {
      const slot = started + (i * 1000) / postsPerSecond;
      const wait = slot - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const sent = performance.now();
      const heard = events.next();
      await site.submit();
      posts.push(performance.now() - sent);
      await heard;
      arrivals.push(performance.now() - sent);
    }
    await events.close();

    const aggregate = [] as number[];
    for (let i = 0; i < reads; i++) {
      // A range of its own each time: the aggregate cache answers none of them.
      const to = new Date(Date.UTC(2026, 11, 1 + (i % 300))).toISOString().slice(0, 10);
      const sent = performance.now();
      const response = await fetch(
        `${site.base}/api/v1/aggregates/counts?from=2025-11-01&to=${to}&period=week&by=age_band`,
        { headers: { cookie } },
      );
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`aggregate answered ${response.status}`);
      aggregate.push(performance.now() - sent);
    }
    const lag = (await (
      await fetch(`${site.base}/api/v1/sources/replica-lag`, { headers: { cookie } })
    ).json()) as { replica: { lag_seconds: number | null } | null };

    const cpu = process.cpuUsage(cpuBefore);
    console.log(
      `  ${count(total)} reports POSTed one at a time at ${postsPerSecond}/s to 1 open stream, reads on the replica`,
    );
    console.log(`  POST answered:                      ${formatLatencies(summarizeLatencies(posts))}`);
    console.log(`  POST to arrival (after replay):     ${formatLatencies(summarizeLatencies(arrivals))}`);
    console.log(`  aggregate counts from the replica:  ${formatLatencies(summarizeLatencies(aggregate))}`);
    console.log(`  replica lag at the end: ${lag.replica?.lag_seconds ?? 'unknown'} s`);
    console.log(
      `  cpu: server process ${secs((cpu.user + cpu.system) / 1e6)} s, primary ${secs(serverCpuSeconds(primaryPid) - primaryBefore)} s, ` +
        `replica ${secs(serverCpuSeconds(site.replica.pid) - replicaBefore)} s; machine busy ${secs(machineBusySeconds() - machineBefore)} CPU-s ` +
        `(${os.cpus().length} cores, shared with whatever else runs)`,
    );
  } finally {
    await site.close();
    release();
  }
}

await main();
