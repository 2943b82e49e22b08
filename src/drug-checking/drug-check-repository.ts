import type { Queryable } from '../platform/database.js';
import type { DrugCheckResult } from './drug-check-result.js';

/**
 * Holds, until the transaction ends, the right to write an organization's results: two requests with
 * the same source id then see each other's row instead of both inserting it.
 */
export async function lockOrganizationResults(
  tx: Queryable,
  jurisdictionId: string,
  organizationId: string,
): Promise<void> {
  await tx.query("select pg_advisory_xact_lock(hashtext('drug_check_results|' || $1 || '|' || $2))", [
    jurisdictionId,
    organizationId,
  ]);
}

/** The results an organization already sent under these source ids, with their content digests. */
export async function findStoredResults(
  tx: Queryable,
  jurisdictionId: string,
  organizationId: string,
  sourceIds: readonly string[],
): Promise<{ sourceId: string; id: string; contentHash: string }[]> {
  if (sourceIds.length === 0) return [];
  return tx.query(
    `select source_id as "sourceId", id, content_hash as "contentHash" from drug_check_results
     where jurisdiction_id = $1 and organization_id = $2 and source_id = any($3::text[])`,
    [jurisdictionId, organizationId, [...sourceIds]],
  );
}

/** Stores new results and their areas. */
export async function insertResults(tx: Queryable, results: readonly DrugCheckResult[]): Promise<void> {
  for (const r of results) {
    await tx.query(
      `insert into drug_check_results (jurisdiction_id, id, organization_id, source_id, kind, method,
         sold_as, substances, unknown_substances, week_start, content_hash)
       values ($1, $2, $3, $4, $5, $6, $7, $8::text[], $9::text[], $10, $11)`,
      [
        r.jurisdictionId,
        r.id,
        r.organizationId,
        r.sourceId,
        r.kind,
        r.method,
        r.soldAs,
        r.substances,
        r.unknownSubstances,
        r.weekStart,
        r.contentHash,
      ],
    );
    await insertAreas(tx, r);
  }
}

async function insertAreas(tx: Queryable, r: DrugCheckResult): Promise<void> {
  await tx.query(
    `insert into drug_check_result_areas (jurisdiction_id, result_id, layer_id, area_id)
     select $1, $2, a.layer_id, a.area_id from unnest($3::text[], $4::text[]) as a(layer_id, area_id)`,
    [r.jurisdictionId, r.id, r.areas.map((a) => a.layerId), r.areas.map((a) => a.areaId)],
  );
}

/** Replaces what a stored result says (a sender's correction), keeping its id. */
export async function replaceResult(tx: Queryable, r: DrugCheckResult): Promise<void> {
  await tx.query(
    `update drug_check_results set kind = $3, method = $4, sold_as = $5, substances = $6::text[],
       unknown_substances = $7::text[], week_start = $8, content_hash = $9
     where jurisdiction_id = $1 and id = $2`,
    [
      r.jurisdictionId,
      r.id,
      r.kind,
      r.method,
      r.soldAs,
      r.substances,
      r.unknownSubstances,
      r.weekStart,
      r.contentHash,
    ],
  );
  await tx.query('delete from drug_check_result_areas where jurisdiction_id = $1 and result_id = $2', [
    r.jurisdictionId,
    r.id,
  ]);
  await insertAreas(tx, r);
}

/** How many results of a week and area found a substance. */
export interface WeeklySubstanceCount {
  layerId: string;
  areaId: string;
  weekStart: string;
  substance: string;
  results: number;
}

/**
 * Results per area, week and substance found (vocabulary codes only) for weeks starting in
 * [fromWeek, toWeek], in one layer or all, optionally only some areas.
 */
export async function countSubstancesByWeek(
  db: Queryable,
  jurisdictionId: string,
  query: {
    fromWeek: string;
    toWeek: string;
    layerId?: string | undefined;
    areaIds?: readonly string[] | undefined;
  },
): Promise<WeeklySubstanceCount[]> {
  return db.query<WeeklySubstanceCount>(
    `select a.layer_id as "layerId", a.area_id as "areaId", to_char(r.week_start, 'YYYY-MM-DD') as "weekStart",
       s.substance, count(*)::int as results
     from drug_check_results r
     join drug_check_result_areas a on a.jurisdiction_id = r.jurisdiction_id and a.result_id = r.id
     cross join lateral unnest(r.substances) as s(substance)
     where r.jurisdiction_id = $1 and r.week_start between $2::date and $3::date
       and ($4::text is null or a.layer_id = $4::text)
       and ($5::text[] is null or a.area_id = any($5::text[]))
     group by a.layer_id, a.area_id, r.week_start, s.substance
     order by r.week_start, a.layer_id, a.area_id, s.substance`,
    [
      jurisdictionId,
      query.fromWeek,
      query.toWeek,
      query.layerId ?? null,
      query.areaIds ? [...query.areaIds] : null,
    ],
  );
}

/** How many results a week and area of a layer holds, by kind. */
export interface WeeklyResultCount {
  areaId: string;
  weekStart: string;
  kind: string;
  results: number;
}

/** Results per area, week and kind of one layer for weeks starting in [fromWeek, toWeek]. */
export async function countResultsByWeek(
  db: Queryable,
  jurisdictionId: string,
  query: { fromWeek: string; toWeek: string; layerId: string },
): Promise<WeeklyResultCount[]> {
  return db.query<WeeklyResultCount>(
    `select a.area_id as "areaId", to_char(r.week_start, 'YYYY-MM-DD') as "weekStart", r.kind,
       count(*)::int as results
     from drug_check_results r
     join drug_check_result_areas a on a.jurisdiction_id = r.jurisdiction_id and a.result_id = r.id
     where r.jurisdiction_id = $1 and r.week_start between $2::date and $3::date and a.layer_id = $4
     group by a.area_id, r.week_start, r.kind
     order by r.week_start desc, a.area_id, r.kind`,
    [jurisdictionId, query.fromWeek, query.toWeek, query.layerId],
  );
}
