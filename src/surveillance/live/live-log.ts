import { lockAuditTrail } from '../../access/audit/audit-log.js';
import type { Queryable } from '../../platform/database.js';

/** One committed change in the live log: its position in the jurisdiction's stream and its overdoses. */
export interface LoggedChange {
  jurisdictionId: string;
  position: number;
  overdoseIds: readonly string[];
}

/** How long the log keeps a change: a client away longer is told to reload instead of resuming. */
export const LIVE_RETENTION_MS = 60 * 60_000;

/** The most changes read from the log at once; a client further behind reads the rest in the next round. */
export const LIVE_READ_LIMIT = 200;

/**
 * Writes a change to the live log in the transaction that made it. The position comes from the
 * jurisdiction's counter row, whose lock is held until the transaction ends: a later position
 * always commits after an earlier one, so a reader that saw position n never sees n - 1 appear.
 */
export async function recordLiveChange(
  tx: Queryable,
  jurisdictionId: string,
  overdoseIds: readonly string[],
): Promise<void> {
  // Every change is audited in its transaction, some before (intake) and some after (linkage): the
  // audit chain's lock first keeps the two locks in one order. It costs nothing more, as those
  // transactions already queue on it until they commit.
  await lockAuditTrail(tx, jurisdictionId);
  await tx.query(
    `with next as (
       insert into live_event_positions as p (jurisdiction_id, last_position) values ($1, 1)
       on conflict (jurisdiction_id) do update set last_position = p.last_position + 1
       returning last_position
     )
     insert into live_events (jurisdiction_id, position, overdose_ids)
     select $1, last_position, $2::uuid[] from next`,
    [jurisdictionId, [...overdoseIds]],
  );
}

/** The jurisdiction's changes after `position`, oldest first, at most `limit`. */
export async function readChangesAfter(
  db: Queryable,
  jurisdictionId: string,
  position: number,
  limit = LIVE_READ_LIMIT,
): Promise<LoggedChange[]> {
  const rows = await db.query<{ position: string; overdose_ids: string[] }>(
    `select position::text as position, overdose_ids::text[] as overdose_ids from live_events
     where jurisdiction_id = $1 and position > $2 order by position limit $3`,
    [jurisdictionId, position, limit],
  );
  return rows.map((r) => ({ jurisdictionId, position: Number(r.position), overdoseIds: r.overdose_ids }));
}

/** The jurisdiction's last committed position (0 before its first change). */
export async function lastPosition(db: Queryable, jurisdictionId: string): Promise<number> {
  const rows = await db.query<{ last: string }>(
    'select last_position::text as last from live_event_positions where jurisdiction_id = $1',
    [jurisdictionId],
  );
  return Number(rows[0]?.last ?? 0);
}

/** Deletes the changes older than `before`; returns how many. Positions stay counted. */
export async function pruneLiveChanges(db: Queryable, before: Date): Promise<number> {
  const rows = await db.query('delete from live_events where created_at < $1 returning 1', [before]);
  return rows.length;
}
