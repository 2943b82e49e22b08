import type { Queryable } from '../../platform/database.js';
import type { AggregateCache } from './aggregate-cache.js';
import type { AggregateRow } from './aggregate-query.js';
import type { AggregateStatement } from './aggregate-sql.js';

/** An area of a layer as the dashboard labels it, with its population when known. */
export interface AreaLabel {
  id: string;
  name: string;
  population: number | null;
}

/** Runs an aggregate statement for a jurisdiction, through the cache when there is one. */
export function runAggregate(
  db: Queryable,
  statement: AggregateStatement,
  cached?: { cache: AggregateCache; jurisdictionId: string },
): Promise<AggregateRow[]> {
  const run = () => db.query<AggregateRow>(statement.text, statement.params);
  return cached ? cached.cache.rows(cached.jurisdictionId, statement, run) : run();
}

/** Whether a jurisdiction has an imported layer by that id. */
export async function layerExists(db: Queryable, jurisdictionId: string, layerId: string): Promise<boolean> {
  const rows = await db.query('select 1 from layers where jurisdiction_id = $1 and id = $2', [
    jurisdictionId,
    layerId,
  ]);
  return rows.length > 0;
}

/** The areas of a layer with their names and populations, by id. */
export async function readAreaLabels(
  db: Queryable,
  jurisdictionId: string,
  layerId: string,
): Promise<AreaLabel[]> {
  return db.query<AreaLabel>(
    `select area_id as id, name, population from areas where jurisdiction_id = $1 and layer_id = $2 order by name`,
    [jurisdictionId, layerId],
  );
}

/** The first and last local day with an overdose, and how many overdoses the jurisdiction holds. */
export async function readExtent(
  db: Queryable,
  jurisdictionId: string,
): Promise<{ firstDay: string | null; lastDay: string | null; total: number }> {
  const [row] = await db.query<{ firstDay: string | null; lastDay: string | null; total: number | null }>(
    `select min(day)::text as "firstDay", max(day)::text as "lastDay", sum(count)::int as total
     from daily_area_counts where jurisdiction_id = $1 and layer_id = '' and count <> 0`,
    [jurisdictionId],
  );
  return { firstDay: row?.firstDay ?? null, lastDay: row?.lastDay ?? null, total: row?.total ?? 0 };
}
