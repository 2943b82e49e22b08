import type { Queryable } from '../../platform/database.js';
import { MAX_DELIVERY_ATTEMPTS, type ReportDelivery } from './report-schedule.js';

const DELIVERY_COLUMNS = `jurisdiction_id as "jurisdictionId", id, archive_id as "archiveId",
  schedule_id as "scheduleId", recipient, status, attempts, last_error as "lastError",
  last_attempt_at as "lastAttemptAt", sent_at as "sentAt"`;

/** Stores deliveries (pending, before anything is sent). */
export async function insertDeliveries(db: Queryable, deliveries: readonly ReportDelivery[]): Promise<void> {
  for (const d of deliveries) {
    await db.query(
      `insert into report_deliveries (jurisdiction_id, id, archive_id, schedule_id, recipient, status, attempts,
         last_error, last_attempt_at, sent_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        d.jurisdictionId,
        d.id,
        d.archiveId,
        d.scheduleId,
        d.recipient,
        d.status,
        d.attempts,
        d.lastError,
        d.lastAttemptAt,
        d.sentAt,
      ],
    );
  }
}

/**
 * Every jurisdiction's deliveries still to try: not sent, fewer than three attempts, and the last
 * attempt at or before `triedBefore` (so a retry waits for a later tick, and an attempt lost with
 * its server is tried again).
 */
export async function openDeliveries(
  db: Queryable,
  triedBefore: Date,
  limit: number,
): Promise<ReportDelivery[]> {
  return db.query<ReportDelivery>(
    `select ${DELIVERY_COLUMNS} from report_deliveries
     where status in ('pending', 'failed') and attempts < $1 and (last_attempt_at is null or last_attempt_at <= $2)
     order by last_attempt_at nulls first, id limit $3`,
    [MAX_DELIVERY_ATTEMPTS, triedBefore, limit],
  );
}

/**
 * Claims the next attempt of a delivery: raises `attempts` from the value the caller read. Only one
 * of several servers that read the same delivery gets true, so a recipient never gets two copies
 * of one attempt.
 */
export async function claimDeliveryAttempt(
  db: Queryable,
  delivery: ReportDelivery,
  now: Date,
): Promise<boolean> {
  const rows = await db.query(
    `update report_deliveries set attempts = attempts + 1, last_attempt_at = $4
     where jurisdiction_id = $1 and id = $2 and attempts = $3 and status in ('pending', 'failed') returning id`,
    [delivery.jurisdictionId, delivery.id, delivery.attempts, now],
  );
  return rows.length === 1;
}

/** Records the outcome of an attempt. */
export async function recordDeliveryOutcome(
  db: Queryable,
  delivery: Pick<ReportDelivery, 'jurisdictionId' | 'id'>,
  outcome: { status: 'sent' | 'failed'; lastError: string | null; sentAt: Date | null },
): Promise<void> {
  await db.query(
    `update report_deliveries set status = $3, last_error = $4, sent_at = $5
     where jurisdiction_id = $1 and id = $2`,
    [delivery.jurisdictionId, delivery.id, outcome.status, outcome.lastError, outcome.sentAt],
  );
}

/**
 * Cancels a delivery that may not be sent, with the reason, if it still stands as the caller read it
 * (not sent, same attempts): false when another server got to it first.
 */
export async function refuseDelivery(
  db: Queryable,
  delivery: ReportDelivery,
  reason: string,
): Promise<boolean> {
  const rows = await db.query(
    `update report_deliveries set status = 'cancelled', last_error = $4
     where jurisdiction_id = $1 and id = $2 and attempts = $3 and status in ('pending', 'failed') returning id`,
    [delivery.jurisdictionId, delivery.id, delivery.attempts, reason],
  );
  return rows.length === 1;
}

/** An archived report's deliveries, by recipient. */
export async function listDeliveries(
  db: Queryable,
  jurisdictionId: string,
  archiveId: string,
): Promise<ReportDelivery[]> {
  return db.query<ReportDelivery>(
    `select ${DELIVERY_COLUMNS} from report_deliveries where jurisdiction_id = $1 and archive_id = $2
     order by recipient, id`,
    [jurisdictionId, archiveId],
  );
}

/** The deliveries of several archived reports, by recipient. */
export async function listDeliveriesOfReports(
  db: Queryable,
  jurisdictionId: string,
  archiveIds: readonly string[],
): Promise<ReportDelivery[]> {
  if (archiveIds.length === 0) return [];
  return db.query<ReportDelivery>(
    `select ${DELIVERY_COLUMNS} from report_deliveries where jurisdiction_id = $1 and archive_id = any($2::uuid[])
     order by recipient, id`,
    [jurisdictionId, archiveIds],
  );
}

/** Stops the retries of a deleted schedule's unsent deliveries. */
export async function cancelOpenDeliveries(
  db: Queryable,
  jurisdictionId: string,
  scheduleId: string,
): Promise<void> {
  await db.query(
    `update report_deliveries set status = 'cancelled'
     where jurisdiction_id = $1 and schedule_id = $2 and status in ('pending', 'failed') and attempts < $3`,
    [jurisdictionId, scheduleId, MAX_DELIVERY_ATTEMPTS],
  );
}
