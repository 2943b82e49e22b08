import type { Queryable } from '../../platform/database.js';
import type { AggregateQuery } from './aggregate-query.js';
import { overdoseFilter } from './aggregate-sql.js';

/** Seconds in a quarter hour: every time zone's offset is a whole number of them. */
export const QUARTER_HOUR_SECONDS = 900;

/**
 * The overdoses a query's filters keep, by the quarter hour of their instant (those with a time of
 * day) and by their local day (those without one). Quarter hours of UTC are whole quarter hours of
 * every zone, so the caller can turn them into local hours exactly, across daylight saving.
 */
export async function readQuarterHourCounts(
  db: Queryable,
  query: AggregateQuery,
): Promise<{ timed: { quarter: number; count: number }[]; untimed: { day: string; count: number }[] }> {
  const { joins, where, params } = overdoseFilter({ ...query, by: 'none' });
  const rows = await db.query<{ quarter: number | null; day: string | null; count: number }>(
    `select case when o.time_known then floor(extract(epoch from o.occurred_at) / ${QUARTER_HOUR_SECONDS})::int end as quarter,
        case when o.time_known then null else o.occurred_date::text end as day, count(*)::int as count
      from overdoses o ${joins.join(' ')} where ${where.join(' and ')}
      group by 1, 2 order by 1, 2`,
    params,
  );
  return {
    timed: rows.flatMap((r) => (r.quarter === null ? [] : [{ quarter: Number(r.quarter), count: r.count }])),
    untimed: rows.flatMap((r) => (r.day === null ? [] : [{ day: r.day, count: r.count }])),
  };
}

/**
 * The overdoses a query's filters keep (an area filter included) by H3 resolution-7 cell, only those
 * with an exact point (rooftop or address), as hot spots count them: a centroid is no place to patrol.
 */
export async function readCellCounts(
  db: Queryable,
  query: AggregateQuery,
): Promise<{ cell: string; count: number }[]> {
  const { joins, where, params } = overdoseFilter({ ...query, by: 'none', exactPointsOnly: true });
  return db.query<{ cell: string; count: number }>(
    `select o.h3_r7 as cell, count(*)::int as count
      from overdoses o ${joins.join(' ')} where ${where.join(' and ')} and o.h3_r7 is not null
      group by 1 order by 2 desc, 1`,
    params,
  );
}
