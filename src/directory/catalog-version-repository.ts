import type { Queryable } from '../platform/database.js';

/**
 * What changes whenever a jurisdiction's directory does: how many rows and details it holds and when
 * the latest was written. Every write (import, edit, capacity) stamps updated_at, so an unchanged
 * answer means an unchanged directory; one scan of an index-sized table instead of the whole catalog.
 */
export async function catalogVersion(db: Queryable, jurisdictionId: string): Promise<string> {
  const [row] = await db.query<{
    rows: number;
    rowsAt: string | null;
    details: number;
    detailsAt: string | null;
  }>(
    `select (select count(*)::int from directory_rows where jurisdiction_id = $1) as rows,
            (select max(updated_at)::text from directory_rows where jurisdiction_id = $1) as "rowsAt",
            (select count(*)::int from directory_service_details where jurisdiction_id = $1) as details,
            (select max(updated_at)::text from directory_service_details where jurisdiction_id = $1) as "detailsAt"`,
    [jurisdictionId],
  );
  return JSON.stringify(row ?? null);
}
