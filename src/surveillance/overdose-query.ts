import type { Queryable } from '../platform/database.js';
import type { AggregateQuery } from './aggregates/aggregate-query.js';
import { overdoseFilter } from './aggregates/aggregate-sql.js';
import type { OverdoseRow } from './overdose-presenter.js';

/** A page of the overdoses a query's filters keep, newest first, after a keyset cursor. */
export async function listOverdoses(
  db: Queryable,
  query: AggregateQuery,
  page: { limit: number; before: { occurredAt: string; id: string } | null },
): Promise<OverdoseRow[]> {
  const { joins, where, params } = overdoseFilter(query);
  if (page.before) {
    params.push(page.before.occurredAt, page.before.id);
    where.push(`(o.occurred_at, o.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(page.limit);
  return db.query<OverdoseRow>(
    `select o.*, coalesce((select json_agg(json_build_object('layer_id', oa.layer_id, 'area_id', oa.area_id)
        order by oa.layer_id) from overdose_areas oa
        where oa.jurisdiction_id = o.jurisdiction_id and oa.overdose_id = o.id), '[]') as areas
     from overdoses o ${joins.join(' ')}
     where ${where.join(' and ')}
     order by o.occurred_at desc, o.id desc limit $${params.length}`,
    params,
  );
}

/** One overdose of a jurisdiction with its areas, as line-level lists read it; null when there is none. */
export async function findOverdose(
  db: Queryable,
  jurisdictionId: string,
  id: string,
): Promise<OverdoseRow | null> {
  const [row] = await db.query<OverdoseRow>(
    `select o.*, coalesce((select json_agg(json_build_object('layer_id', oa.layer_id, 'area_id', oa.area_id)
        order by oa.layer_id) from overdose_areas oa
        where oa.jurisdiction_id = o.jurisdiction_id and oa.overdose_id = o.id), '[]') as areas
     from overdoses o where o.jurisdiction_id = $1 and o.id = $2`,
    [jurisdictionId, id],
  );
  if (!row) return null;
  return { ...row, areas: typeof row.areas === 'string' ? JSON.parse(row.areas) : row.areas };
}

/** A page of the jurisdiction's unplaced overdoses (no point found), newest first, after a keyset cursor. */
export async function listUnplacedOverdoses(
  db: Queryable,
  jurisdictionId: string,
  page: { limit: number; before: { occurredAt: string; id: string } | null },
): Promise<OverdoseRow[]> {
  const params: unknown[] = [jurisdictionId];
  let after = '';
  if (page.before) {
    params.push(page.before.occurredAt, page.before.id);
    after = 'and (o.occurred_at, o.id) < ($2::timestamptz, $3::uuid)';
  }
  params.push(page.limit);
  // Unplaced overdoses lie in no area, so their areas are not looked up.
  return db.query<OverdoseRow>(
    `select o.*, '[]'::json as areas from overdoses o
     where o.jurisdiction_id = $1 and o.location_precision = 'none' ${after}
     order by o.occurred_at desc, o.id desc limit $${params.length}`,
    params,
  );
}

/** How many overdoses of a jurisdiction have no point. */
export async function countUnplacedOverdoses(db: Queryable, jurisdictionId: string): Promise<number> {
  const rows = await db.query<{ count: number }>(
    `select count(*)::int as count from overdoses where jurisdiction_id = $1 and location_precision = 'none'`,
    [jurisdictionId],
  );
  return rows[0]?.count ?? 0;
}
