import type { Queryable } from '../../platform/database.js';

/** One organization's reporting activity as recorded. */
export interface SourceActivity {
  organizationId: string;
  lastReceivedAt: Date | null;
  lastAcceptedAt: Date | null;
  acceptedTotal: number;
  newestOccurredAt: Date | null;
}

/**
 * Records that an organization sent a batch (inside the intake transaction): when it arrived, how many
 * reports were accepted, and the latest occurred_at among them (null when none was).
 */
export async function recordSourceActivity(
  tx: Queryable,
  jurisdictionId: string,
  organizationId: string,
  receivedAt: Date,
  accepted: number,
  newestOccurredAt: Date | null,
): Promise<void> {
  // greatest() ignores nulls, so a batch of duplicates leaves the newest overdose as it was.
  await tx.query(
    `insert into source_activity as s (jurisdiction_id, organization_id, last_received_at, last_accepted_at, accepted_total, newest_occurred_at)
     values ($1, $2, $3, case when $4::int > 0 then $3::timestamptz end, $4, $5)
     on conflict (jurisdiction_id, organization_id) do update set
       last_received_at = greatest(s.last_received_at, excluded.last_received_at),
       last_accepted_at = coalesce(greatest(s.last_accepted_at, excluded.last_accepted_at), s.last_accepted_at, excluded.last_accepted_at),
       accepted_total = s.accepted_total + excluded.accepted_total,
       newest_occurred_at = greatest(s.newest_occurred_at, excluded.newest_occurred_at)`,
    [jurisdictionId, organizationId, receivedAt, accepted, newestOccurredAt],
  );
}

/** The reporting activity of the organizations of a jurisdiction that have sent anything. */
export async function readSourceActivity(db: Queryable, jurisdictionId: string): Promise<SourceActivity[]> {
  return db.query<SourceActivity>(
    `select organization_id as "organizationId", last_received_at as "lastReceivedAt",
            last_accepted_at as "lastAcceptedAt", accepted_total as "acceptedTotal",
            newest_occurred_at as "newestOccurredAt"
     from source_activity where jurisdiction_id = $1`,
    [jurisdictionId],
  );
}
