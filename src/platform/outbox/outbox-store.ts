import type { Queryable } from '../database.js';

/** The NOTIFY channel that wakes the servers' outboxes when events are committed (PostgreSQL). */
export const OUTBOX_CHANNEL = 'sos_outbox';

/** An event as claimed for handling. */
export interface OutboxEvent {
  id: number;
  topic: string;
  payload: unknown;
  /** This claim included. */
  attempts: number;
}

/**
 * Writes an event in the caller's transaction, so it exists exactly when the change it follows does.
 * The NOTIFY goes out at commit (and not at all on rollback): it only wakes the servers sooner.
 */
export async function enqueueEvent(tx: Queryable, topic: string, payload: unknown): Promise<void> {
  await tx.query('insert into outbox_events (topic, payload) values ($1, $2)', [
    topic,
    JSON.stringify(payload),
  ]);
  await tx.query('select pg_notify($1, $2)', [OUTBOX_CHANNEL, topic]);
}

/**
 * Claims up to `limit` available events of the given topics, oldest first, for `holdMs`: their
 * `available_at` moves past the hold, so no other server takes them meanwhile, and a server that
 * dies holding them lets them go when the hold ends. Servers claiming at once skip each other's rows.
 */
export function claimEvents(
  db: Queryable,
  topics: readonly string[],
  limit: number,
  holdMs: number,
): Promise<OutboxEvent[]> {
  return db.query<OutboxEvent>(
    `update outbox_events set attempts = attempts + 1, available_at = now() + $3 * interval '1 millisecond'
     where id in (
       select id from outbox_events
       where handled_at is null and available_at <= now() and topic = any($1)
       order by id limit $2 for update skip locked)
     returning id::int as id, topic, payload, attempts`,
    [topics, limit, holdMs],
  );
}

/** Marks a claimed event handled. */
export async function markHandled(db: Queryable, id: number): Promise<void> {
  await db.query('update outbox_events set handled_at = now(), last_error = null where id = $1', [id]);
}

/** Records why handling failed and when the event may be tried again. */
export async function markFailed(
  db: Queryable,
  id: number,
  error: string,
  retryAfterMs: number,
): Promise<void> {
  await db.query(
    `update outbox_events set last_error = $2, available_at = now() + $3 * interval '1 millisecond'
     where id = $1`,
    [id, error, retryAfterMs],
  );
}

/** Deletes events handled more than `keepMs` ago; returns how many. */
export async function pruneHandled(db: Queryable, keepMs: number): Promise<number> {
  const rows = await db.query(
    `delete from outbox_events where handled_at < now() - $1 * interval '1 millisecond' returning id`,
    [keepMs],
  );
  return rows.length;
}
