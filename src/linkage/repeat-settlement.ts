import type { Queryable } from '../platform/database.js';
import { type RepeatStatus, repeatStatuses } from '../surveillance/repeat-overdoses.js';
import { moveRepeatStatus, type RollupDelta } from '../surveillance/rollup-increments.js';

/** A report that is the newest version of its source record: older versions no longer name anyone. */
const NEWEST_VERSION = `not exists (select 1 from reports n where n.jurisdiction_id = r.jurisdiction_id
  and n.organization_id = r.organization_id and n.source_record_id = r.source_record_id and n.version > r.version)`;

/**
 * Brings the repeat status of every overdose a transaction may have changed up to date: the overdoses
 * of the persons it wrote (by match key, so an earlier overdose that arrives late turns the later ones
 * into repeats) and the overdoses it rebuilt. Runs inside intake's transaction after the writes, not
 * while batches are prepared, because the batch before may hold the same person. Changed statuses move
 * their counts in `delta`; returns the overdoses whose status changed.
 */
export async function settleRepeatOverdoses(
  tx: Queryable,
  jurisdictionId: string,
  touched: { matchKeys: readonly Buffer[]; overdoseIds: readonly string[] },
  delta: RollupDelta,
): Promise<string[]> {
  if (touched.matchKeys.length === 0 && touched.overdoseIds.length === 0) return [];
  const current = await tx.query<{ id: string; day: string; repeat_status: RepeatStatus }>(
    // The persons written now, and those any version of a rebuilt overdose's reports named before (a
    // correction may take a person away, and their later overdoses may stop being repeats).
    `with keys as (
       select decode(h, 'hex') as match_key from unnest($2::text[]) h
       union select p.match_key from reports r
         join persons p on p.jurisdiction_id = r.jurisdiction_id and p.id = r.person_id
       where r.jurisdiction_id = $1 and r.overdose_id = any($3::uuid[]) and p.match_key is not null),
     touched as (
       select r.overdose_id as id from keys k
         join persons p on p.jurisdiction_id = $1 and p.match_key = k.match_key
         join reports r on r.jurisdiction_id = $1 and r.person_id = p.id
       union select unnest($3::uuid[]))
     select o.id, o.occurred_date::text as day, o.repeat_status
     from overdoses o join touched t on o.jurisdiction_id = $1 and o.id = t.id`,
    [jurisdictionId, touched.matchKeys.map((k) => k.toString('hex')), touched.overdoseIds],
  );
  if (current.length === 0) return [];
  const links = await tx.query<{ key: string; overdose_id: string; occurred_at: string | Date }>(
    `with keys as (
       select distinct p.match_key from reports r
         join persons p on p.jurisdiction_id = r.jurisdiction_id and p.id = r.person_id
       where r.jurisdiction_id = $1 and r.overdose_id = any($2::uuid[]) and p.match_key is not null
         and ${NEWEST_VERSION})
     select distinct encode(k.match_key, 'hex') as key, r.overdose_id, o.occurred_at
     from keys k
       join persons p on p.jurisdiction_id = $1 and p.match_key = k.match_key
       join reports r on r.jurisdiction_id = $1 and r.person_id = p.id
       join overdoses o on o.jurisdiction_id = $1 and o.id = r.overdose_id
     where ${NEWEST_VERSION}`,
    [jurisdictionId, current.map((c) => c.id)],
  );
  const statuses = repeatStatuses(
    links.map((l) => ({ key: l.key, overdoseId: l.overdose_id, occurredAt: new Date(l.occurred_at) })),
    current.map((c) => c.id),
  );
  const changed = current.filter((c) => statuses.get(c.id) !== c.repeat_status);
  if (changed.length === 0) return [];
  for (const c of changed)
    moveRepeatStatus(delta, c.day, c.repeat_status, statuses.get(c.id) as RepeatStatus);
  await tx.query(
    `update overdoses o set repeat_status = v.status
     from unnest($2::uuid[], $3::text[]) as v(id, status)
     where o.jurisdiction_id = $1 and o.id = v.id`,
    [jurisdictionId, changed.map((c) => c.id), changed.map((c) => statuses.get(c.id) as string)],
  );
  return changed.map((c) => c.id);
}
