import type { Queryable } from '../platform/database.js';
import type { OverdoseRow } from './overdose-presenter.js';

/** A page of a jurisdiction's overdoses in a date range, newest first, after a keyset cursor. */
export async function listOverdoses(
  db: Queryable,
  jurisdictionId: string,
  filter: { from: string; to: string; limit: number; before: { occurredAt: string; id: string } | null },
): Promise<OverdoseRow[]> {
  const params: unknown[] = [jurisdictionId, filter.from, filter.to, filter.limit];
  let cursor = '';
  if (filter.before) {
    params.push(filter.before.occurredAt, filter.before.id);
    cursor = 'and (o.occurred_at, o.id) < ($5::timestamptz, $6::uuid)';
  }
  return db.query<OverdoseRow>(
    `select o.*, coalesce((select json_agg(json_build_object('layerId', a.layer_id, 'areaId', a.area_id)
        order by a.layer_id) from overdose_areas a
        where a.jurisdiction_id = o.jurisdiction_id and a.overdose_id = o.id), '[]') as areas
     from overdoses o
     where o.jurisdiction_id = $1 and o.occurred_date between $2::date and $3::date ${cursor}
     order by o.occurred_at desc, o.id desc limit $4`,
    params,
  );
}
