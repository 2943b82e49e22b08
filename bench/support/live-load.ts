/**
 * The live path's load, run as a child process so that it does not share an event loop with the
 * server: open-loop single-report POSTs (bench/support/load-generator.ts) while open live streams
 * (dashboard-load.ts's stream reader) time each POSTed report's arrival. Runs for `seconds`, or until
 * the parent sends 'stop'. Takes a LiveLoadPlan as JSON in argv[2] and sends back one LiveLoadResult.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { openStream } from './dashboard-load.js';
import { type LoadPlan, type LoadResult, runLoad } from './load-generator.js';

/** The POSTs, and the streams that watch them arrive. */
export interface LiveLoadPlan extends LoadPlan {
  /** The server's base URL, and the session cookie of the analyst whose streams are opened. */
  base: string;
  cookie: string;
  streams: number;
}

/** The POSTs' figures, and the arrival of their overdoses on the streams. */
export interface LiveLoadResult {
  load: LoadResult;
  /** Milliseconds from writing each accepted POST to its overdose arriving, once per stream. */
  arrival: number[];
  /** Accepted POSTs whose overdose did not reach every stream before the end. */
  missing: number;
}

/** Runs the plan until its seconds are over or `stop` settles, and resolves with its figures. */
export async function runLiveLoad(plan: LiveLoadPlan, stop?: Promise<void>): Promise<LiveLoadResult> {
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
  const accepted: { sentAt: number; overdoseId: string }[] = [];
  const load = await runLoad(plan, {
    ...(stop ? { stop } : {}),
    onReply: ({ sentAt, status, body }) => {
      if (status !== '201') return;
      const overdoseId = (JSON.parse(body) as { overdose_id?: string }).overdose_id;
      if (overdoseId) accepted.push({ sentAt, overdoseId });
    },
  });
  // The last reports get a moment to arrive before the streams close.
  const lastSent = accepted.at(-1)?.sentAt ?? 0;
  await new Promise((r) => setTimeout(r, Math.max(0, lastSent + 2000 - performance.now())));
  for (const close of closers) close();
  const arrival: number[] = [];
  let missing = 0;
  for (const { sentAt, overdoseId } of accepted) {
    const times = arrivals.get(overdoseId) ?? [];
    if (times.length < plan.streams) missing++;
    for (const at of times) arrival.push(at - sentAt);
  }
  return { load, arrival, missing };
}

if (process.send && process.argv[2] && import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const plan = JSON.parse(process.argv[2]) as LiveLoadPlan;
  const stop = new Promise<void>((resolve) => process.on('message', (m) => m === 'stop' && resolve()));
  runLiveLoad(plan, stop).then(
    (result) => process.send?.(result, () => process.exit(0)),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
