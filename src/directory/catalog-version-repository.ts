import type { Queryable } from '../platform/database.js';

/**
 * What changes whenever a jurisdiction's directory does: how many rows and details it holds and the
 * newest transaction that wrote one (`xmin`: every insert or update leaves a row version stamped with
 * its transaction, so this holds even for writes stamped with an unchanged clock). One aggregate over
 * two small tables instead of reading the whole catalog.
 */
export async function catalogVersion(db: Queryable, jurisdictionId: string): Promise<string> {
  const [row] = await db.query<{ rows: string; details: string }>(
    `select (select count(*)::text || ':' || coalesce(max(xmin::text::bigint), 0)::text
               from directory_rows where jurisdiction_id = $1) as rows,
            (select count(*)::text || ':' || coalesce(max(xmin::text::bigint), 0)::text
               from directory_service_details where jurisdiction_id = $1) as details`,
    [jurisdictionId],
  );
  return `${row?.rows}|${row?.details}`;
}
