import type { Queryable } from '../../platform/database.js';

/** One organization's reporting activity, with its name and type. */
export interface SourceActivityRow {
  organizationId: string;
  name: string;
  type: string;
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

/** Every organization of a jurisdiction with its activity (never-reporting ones included). */
export async function readSourceActivity(
  db: Queryable,
  jurisdictionId: string,
): Promise<SourceActivityRow[]> {
  return db.query<SourceActivityRow>(
    `select o.id as "organizationId", o.name, o.type, s.last_received_at as "lastReceivedAt",
            s.last_accepted_at as "lastAcceptedAt", coalesce(s.accepted_total, 0)::int as "acceptedTotal",
            s.newest_occurred_at as "newestOccurredAt"
     from organizations o
     left join source_activity s on s.jurisdiction_id = o.jurisdiction_id and s.organization_id = o.id
     where o.jurisdiction_id = $1
     order by s.last_received_at desc nulls last, o.name`,
    [jurisdictionId],
  );
}
