/**
 * Open-loop HTTP load for the API latency bench, run as a child process so that sending and timing do
 * not share an event loop with the server. Requests leave on a fixed schedule whatever the replies
 * do, and each latency is counted from the moment the request was due, so a stalled server shows up
 * in the figures instead of slowing the sender down (no coordinated omission).
 * Started by api-latency.bench.ts through fork(); takes a LoadPlan as JSON in argv[2] and sends back
 * one LoadResult message.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

/** What to send. */
export interface LoadPlan {
  url: string;
  apiKey: string;
  /** Requests per second. */
  rate: number;
  /** Seconds sent first and left out of the figures (JIT, caches, connection set-up). */
  warmupSeconds: number;
  /** Seconds measured. */
  seconds: number;
  /** Prefix of the source record ids, unique per run so that every report is new. */
  recordPrefix: string;
}

/** What came back, for the measured requests only. */
export interface LoadResult {
  sent: number;
  /** Milliseconds from the moment each request was due to the end of its reply. */
  fromSchedule: number[];
  /** Milliseconds from the moment each request was written to the end of its reply. */
  fromSend: number[];
  /** Replies by HTTP status, and network failures as 'error'. */
  statuses: Record<string, number>;
  /** The latest a request left after it was due, in milliseconds. */
  maxSendLagMs: number;
  /** Seconds between the first and the last measured request leaving. */
  sendSpanSeconds: number;
  /** CPU seconds this load generator used, warm-up included: it shares the machine with the server. */
  cpuSeconds: number;
}

/**
 * A new report somewhere in Connecticut's populated middle, a day or so ago. The points are spread
 * over the state (a quasi-random walk over 41.3-41.95 N, 73.4-71.9 W): at 200 reports a second, a
 * handful of 2 km spots would hold hundreds of one source's overdoses within hours of each other,
 * a density no jurisdiction has, and cross-source linkage would look each report up among them all.
 */
function report(prefix: string, i: number): string {
  const occurred = new Date(Date.now() - 3_600_000 * (1 + (i % 48)));
  return JSON.stringify({
    source_record_id: `${prefix}-${i}`,
    occurred_at: occurred.toISOString(),
    latitude: 41.3 + 0.65 * ((i * 0.6180339887) % 1),
    longitude: -73.4 + 1.5 * ((i * 0.7548776662) % 1),
    fatal: i % 11 === 0,
    naloxone_given: i % 2 === 0,
    naloxone_doses: i % 2 === 0 ? 1 + (i % 3) : null,
    age: 18 + (i % 60),
    sex: i % 3 === 0 ? 'female' : 'male',
    substances: ['fentanyl'],
    disposition: 'transported',
  });
}

/** What a caller in the same process may add to a run: its end, and each measured reply. */
export interface LoadHooks {
  /** Settles when sending should stop early (the run then waits for the replies of what was sent). */
  stop?: Promise<void>;
  /** Told of each measured reply with its body, and when its request was due and written. */
  onReply?: (reply: { due: number; sentAt: number; status: string; body: string }) => void;
}

/** Sends the plan's requests and resolves with the measured ones. */
export function runLoad(plan: LoadPlan, hooks: LoadHooks = {}): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  const target = new URL(plan.url);
  const interval = 1000 / plan.rate;
  const warmup = Math.round(plan.rate * plan.warmupSeconds);
  let total = warmup + Math.round(plan.rate * plan.seconds);
  const result: LoadResult = {
    sent: 0,
    fromSchedule: [],
    fromSend: [],
    statuses: {},
    maxSendLagMs: 0,
    sendSpanSeconds: 0,
    cpuSeconds: 0,
  };
  const cpuBefore = process.cpuUsage();
  let firstMeasuredSend = 0;
  let lastSend = 0;
  let finished = 0;
  return new Promise((resolve) => {
    let resolved = false;
    const settle = () => {
      if (finished < total || resolved) return;
      resolved = true;
      agent.destroy();
      result.sendSpanSeconds = (lastSend - firstMeasuredSend) / 1000;
      const cpu = process.cpuUsage(cpuBefore);
      result.cpuSeconds = (cpu.user + cpu.system) / 1e6;
      resolve(result);
    };
    const done = () => {
      finished++;
      settle();
    };
    const record = (i: number, due: number, sentAt: number, status: string, body: string) => {
      if (i >= warmup) {
        const end = performance.now();
        hooks.onReply?.({ due, sentAt, status, body });
        result.fromSchedule.push(end - due);
        result.fromSend.push(end - sentAt);
        result.statuses[status] = (result.statuses[status] ?? 0) + 1;
      }
      done();
    };
    const send = (i: number, due: number) => {
      const body = report(plan.recordPrefix, i);
      const sentAt = performance.now();
      if (i >= warmup) {
        result.sent++;
        result.maxSendLagMs = Math.max(result.maxSendLagMs, sentAt - due);
        if (i === warmup) firstMeasuredSend = sentAt;
        lastSend = sentAt;
      }
      let settled = false;
      const finish = (status: string, replyBody = '') => {
        if (settled) return;
        settled = true;
        record(i, due, sentAt, status, replyBody);
      };
      const request = http.request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          timeout: 30_000,
          headers: {
            authorization: `Bearer ${plan.apiKey}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          // The body is kept only for a caller that reads it; otherwise it is drained unread.
          if (hooks.onReply) response.on('data', (chunk: Buffer) => chunks.push(chunk));
          else response.resume();
          response.on('end', () =>
            finish(String(response.statusCode), Buffer.concat(chunks).toString('utf8')),
          );
          response.on('error', () => finish('error'));
        },
      );
      request.on('timeout', () => request.destroy(new Error('timed out')));
      request.on('error', () => finish('error'));
      request.end(body);
    };
    const start = performance.now() + 20;
    let next = 0;
    // Wakes at each due time and sends everything due by then, so a late timer never thins the load.
    const tick = () => {
      const now = performance.now();
      while (next < total && start + next * interval <= now) {
        send(next, start + next * interval);
        next++;
      }
      if (next < total) setTimeout(tick, Math.max(0, start + next * interval - performance.now()));
    };
    setTimeout(tick, 20);
    void hooks.stop?.then(() => {
      // Nothing more is sent; the run ends once the requests already out have answered.
      total = next;
      settle();
    });
  });
}

// Only as a forked child of its own, not when another load script imports runLoad.
if (process.send && process.argv[2] && import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const plan = JSON.parse(process.argv[2]) as LoadPlan;
  const result = await runLoad(plan);
  process.send(result, () => process.exit(0));
}
