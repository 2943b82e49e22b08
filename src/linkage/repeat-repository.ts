import type { Queryable } from '../platform/database.js';

/** A report that is the newest version of its source record: older versions no longer name anyone. */
const NEWEST_VERSION = `not exists (select 1 from reports n where n.jurisdiction_id = r.jurisdiction_id
  and n.organization_id = r.organization_id and n.source_record_id = r.source_record_id and n.version > r.version)`;

/**
 * The persons named by the reports of these overdoses: by any version of them, or (`newestOnly`) only
 * by the newest version of each record.
 */
export async function personsNamedByOverdoses(
  tx: Queryable,
  jurisdictionId: string,
  overdoseIds: readonly string[],
  newestOnly: boolean,
): Promise<string[]> {
  if (overdoseIds.length === 0) return [];
  const rows = await tx.query<{ person_id: string }>(
    `select distinct r.person_id from reports r
     where r.jurisdiction_id = $1 and r.overdose_id = any($2::uuid[]) and r.person_id is not null
       ${newestOnly ? `and ${NEWEST_VERSION}` : ''}`,
    [jurisdictionId, overdoseIds],
  );
  return rows.map((r) => r.person_id);
}

/**
 * The current repeat status and day of the overdoses of any report naming one of `personIds`, and of
 * `overdoseIds` themselves.
 */
export async function readRepeatStatuses(
  tx: Queryable,
  jurisdictionId: string,
  personIds: readonly string[],
  overdoseIds: readonly string[],
): Promise<{ id: string; day: string; repeat_status: string }[]> {
  return tx.query(
    `with touched as (
       select r.overdose_id as id from reports r
       where r.jurisdiction_id = $1 and r.person_id = any($2::uuid[])
       union select unnest($3::uuid[]))
     select o.id, o.occurred_date::text as day, o.repeat_status
     from overdoses o join touched t on o.jurisdiction_id = $1 and o.id = t.id`,
    [jurisdictionId, personIds, overdoseIds],
  );
}

/** The overdoses (with their time) that the newest version of some report names each of `personIds` in. */
export async function overdosesOfPersons(
  tx: Queryable,
  jurisdictionId: string,
  personIds: readonly string[],
): Promise<{ person_id: string; overdose_id: string; occurred_at: string | Date }[]> {
  if (personIds.length === 0) return [];
  return tx.query(
    `select distinct r.person_id, r.overdose_id, o.occurred_at
     from reports r join overdoses o on o.jurisdiction_id = $1 and o.id = r.overdose_id
     where r.jurisdiction_id = $1 and r.person_id = any($2::uuid[]) and ${NEWEST_VERSION}`,
    [jurisdictionId, personIds],
  );
}
