import { pointPrecisions } from '../../geocoding/location-precision.js';
import { addDays, monthStart } from '../../platform/calendar-days.js';
import type { DayRange } from '../live/live-feed.js';
import { DIMENSIONS } from '../rollup-increments.js';
import { type AggregateQuery, type Breakdown, H3_LAYER, type Period } from './aggregate-query.js';

/** Where the counts come from: the area rollup, the dimension rollup, or a scan of the overdoses. */
export type AggregateSource = 'area_rollup' | 'dimension_rollup' | 'scan';

/** A statement that answers an aggregate query, with the source it reads and the days it counts. */
export interface AggregateStatement {
  source: AggregateSource;
  text: string;
  params: unknown[];
  days: DayRange;
}

/** Breakdowns the area rollup holds: its key is (day, layer, area, primary source type, outcome). */
const AREA_ROLLUP_BREAKDOWNS: ReadonlySet<Breakdown> = new Set(['none', 'area', 'source_type', 'fatal']);

/** Breakdowns the dimension rollup holds, jurisdiction-wide and per day only. */
const DIMENSION_ROLLUP_BREAKDOWNS: ReadonlySet<Breakdown> = new Set(DIMENSIONS);

/** The first day of the period holding the date expression `day`. */
function periodStart(period: Period, day: string): string {
  switch (period) {
    case 'day':
      return day;
    case 'week':
      return `(${day} - extract(dow from ${day})::int)`;
    case 'month':
      return `date_trunc('month', ${day})::date`;
    case 'year':
      return `date_trunc('year', ${day})::date`;
    case 'all':
      return '$2::date';
  }
}

/**
 * A substance or case definition that is the query's only filter, with no breakdown: its totals are
 * the dimension rollup's counts of that value (an overdose counts once per value there).
 */
function contentTotal(query: AggregateQuery): { dimension: string; value: string } | null {
  if (query.by !== 'none' || query.area !== null || query.sourceTypes.length > 0 || query.fatal !== null)
    return null;
  if (query.substance !== null && query.caseDefinition === null)
    return { dimension: 'substance', value: query.substance };
  if (query.caseDefinition !== null && query.substance === null)
    return { dimension: 'case_definition', value: query.caseDefinition };
  return null;
}

/** The rollup that can answer the query exactly, or null when only a scan can. */
export function chooseSource(query: AggregateQuery): AggregateSource {
  // The rollups count every overdose, whatever its precision.
  if (query.exactPointsOnly) return 'scan';
  const contentFilter = query.substance !== null || query.caseDefinition !== null;
  if (!contentFilter && AREA_ROLLUP_BREAKDOWNS.has(query.by)) return 'area_rollup';
  if (contentTotal(query)) return 'dimension_rollup';
  const anyFilter =
    contentFilter || query.area !== null || query.sourceTypes.length > 0 || query.fatal !== null;
  if (!anyFilter && DIMENSION_ROLLUP_BREAKDOWNS.has(query.by)) return 'dimension_rollup';
  return 'scan';
}

/**
 * The statement for a query, reading the cheapest source that answers it exactly. `force` picks a
 * source (tests use it to check that every source gives the same counts).
 */
export function aggregateStatement(query: AggregateQuery, force?: AggregateSource): AggregateStatement {
  const source = force ?? chooseSource(query);
  const days = { first: query.from, last: query.to };
  if (source === 'area_rollup') return { ...areaRollupStatement(query), days };
  if (source === 'dimension_rollup') return { ...dimensionRollupStatement(query), days };
  return { ...scanStatement(query), days };
}

/** Periods made of whole months, which the monthly area counts can fill. */
const MONTHLY_PERIODS: ReadonlySet<Period> = new Set(['month', 'year', 'all']);

/** The first days of the first and last whole calendar months inside a range, or null if none is. */
export function wholeMonths(from: string, to: string): { first: string; last: string } | null {
  const first = from.endsWith('-01') ? from : monthStart(from, 1);
  const last = addDays(to, 1).endsWith('-01') ? monthStart(to) : monthStart(to, -1);
  return first <= last ? { first, last } : null;
}

function areaRollupStatement(q: AggregateQuery): Omit<AggregateStatement, 'days'> {
  const params: unknown[] = [q.jurisdictionId, q.from, q.to, q.layer ?? ''];
  const filters: string[] = [];
  if (q.by !== 'area' && q.area === null) params[3] = '';
  if (q.area !== null) {
    params.push(q.area);
    filters.push(`c.area_id = $${params.length}`);
  }
  if (q.sourceTypes.length > 0) {
    params.push(q.sourceTypes);
    filters.push(`c.source_type = any($${params.length}::text[])`);
  }
  if (q.fatal !== null) {
    params.push(q.fatal);
    filters.push(`c.fatal = $${params.length}`);
  }
  const key = { area: 'c.area_id', source_type: 'c.source_type', fatal: 'c.fatal' }[q.by as string] ?? 'null';
  const part = (table: string, period: string, range: string) =>
    `select c.${period} as day, c.area_id, c.source_type, c.fatal, c.count from ${table} c
     where ${['c.jurisdiction_id = $1', 'c.layer_id = $4', `c.${period} ${range}`, ...filters].join(' and ')}`;
  let counts = part('daily_area_counts', 'day', 'between $2::date and $3::date');
  // Whole months come from the monthly counts, only the days at the ends of the range from the daily.
  const months = MONTHLY_PERIODS.has(q.period) ? wholeMonths(q.from, q.to) : null;
  if (months) {
    params.push(months.first, months.last);
    const [first, last] = [`$${params.length - 1}::date`, `$${params.length}::date`];
    counts = [
      part('daily_area_counts', 'day', `between $2::date and ${first} - 1`),
      part('monthly_area_counts', 'month', `between ${first} and ${last}`),
      part('daily_area_counts', 'day', `between (${last} + interval '1 month')::date and $3::date`),
    ].join(' union all ');
  }
  return {
    source: 'area_rollup',
    text: `select ${periodStart(q.period, 'c.day')}::text as period, ${key}::text as key, sum(c.count)::int as count
      from (${counts}) c
      group by 1, 2 having sum(c.count) <> 0 order by 1, 2`,
    params,
  };
}

function dimensionRollupStatement(q: AggregateQuery): Omit<AggregateStatement, 'days'> {
  const total = contentTotal(q);
  const params = [q.jurisdictionId, q.from, q.to, total?.dimension ?? q.by];
  if (total) params.push(total.value);
  return {
    source: 'dimension_rollup',
    text: `select ${periodStart(q.period, 'c.day')}::text as period, ${total ? 'null' : 'c.value'}::text as key,
        sum(c.count)::int as count
      from daily_dimension_counts c
      where c.jurisdiction_id = $1 and c.day between $2::date and $3::date and c.dimension = $4
        ${total ? 'and c.value = $5' : ''}
      group by 1, 2 having sum(c.count) <> 0 order by 1, 2`,
    params,
  };
}

const FATAL_CLASS = `case when o.fatal is null then 'unknown' when o.fatal then 'fatal' else 'nonfatal' end`;
const PRIMARY_SOURCE = `coalesce(o.source_types[1], 'other')`;

/** The breakdown's value on an overdose row `o` (joined area `a`, unnested value `v`). */
function scanKey(by: Breakdown, layer: string | null): string {
  switch (by) {
    case 'none':
      return 'null';
    case 'area':
      return layer === H3_LAYER ? 'o.h3_r7' : 'a.area_id';
    case 'source_type':
      return PRIMARY_SOURCE;
    case 'fatal':
      return FATAL_CLASS;
    case 'naloxone_given':
      return `coalesce(o.naloxone_given::text, 'unknown')`;
    case 'naloxone_doses':
      return `coalesce(o.naloxone_doses::text, 'unknown')`;
    case 'substance':
    case 'case_definition':
    case 'reported_by':
      return 'v.value';
    case 'repeat':
      return 'o.repeat_status';
    case 'linked':
      return `case when o.report_count > 1 then 'linked' else 'single' end`;
    default:
      return `coalesce(o.${by}, 'unknown')`;
  }
}

/** The joins, conditions and parameters that select the overdoses a query's filters keep. */
export function overdoseFilter(q: AggregateQuery): { joins: string[]; where: string[]; params: unknown[] } {
  const params: unknown[] = [q.jurisdictionId, q.from, q.to];
  const where = ['o.jurisdiction_id = $1', 'o.occurred_date between $2::date and $3::date'];
  const joins: string[] = [];
  const usesLayer = q.by === 'area' || q.area !== null;
  if (usesLayer && q.layer === H3_LAYER) {
    where.push('o.h3_r7 is not null');
    if (q.area !== null) {
      params.push(q.area);
      where.push(`o.h3_r7 = $${params.length}`);
    }
  } else if (usesLayer) {
    params.push(q.layer);
    let on = `a.jurisdiction_id = o.jurisdiction_id and a.overdose_id = o.id and a.layer_id = $${params.length}`;
    if (q.area !== null) {
      params.push(q.area);
      on += ` and a.area_id = $${params.length}`;
    }
    joins.push(`join overdose_areas a on ${on}`);
  }
  if (q.exactPointsOnly)
    where.push(`o.location_precision in (${pointPrecisions.map((p) => `'${p}'`).join(', ')})`);
  if (q.sourceTypes.length > 0) {
    params.push(q.sourceTypes);
    where.push(`${PRIMARY_SOURCE} = any($${params.length}::text[])`);
  }
  if (q.fatal !== null) {
    params.push(q.fatal);
    where.push(`${FATAL_CLASS} = $${params.length}`);
  }
  if (q.substance === 'none_recorded') {
    where.push('cardinality(o.substances) = 0');
  } else if (q.substance !== null) {
    params.push(q.substance);
    where.push(`$${params.length} = any(o.substances)`);
  }
  if (q.caseDefinition !== null) {
    params.push(q.caseDefinition);
    where.push(`$${params.length} = any(o.case_definitions)`);
  }
  return { joins, where, params };
}

function scanStatement(q: AggregateQuery): Omit<AggregateStatement, 'days'> {
  const { joins, where, params } = overdoseFilter(q);
  if (q.by === 'substance') {
    joins.push(
      `cross join lateral unnest(case when cardinality(o.substances) = 0 then array['none_recorded'] else o.substances end) as v(value)`,
    );
  } else if (q.by === 'case_definition') {
    joins.push('cross join lateral unnest(o.case_definitions) as v(value)');
  } else if (q.by === 'reported_by') {
    joins.push('cross join lateral (select distinct unnest(o.source_types)) as v(value)');
  }
  return {
    source: 'scan',
    text: `select ${periodStart(q.period, 'o.occurred_date')}::text as period, ${scanKey(q.by, q.layer)}::text as key,
        count(*)::int as count
      from overdoses o ${joins.join(' ')} where ${where.join(' and ')}
      group by 1, 2 order by 1, 2`,
    params,
  };
}
