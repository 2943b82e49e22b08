/**
 * Load for the dashboard bench, run as a child process so that the clients do not share an event
 * loop with the server: `clients` concurrent readers loop over the dashboard's aggregate requests
 * (closed loop: each sends its next request when the last one answered), while open live streams
 * wait for the reports POSTed at a fixed rate. Takes a DashboardLoadPlan as JSON in argv[2] and sends
 * back one DashboardLoadResult message.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

/** What to do. */
export interface DashboardLoadPlan {
  base: string;
  /** Session cookie of the reader of the aggregates and of the live streams. */
  cookie: string;
  apiKey: string;
  /** Request paths of the dashboard's views, each tagged with what it asks for. */
  requests: { tag: string; path: string }[];
  clients: number;
  warmupSeconds: number;
  seconds: number;
  /** Open live streams, and reports POSTed per second while the readers run. */
  streams: number;
  postsPerSecond: number;
  recordPrefix: string;
  /** The day the POSTed reports happen on: inside the readers' range, so each one changes their answers. */
  postDay: string;
}

/** Latencies in milliseconds. */
export interface DashboardLoadResult {
  byTag: Record<string, number[]>;
  all: number[];
  errors: Record<string, number>;
  /** From the start of each POST to its overdose arriving on each open stream. */
  liveArrival: number[];
  postsSent: number;
  /** From the start of each POST to its answer (any status). */
  postLatencies: number[];
  /** Reports whose overdose never reached some stream before the end. */
  liveMissing: number;
  cpuSeconds: number;
}

function request(
  agent: http.Agent,
  url: URL,
  options: { method?: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { agent, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

/** Opens a live stream; calls `onOverdose` with each arriving overdose id and the time it arrived. */
export function openStream(
  plan: Pick<DashboardLoadPlan, 'base' | 'cookie'>,
  onOverdose: (id: string, at: number) => void,
): Promise<() => void> {
  return new Promise((resolve, reject) => {
    const req = http.get(new URL('/api/v1/live', plan.base), { headers: { cookie: plan.cookie } }, (res) => {
      if (res.statusCode !== 200) reject(new Error(`live stream answered ${res.statusCode}`));
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const at = performance.now();
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (block.startsWith('event: overdoses') && data) {
            for (const point of JSON.parse(data).points as { id: string }[]) onOverdose(point.id, at);
          }
          end = buffer.indexOf('\n\n');
        }
      });
      resolve(() => req.destroy());
    });
    req.on('error', () => {});
  });
}

/** Runs the plan and resolves with the measured part. */
export async function runDashboardLoad(plan: DashboardLoadPlan): Promise<DashboardLoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: plan.clients + 4 });
  const cpuBefore = process.cpuUsage();
  const result: DashboardLoadResult = {
    byTag: {},
    all: [],
    errors: {},
    liveArrival: [],
    postsSent: 0,
    postLatencies: [],
    liveMissing: 0,
    cpuSeconds: 0,
  };
  const arrivals = new Map<string, number[]>();
  const closers = await Promise.all(
    Array.from({ length: plan.streams }, () =>
      openStream(plan, (id, at) => {
        const list = arrivals.get(id) ?? [];
        list.push(at);
        arrivals.set(id, list);
      }),
    ),
  );
  const start = performance.now();
  const measureFrom = start + plan.warmupSeconds * 1000;
  const end = measureFrom + plan.seconds * 1000;

  const reader = async (offset: number) => {
    for (let i = offset; performance.now() < end; i++) {
      const { tag, path } = plan.requests[i % plan.requests.length] as { tag: string; path: string };
      const sent = performance.now();
      let status = 0;
      try {
        status = (await request(agent, new URL(path, plan.base), { headers: { cookie: plan.cookie } }))
          .status;
      } catch {
        status = -1;
      }
      const done = performance.now();
      if (sent < measureFrom) continue;
      if (status !== 200) result.errors[tag] = (result.errors[tag] ?? 0) + 1;
      const ms = done - sent;
      result.all.push(ms);
      const tagged = result.byTag[tag] ?? [];
      tagged.push(ms);
      result.byTag[tag] = tagged;
    }
  };

  const posts: { startedAt: number; overdoseId: Promise<string | null> }[] = [];
  const poster = async () => {
    const interval = 1000 / plan.postsPerSecond;
    for (let i = 0; ; i++) {
      const due = measureFrom + i * interval;
      if (due >= end) break;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const startedAt = performance.now();
      const body = JSON.stringify({
        source_record_id: `${plan.recordPrefix}-${i}`,
        occurred_at: `${plan.postDay}T12:00:00`,
        latitude: 41.7658 + (i % 20) / 1000,
        longitude: -72.6734 - (i % 20) / 1000,
        fatal: false,
        naloxone_given: true,
      });
      const reply = request(agent, new URL('/api/v1/reports', plan.base), {
        method: 'POST',
        headers: { authorization: `Bearer ${plan.apiKey}`, 'content-type': 'application/json' },
        body,
      }).then(
        (r) => {
          result.postLatencies.push(performance.now() - startedAt);
          return r.status === 201 ? (JSON.parse(r.body).overdose_id as string) : null;
        },
        () => {
          result.errors.POST = (result.errors.POST ?? 0) + 1;
          return null;
        },
      );
      posts.push({ startedAt, overdoseId: reply });
      result.postsSent++;
    }
  };

  await Promise.all([...Array.from({ length: plan.clients }, (_, c) => reader(c * 3)), poster()]);
  // Give the last reports a moment to arrive before the streams close.
  await new Promise((r) => setTimeout(r, 1500));
  for (const post of posts) {
    const id = await post.overdoseId;
    const times = id ? (arrivals.get(id) ?? []) : [];
    if (times.length < plan.streams) result.liveMissing++;
    for (const at of times) result.liveArrival.push(at - post.startedAt);
  }
  for (const close of closers) close();
  agent.destroy();
  const cpu = process.cpuUsage(cpuBefore);
  result.cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return result;
}

// Only as a forked child of its own, not when another load script imports openStream.
if (process.send && import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const plan = JSON.parse(process.argv[2] as string) as DashboardLoadPlan;
  runDashboardLoad(plan).then(
    (result) => process.send?.(result, () => process.exit(0)),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
