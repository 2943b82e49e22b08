import type { Database } from '../platform/database.js';

/** The application name a paced import's connections carry, so that it can tell live work from its own. */
export const BACKFILL_APPLICATION_NAME = 'sos import --pace';

/** Rows per transaction of a paced backfill: short transactions, so live work waits less for the rows they share. */
export const PACED_BATCH_SIZE = 1000;

/** The longest pause after one batch: a backfill slows down under live work, it never stops. */
const MAX_PAUSE_MS = 2000;

/**
 * How long one batch may hold the database while live work is in flight: a batch takes a core of the
 * database and the rows it shares with live transactions for that long, so the live path's worst
 * case grows with it (with 1,000-row batches, live POSTs at 200/s saw p99 in the seconds).
 */
const LIVE_BURST_MS = 50;

/** The smallest batch: below it the statements per batch cost more than the rows. */
const MIN_PACED_BATCH = 100;

/**
 * The environment of a paced backfill: its PostgreSQL connections carry BACKFILL_APPLICATION_NAME,
 * even where DATABASE_URL names another application, so the pacer never takes them for live work.
 */
export function backfillEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const named: NodeJS.ProcessEnv = { ...env, PGAPPNAME: BACKFILL_APPLICATION_NAME };
  if (env.DATABASE_URL) {
    const url = new URL(env.DATABASE_URL);
    url.searchParams.set('application_name', BACKFILL_APPLICATION_NAME);
    named.DATABASE_URL = url.toString();
  }
  return named;
}

/**
 * How long a paced backfill rests after a batch that took `batchMs`: nothing while no live work is
 * in flight, else long enough that the backfill holds the database at most `share` (0..1] of the
 * time, and never more than MAX_PAUSE_MS (pure).
 */
export function pauseAfterBatch(batchMs: number, liveWork: boolean, share: number): number {
  if (!liveWork || share >= 1) return 0;
  return Math.min(MAX_PAUSE_MS, Math.max(0, batchMs) * (1 / share - 1));
}

/**
 * How many rows the next batch of a paced backfill takes (pure): `ceiling` while no live work is in
 * flight, else as many as the last batch wrote in LIVE_BURST_MS, at least MIN_PACED_BATCH.
 */
export function pacedBatchSize(
  last: { rows: number; ms: number } | null,
  liveWork: boolean,
  ceiling: number,
): number {
  if (!liveWork || !last || last.rows <= 0 || last.ms <= 0) return ceiling;
  const fitting = Math.round((last.rows * LIVE_BURST_MS) / last.ms);
  return Math.min(ceiling, Math.max(MIN_PACED_BATCH, fitting));
}

/** A backfill that gives way to live intake between its batches, and what it gave. */
export interface BackfillPacer {
  /** Called once a batch of `rows` has committed; resolves when the next batch may be written. */
  afterBatch(rows: number): Promise<void>;
  /** The rows the next batch should take, at most `ceiling` (see pacedBatchSize). */
  batchSize(ceiling: number): number;
  /** Pauses so far, and their milliseconds. */
  readonly pauses: number;
  readonly pausedMs: number;
}

/**
 * Paces a backfill on PostgreSQL: after each batch it looks for live work in flight (sessions of the
 * database in a statement or a transaction, other than the import's own, which carry
 * BACKFILL_APPLICATION_NAME) and, when there is some, rests in proportion to the batch's time
 * (`pauseAfterBatch`), and makes its next batch short (`pacedBatchSize`), so live POSTs get the CPU and
 * the rows they share and never wait long. With nothing else running it never waits and writes whole
 * batches, so a backfill alone keeps its speed. On PGlite there is no other session: it never waits.
 */
export function backfillPacer(
  db: Database,
  options: { share?: number; sleep?: (ms: number) => Promise<void> } = {},
): BackfillPacer {
  const share = options.share ?? 0.5;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let last = performance.now();
  let lastBatch: { rows: number; ms: number } | null = null;
  let live = false;
  const pacer = {
    pauses: 0,
    pausedMs: 0,
    async afterBatch(rows: number): Promise<void> {
      const batchMs = performance.now() - last;
      lastBatch = { rows, ms: batchMs };
      live = db.kind === 'postgres' && (await liveWorkInFlight(db));
      const pause = pauseAfterBatch(batchMs, live, share);
      if (pause > 0) {
        pacer.pauses++;
        pacer.pausedMs += pause;
        await sleep(pause);
      }
      last = performance.now();
    },
    batchSize: (ceiling: number) => pacedBatchSize(lastBatch, live, ceiling),
  };
  return pacer;
}

/** Whether any session of the database but the backfill's own is in a statement or a transaction now. */
async function liveWorkInFlight(db: Database): Promise<boolean> {
  const [row] = await db.query<{ n: number }>(
    `select count(*)::int as n from pg_stat_activity
     where datname = current_database() and backend_type = 'client backend' and pid <> pg_backend_pid()
       and state in ('active', 'idle in transaction') and application_name <> $1`,
    [BACKFILL_APPLICATION_NAME],
  );
  return (row?.n ?? 0) > 0;
}
