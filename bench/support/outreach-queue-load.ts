/**
 * Load for the outreach queue bench, run as a child process so that its clients do not share an
 * event loop with the server: `cookies.length` signed-in coordinators poll the program's queue through
 * `GET /api/v1/outreach/cases`, each on its own keep-alive connection, while reports naming a person
 * are POSTed one at a time at a steady rate. Each report happens at its own second, so the case it
 * opens is known by its clock (`clock_started_at` = the overdose's occurred_at). Takes an
 * OutreachQueueLoadPlan as JSON in argv[2] and sends back one OutreachQueueLoadResult message.
 *
 * What a poll reads: the coordinator's triage view, the program's open unassigned cases
 * (`status=open&assigned=unassigned&limit=200`), page after page until `next_cursor` is null. A new
 * case is unassigned, and the queue orders by due time, so a fresh overdose (due last) is at the end of
 * the program's queue: reading the first page of the whole queue would not show it, while the triage
 * view, read to its end, shows every new case the moment it is committed.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';

/** What to do. */
export interface OutreachQueueLoadPlan {
  base: string;
  /** The API key the reports are POSTed with. */
  apiKey: string;
  /** One session cookie per polling coordinator. */
  cookies: string[];
  programId: string;
  /** How often each worker reads the queue; the workers are staggered over this interval. */
  pollMs: number;
  postsPerSecond: number;
  seconds: number;
  recordPrefix: string;
  /** The first report's occurred_at (ISO); report i happens i seconds later. */
  firstOccurredAt: string;
  /** Points inside the program's areas, used in turn. */
  points: [number, number][];
}

/** Latencies in milliseconds. */
export interface OutreachQueueLoadResult {
  /** From each POST's 2xx answer (the commit) to its case first seen in the queue by any worker. */
  commitToQueue: number[];
  /** The POSTs themselves, sent to 2xx answer. */
  post: number[];
  /** How long one GET of the queue (one page) took, sent to 200 answer. */
  queueRead: number[];
  /** Queue GETs answered other than 200. */
  queueErrors: number;
  /** Cases in the triage view (`total`) at the last read. */
  queueLength: number;
  postsSent: number;
  postErrors: number;
  /** Reports whose case was never seen before the end. */
  missing: number;
  cpuSeconds: number;
}

/** Sends one request and resolves with its status and body. */
function send(
  agent: http.Agent,
  url: URL,
  options: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { agent, method: options.method, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** One page of the queue, as the route answers it (only what the bench reads). */
interface QueuePage {
  cases: { clock_started_at: string }[];
  next_cursor: string | null;
  total: number;
}

/** Runs the plan and resolves with what was measured. */
export async function runOutreachQueueLoad(plan: OutreachQueueLoadPlan): Promise<OutreachQueueLoadResult> {
  const cpuBefore = process.cpuUsage();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
  const result: OutreachQueueLoadResult = {
    commitToQueue: [],
    post: [],
    queueRead: [],
    queueErrors: 0,
    queueLength: 0,
    postsSent: 0,
    postErrors: 0,
    missing: 0,
    cpuSeconds: 0,
  };
  // When each report's case was first seen, by its clock in epoch milliseconds.
  const seen = new Map<number, number>();
  const committed = new Map<number, number>();
  const first = Date.parse(plan.firstOccurredAt);
  const start = performance.now();
  const end = start + plan.seconds * 1000;
  let posting = true;

  // One coordinator: reads the triage view to its end, every pollMs.
  const worker = async (cookie: string, index: number) => {
    const own = new http.Agent({ keepAlive: true, maxSockets: 1 });
    await new Promise((r) => setTimeout(r, (plan.pollMs * index) / plan.cookies.length));
    // Reads on until the poster is done and every committed report's case was seen (or 10 s passed).
    const until = () =>
      !posting && ([...committed.keys()].every((k) => seen.has(k)) || performance.now() > end + 10_000);
    while (!until()) {
      const began = performance.now();
      let cursor: string | null = null;
      do {
        const url = new URL('/api/v1/outreach/cases', plan.base);
        url.search = new URLSearchParams({
          program_id: plan.programId,
          status: 'open',
          assigned: 'unassigned',
          limit: '200',
          purpose: 'operations',
          ...(cursor ? { cursor } : {}),
        }).toString();
        const sent = performance.now();
        const answer = await send(own, url, { method: 'GET', headers: { cookie } });
        const at = performance.now();
        if (answer.status !== 200) {
          result.queueErrors++;
          break;
        }
        result.queueRead.push(at - sent);
        const page = JSON.parse(answer.body) as QueuePage;
        result.queueLength = page.total;
        for (const c of page.cases) {
          const key = Date.parse(c.clock_started_at);
          if (!seen.has(key)) seen.set(key, at);
        }
        cursor = page.next_cursor;
      } while (cursor);
      const wait = plan.pollMs - (performance.now() - began);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    own.destroy();
  };

  const poster = async () => {
    const interval = 1000 / plan.postsPerSecond;
    for (let i = 0; ; i++) {
      const due = start + i * interval;
      if (due >= end) break;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const [lat, lon] = plan.points[i % plan.points.length] as [number, number];
      const occurredAt = first + i * 1000;
      const body = JSON.stringify({
        source_record_id: `${plan.recordPrefix}-${i}`,
        occurred_at: new Date(occurredAt).toISOString(),
        latitude: lat + ((i % 7) - 3) / 2000,
        longitude: lon + ((i % 5) - 2) / 2000,
        fatal: false,
        naloxone_given: true,
        person: {
          first_name: `Bench${i}`,
          last_name: `Survivor${plan.recordPrefix.length + i}`,
          birth_date: `19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`,
          phone: `860555${String(i % 10_000).padStart(4, '0')}`,
          address: `${i + 1} Bench St`,
        },
      });
      const sent = performance.now();
      const status = await send(agent, new URL('/api/v1/reports', plan.base), {
        method: 'POST',
        headers: { authorization: `Bearer ${plan.apiKey}`, 'content-type': 'application/json' },
        body,
      }).then(
        (answer) => answer.status,
        () => -1,
      );
      const answered = performance.now();
      result.postsSent++;
      if (status !== 201) {
        result.postErrors++;
        continue;
      }
      result.post.push(answered - sent);
      committed.set(occurredAt, answered);
    }
    posting = false;
  };

  await Promise.all([poster(), ...plan.cookies.map((cookie, i) => worker(cookie, i))]);
  for (const [clock, answered] of committed) {
    const at = seen.get(clock);
    if (at === undefined) result.missing++;
    // A case seen by a read that began before the answer arrived counts as seen at once.
    else result.commitToQueue.push(Math.max(0, at - answered));
  }
  agent.destroy();
  const cpu = process.cpuUsage(cpuBefore);
  result.cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return result;
}

if (process.send) {
  const plan = JSON.parse(process.argv[2] as string) as OutreachQueueLoadPlan;
  runOutreachQueueLoad(plan).then(
    (result) => process.send?.(result, () => process.exit(0)),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
