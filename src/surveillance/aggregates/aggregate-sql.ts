import { DIMENSIONS } from '../rollup-increments.js';
import { type AggregateQuery, type Breakdown, H3_LAYER, type Period } from './aggregate-query.js';

/** Where the counts come from: the area rollup, the dimension rollup, or a scan of the overdoses. */
export type AggregateSource = 'area_rollup' | 'dimension_rollup' | 'scan';

/** A statement that answers an aggregate query, with the source it reads. */
export interface AggregateStatement {
  source: AggregateSource;
  text: string;
  params: unknown[];
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

/** The rollup that can answer the query exactly, or null when only a scan can. */
export function chooseSource(query: AggregateQuery): AggregateSource {
  const contentFilter = query.substance !== null || query.caseDefinition !== null;
  if (!contentFilter && AREA_ROLLUP_BREAKDOWNS.has(query.by)) return 'area_rollup';
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
  if (source === 'area_rollup') return areaRollupStatement(query);
  if (source === 'dimension_rollup') return dimensionRollupStatement(query);
  return scanStatement(query);
}

function areaRollupStatement(q: AggregateQuery): AggregateStatement {
  const params: unknown[] = [q.jurisdictionId, q.from, q.to, q.layer ?? ''];
  const where = ['c.jurisdiction_id = $1', 'c.day between $2::date and $3::date', 'c.layer_id = $4'];
  if (q.by !== 'area' && q.area === null) params[3] = '';
  if (q.area !== null) {
    params.push(q.area);
    where.push(`c.area_id = $${params.length}`);
  }
  if (q.sourceTypes.length > 0) {
    params.push(q.sourceTypes);
    where.push(`c.source_type = any($${params.length}::text[])`);
  }
  if (q.fatal !== null) {
    params.push(q.fatal);
    where.push(`c.fatal = $${params.length}`);
  }
  const key = { area: 'c.area_id', source_type: 'c.source_type', fatal: 'c.fatal' }[q.by as string] ?? 'null';
  return {
    source: 'area_rollup',
    text: `select ${periodStart(q.period, 'c.day')}::text as period, ${key}::text as key, sum(c.count)::int as count
      from daily_area_counts c where ${where.join(' and ')}
      group by 1, 2 having sum(c.count) <> 0 order by 1, 2`,
    params,
  };
}

function dimensionRollupStatement(q: AggregateQuery): AggregateStatement {
  return {
    source: 'dimension_rollup',
    text: `select ${periodStart(q.period, 'c.day')}::text as period, c.value as key, sum(c.count)::int as count
      from daily_dimension_counts c
      where c.jurisdiction_id = $1 and c.day between $2::date and $3::date and c.dimension = $4
      group by 1, 2 having sum(c.count) <> 0 order by 1, 2`,
    params: [q.jurisdictionId, q.from, q.to, q.by],
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
      return 'v.value';
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

function scanStatement(q: AggregateQuery): AggregateStatement {
  const { joins, where, params } = overdoseFilter(q);
  if (q.by === 'substance') {
    joins.push(
      `cross join lateral unnest(case when cardinality(o.substances) = 0 then array['none_recorded'] else o.substances end) as v(value)`,
    );
  } else if (q.by === 'case_definition') {
    joins.push('cross join lateral unnest(o.case_definitions) as v(value)');
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
