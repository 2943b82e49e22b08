import type { Queryable } from '../../platform/database.js';

/** The domains a jurisdiction allowlisted for internal reports (none until an analyst sets some). */
export async function findInternalReportDomains(db: Queryable, jurisdictionId: string): Promise<string[]> {
  const [row] = await db.query<{ domains: string[] }>(
    'select internal_report_domains as domains from report_recipient_settings where jurisdiction_id = $1',
    [jurisdictionId],
  );
  return row?.domains ?? [];
}

/** Replaces a jurisdiction's internal report domains. */
export async function saveInternalReportDomains(
  db: Queryable,
  jurisdictionId: string,
  domains: readonly string[],
  updatedBy: string,
  updatedAt: Date,
): Promise<void> {
  await db.query(
    `insert into report_recipient_settings (jurisdiction_id, internal_report_domains, updated_by, updated_at)
     values ($1, $2, $3, $4)
     on conflict (jurisdiction_id) do update
       set internal_report_domains = excluded.internal_report_domains, updated_by = excluded.updated_by,
           updated_at = excluded.updated_at`,
    [jurisdictionId, domains, updatedBy, updatedAt],
  );
}
