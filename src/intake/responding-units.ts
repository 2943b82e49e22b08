import type { Queryable } from '../platform/database.js';

/** A unit that responded to an overdose: its organization and its code as that organization names it. */
export interface OverdoseResponse {
  overdoseId: string;
  organizationId: string;
  unitCode: string;
}

/**
 * The units named by the newest version of each report of these overdoses (intake's face for the
 * responders module, which may not read reports itself). Checks no permission: the caller is a
 * handler of intake's own event.
 */
export async function respondingUnitsOf(
  db: Queryable,
  jurisdictionId: string,
  overdoseIds: readonly string[],
): Promise<OverdoseResponse[]> {
  if (overdoseIds.length === 0) return [];
  const rows = await db.query<{ overdose_id: string; organization_id: string; unit: string | null }>(
    `select overdose_id::text as overdose_id, organization_id::text as organization_id, unit from (
       select distinct on (organization_id, source_record_id) overdose_id, organization_id,
              (parsed::jsonb) ->> 'respondingUnit' as unit
       from reports where jurisdiction_id = $1 and overdose_id = any($2::uuid[])
       order by organization_id, source_record_id, version desc) latest
     where unit is not null`,
    [jurisdictionId, overdoseIds],
  );
  const seen = new Set<string>();
  const responses: OverdoseResponse[] = [];
  for (const row of rows) {
    const key = `${row.overdose_id}/${row.organization_id}/${row.unit}`;
    if (seen.has(key)) continue;
    seen.add(key);
    responses.push({
      overdoseId: row.overdose_id,
      organizationId: row.organization_id,
      unitCode: row.unit as string,
    });
  }
  return responses;
}
