/**
 * Load for the outreach queue bench, run as a child process so that its clients do not share an
 * event loop with the server: `workers` concurrent coordinators poll the program's queue, each on its
 * own PostgreSQL connection, while reports naming a person are POSTed one at a time at a steady
 * rate. Each report happens at its own second, so the case it opens is known by its clock
 * (clock_started_at = the overdose's occurred_at). Takes an OutreachQueueLoadPlan as JSON in argv[2]
 * and sends back one OutreachQueueLoadResult message.
 *
 * The queue is read with SQL (the open cases of the program in the queue's order): the queue route
 * (`GET /api/v1/outreach/cases`) belongs to another part of issue 14 and is not on this branch.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import pg from 'pg';

/** What to do. */
export interface OutreachQueueLoadPlan {
  base: string;
  apiKey: string;
  databaseUrl: string;
  jurisdictionId: string;
  programId: string;
  workers: number;
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
  /** How long one worker's read of the queue took. */
  queueRead: number[];
  /** Rows in the queue at the last read. */
  queueLength: number;
  postsSent: number;
  postErrors: number;
  /** Reports whose case was never seen before the end. */
  missing: number;
  cpuSeconds: number;
}

function post(agent: http.Agent, plan: OutreachQueueLoadPlan, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      new URL('/api/v1/reports', plan.base),
      {
        agent,
        method: 'POST',
        headers: { authorization: `Bearer ${plan.apiKey}`, 'content-type': 'application/json' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs the plan and resolves with what was measured. */
export async function runOutreachQueueLoad(plan: OutreachQueueLoadPlan): Promise<OutreachQueueLoadResult> {
  const cpuBefore = process.cpuUsage();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
  const result: OutreachQueueLoadResult = {
    commitToQueue: [],
    post: [],
    queueRead: [],
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
  const clients = await Promise.all(
    Array.from({ length: plan.workers }, async () => {
      const client = new pg.Client({ connectionString: plan.databaseUrl });
      await client.connect();
      return client;
    }),
  );
  const start = performance.now();
  const end = start + plan.seconds * 1000;
  let posting = true;

  const worker = async (client: pg.Client, index: number) => {
    await new Promise((r) => setTimeout(r, (plan.pollMs * index) / plan.workers));
    // Reads on until the poster is done and every committed report's case was seen (or 10 s passed).
    const until = () =>
      !posting && ([...committed.keys()].every((k) => seen.has(k)) || performance.now() > end + 10_000);
    while (!until()) {
      const sent = performance.now();
      const rows = await client.query<{ clock: Date }>(
        `select clock_started_at as clock from outreach_cases
         where jurisdiction_id = $1 and program_id = $2 and status = 'open'
         order by clock_started_at + interval '72 hours', id`,
        [plan.jurisdictionId, plan.programId],
      );
      const at = performance.now();
      result.queueRead.push(at - sent);
      result.queueLength = rows.rows.length;
      for (const { clock } of rows.rows) {
        const key = clock.getTime();
        if (!seen.has(key)) seen.set(key, at);
      }
      const wait = plan.pollMs - (performance.now() - sent);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
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
      const status = await post(agent, plan, body).catch(() => -1);
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

  await Promise.all([poster(), ...clients.map((client, i) => worker(client, i))]);
  for (const [clock, answered] of committed) {
    const at = seen.get(clock);
    if (at === undefined) result.missing++;
    // A case seen by a read that began before the answer arrived counts as seen at once.
    else result.commitToQueue.push(Math.max(0, at - answered));
  }
  await Promise.all(clients.map((c) => c.end()));
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
