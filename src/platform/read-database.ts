import { type Database, openPostgres, type Queryable, type Row } from './database.js';
import { SosError } from './errors.js';

/** How long reads stay on the primary after the replica failed before it is tried again. */
const RETRY_AFTER_MS = 5_000;
/** How long a connection to the replica may take before the read goes to the primary. */
const CONNECT_TIMEOUT_MS = 2_000;
/** Connections to the replica: reads only, fewer than the primary's pool. */
const REPLICA_POOL_SIZE = 10;
/** How often the replay position is read while something waits for it. */
const REPLAY_POLL_MS = 10;
/** The longest a change's announcement waits for the replica (a lagging replica must not silence dashboards). */
const REPLAY_WAIT_MS = 2_000;

/** Where reads that tolerate lag come from, and how far behind the primary that is. */
export interface ReplicaLag {
  /** 'replica': reads come from it; 'primary': it is unreachable and reads fell back to the primary. */
  readsFrom: 'replica' | 'primary';
  /** Seconds the replica's data may be behind the primary (0 when caught up); null when unreachable. */
  lagSeconds: number | null;
  /** Whether replay is paused on the replica (pg_wal_replay_pause()). */
  replayPaused: boolean;
}

/** The replica's side of a read handle: its lag, and waiting for it to show a change just committed. */
export interface Replication {
  lag(): Promise<ReplicaLag>;
  /**
   * Runs `then` once the replica has replayed everything committed on the primary so far (at most
   * REPLAY_WAIT_MS later; at once while reads are on the primary). Calls run in the order made.
   */
  afterReplay(then: () => void): void;
}

/** The read handle over a replica: queries on the replica (the primary while it is unreachable). */
export interface ReadDatabase extends Database {
  readonly primary: Database;
  readonly replication: Replication;
}

/** What the read handle says when reads move between the replica and the primary. */
export type ReadLog = (message: string) => void;

/**
 * The handle for reads that tolerate lag: the primary itself when no replica is configured, else a
 * handle on the replica at `readUrl` (PostgreSQL only: the embedded database has no replicas).
 */
export async function openReadDatabase(
  primary: Database,
  readUrl: string | null,
  log: ReadLog = (message) => console.warn(message),
): Promise<Database> {
  if (!readUrl) return primary;
  if (primary.kind !== 'postgres') {
    throw new SosError(
      'READ_REPLICA_NEEDS_POSTGRES',
      'DATABASE_READ_URL is set but DATABASE_URL is not: the embedded database (PGlite) has no replicas. ' +
        'Set DATABASE_URL to the primary PostgreSQL server, or unset DATABASE_READ_URL',
    );
  }
  // Not checked now: a replica down at start is found by the first read, which then goes to the primary.
  const replica = await openPostgres(readUrl, REPLICA_POOL_SIZE, {
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    verify: false,
  });
  return readDatabaseOver(primary, replica, { log });
}

/** The replication of a read handle, or null when reads come from the primary itself. */
export function replicationOf(db: Queryable): Replication | null {
  return (db as Partial<ReadDatabase>).replication ?? null;
}

/**
 * Reads on `replica`, falling back to `primary` while it is unreachable (said once in the log, and
 * once when it answers again); transactions, COPY, statements and LISTEN always go to the primary, so
 * a read's audit entry is written there.
 */
export function readDatabaseOver(
  primary: Database,
  replica: Database,
  options: { log: ReadLog; retryAfterMs?: number; now?: () => number },
): ReadDatabase {
  const now = options.now ?? Date.now;
  const retryAfterMs = options.retryAfterMs ?? RETRY_AFTER_MS;
  let downUntil: number | null = null;
  const down = () => downUntil !== null && now() < downUntil;
  const markDown = (error: unknown) => {
    if (downUntil === null) {
      options.log(`read replica unreachable (${describe(error)}): reading from the primary`);
    }
    downUntil = now() + retryAfterMs;
  };
  const markUp = () => {
    if (downUntil === null) return;
    downUntil = null;
    options.log('read replica reachable again: reading from it');
  };
  /** Runs a read on the replica; on the primary when it cannot answer. */
  const read = async <T>(work: (db: Queryable) => Promise<T>): Promise<T> => {
    if (down()) return work(primary);
    try {
      const result = await work(replica);
      markUp();
      return result;
    } catch (error) {
      if (isRecoveryConflict(error)) return work(primary);
      if (!isUnreachable(error)) throw error;
      markDown(error);
      return work(primary);
    }
  };
  const replication = replicationOver(primary, replica, { down, markDown });
  return {
    kind: 'postgres',
    primary,
    replication,
    query: <T = Row>(text: string, params?: unknown[]) => read((db) => db.query<T>(text, params)),
    copyLines: (table, columns, text) => primary.copyLines(table, columns, text),
    transaction: (fn) => primary.transaction(fn),
    exec: (sql) => primary.exec(sql),
    ...(primary.listen ? { listen: primary.listen.bind(primary) } : {}),
    close: () => replica.close(),
  };
}

/** Lag and replay waits, read from the replica (and the primary's WAL position). */
function replicationOver(
  primary: Database,
  replica: Database,
  state: { down: () => boolean; markDown: (error: unknown) => void },
): Replication {
  const waiting: { position: Promise<string | null>; deadline: number; then: () => void }[] = [];
  let polling = false;
  const poll = async () => {
    polling = true;
    try {
      while (waiting.length > 0) {
        const head = waiting[0] as (typeof waiting)[number];
        const position = await head.position;
        let replayed = position === null || state.down() || Date.now() >= head.deadline;
        if (!replayed) {
          try {
            const [row] = await replica.query<{ behind: boolean | null }>(
              'select pg_last_wal_replay_lsn() < $1::pg_lsn as behind',
              [position],
            );
            replayed = row?.behind === false;
          } catch (error) {
            if (isUnreachable(error)) state.markDown(error);
            replayed = true;
          }
        }
        if (replayed) {
          waiting.shift();
          head.then();
        } else {
          await new Promise((resolve) => setTimeout(resolve, REPLAY_POLL_MS));
        }
      }
    } finally {
      polling = false;
    }
  };
  return {
    lag: async () => {
      if (state.down()) return { readsFrom: 'primary', lagSeconds: null, replayPaused: false };
      try {
        const [position] = await primary.query<{ lsn: string }>(
          'select pg_current_wal_flush_lsn()::text as lsn',
        );
        const [row] = await replica.query<{ lag: number | null; paused: boolean | null }>(
          `select case
                    when not pg_is_in_recovery() or pg_last_wal_replay_lsn() >= $1::pg_lsn then 0
                    else greatest(0, extract(epoch from now() - pg_last_xact_replay_timestamp()))
                  end::float8 as lag,
                  case when pg_is_in_recovery() then pg_is_wal_replay_paused() end as paused`,
          [position?.lsn],
        );
        return { readsFrom: 'replica', lagSeconds: row?.lag ?? null, replayPaused: row?.paused === true };
      } catch (error) {
        if (!isUnreachable(error)) throw error;
        state.markDown(error);
        return { readsFrom: 'primary', lagSeconds: null, replayPaused: false };
      }
    },
    afterReplay: (then) => {
      if (state.down() && waiting.length === 0) {
        then();
        return;
      }
      // The insert position includes the commit just made, even before an asynchronous commit is flushed.
      const position = primary.query<{ lsn: string }>('select pg_current_wal_insert_lsn()::text as lsn').then(
        ([row]) => row?.lsn ?? null,
        () => null,
      );
      waiting.push({ position, deadline: Date.now() + REPLAY_WAIT_MS, then });
      if (!polling) void poll();
    },
  };
}

/** PostgreSQL's SQLSTATEs for a server that is going away or not accepting connections yet. */
const UNREACHABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);
/** Node's codes for a connection that could not be made or was cut. */
const UNREACHABLE_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/** Whether an error means the replica could not be reached (rather than that the query was wrong). */
export function isUnreachable(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (UNREACHABLE_ERRNOS.has(code) || UNREACHABLE_STATES.has(code))) return true;
  // Class 08: connection exceptions.
  if (typeof code === 'string' && code.startsWith('08')) return true;
  // pg's own words for a connection cut mid-query and for its connection timeout.
  return (
    typeof message === 'string' &&
    /Connection terminated|timeout exceeded when trying to connect/i.test(message)
  );
}

/** A query the replica cancelled because replay needed what it read: the primary answers it instead. */
function isRecoveryConflict(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === '40001' && typeof message === 'string' && /conflict with recovery/i.test(message);
}

function describe(error: unknown): string {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message.split('\n')[0]?.slice(0, 160) : String(error);
  return typeof code === 'string' ? `${code}: ${text}` : (text ?? 'unknown error');
}
