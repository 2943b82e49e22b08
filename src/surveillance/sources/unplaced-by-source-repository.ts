import type { Queryable } from '../../platform/database.js';

/**
 * How many unplaced overdoses (no point found) each organization of a jurisdiction reported, an
 * overdose counted once for every organization that sent one of its reports. Reads intake's reports
 * (a read grant of the layering rules): only they tie an overdose to its sources.
 */
export async function countUnplacedBySource(
  db: Queryable,
  jurisdictionId: string,
): Promise<Map<string, number>> {
  const rows = await db.query<{ organization_id: string; count: number }>(
    `select r.organization_id, count(distinct o.id)::int as count
     from overdoses o
     join reports r on r.jurisdiction_id = o.jurisdiction_id and r.overdose_id = o.id
     where o.jurisdiction_id = $1 and o.location_precision = 'none'
     group by r.organization_id`,
    [jurisdictionId],
  );
  return new Map(rows.map((row) => [row.organization_id, row.count]));
}
