import type { Queryable } from '../platform/database.js';

/**
 * Surveillance's face for program outcomes: de-identified facts of overdoses, read here so that
 * outreach never names the overdose tables. No point, no address, no person.
 */

/** An area of one layer, as programs name the areas they serve. */
export interface LayerArea {
  layer_id: string;
  area_id: string;
}

/** The demographic facts of one overdose (null: not recorded). */
export interface OverdoseDemographicFacts {
  race: string | null;
  ethnicity: string | null;
  sex: string | null;
  age: number | null;
  ageBand: string | null;
}

/**
 * How many overdoses with a survivor (not known to be fatal) happened in [start, end) inside any of
 * the areas: the overdoses a program serving those areas could have reached.
 */
export async function countSurvivorOverdosesInAreas(
  db: Queryable,
  jurisdictionId: string,
  areas: readonly LayerArea[],
  start: Date,
  end: Date,
): Promise<number> {
  if (areas.length === 0) return 0;
  const [row] = await db.query<{ count: number }>(
    `select count(*)::int as count from overdoses o
     where o.jurisdiction_id = $1 and o.occurred_at >= $2 and o.occurred_at < $3
       and o.fatal is distinct from true
       and exists (select 1 from overdose_areas a where a.jurisdiction_id = o.jurisdiction_id
         and a.overdose_id = o.id and (a.layer_id, a.area_id) in (
           select x.layer_id, x.area_id from unnest($4::text[], $5::text[]) as x(layer_id, area_id)))`,
    [jurisdictionId, start, end, areas.map((a) => a.layer_id), areas.map((a) => a.area_id)],
  );
  return row?.count ?? 0;
}

/** The demographic facts of the overdoses by id (ids not found are absent). */
export async function overdoseDemographics(
  db: Queryable,
  jurisdictionId: string,
  ids: readonly string[],
): Promise<Map<string, OverdoseDemographicFacts>> {
  if (ids.length === 0) return new Map();
  const rows = await db.query<OverdoseDemographicFacts & { id: string }>(
    `select id, race, ethnicity, sex, age, age_band as "ageBand" from overdoses
     where jurisdiction_id = $1 and id = any($2::uuid[])`,
    [jurisdictionId, [...ids]],
  );
  return new Map(rows.map(({ id, ...facts }) => [id, facts]));
}
