import type { Queryable } from '../platform/database.js';
import { instantOfWallTime } from '../platform/time-zones.js';
import { countRows, resolveRequest } from '../surveillance/aggregates/aggregate-service.js';
import type { AlertRule } from './alert-rule.js';
import { periodStarts } from './statistical-rule.js';

/** What a rule counts: its jurisdiction and scope. */
type RuleScope = Pick<AlertRule, 'jurisdictionId' | 'scope'>;

/** A rule's series of complete periods, oldest first, and where its last period lies. */
export interface RuleSeries {
  counts: number[];
  starts: string[];
  /** The last period's first and last local days. */
  first: string;
  last: string;
}

/** The instant a local day starts in a time zone. */
export function localMidnight(day: string, timeZone: string): Date {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return instantOfWallTime({ year, month, day: date, hour: 0, minute: 0, second: 0 }, timeZone);
}

/** The aggregate request of a rule's scope: the dashboard's filters. */
function scopeRequest(rule: RuleScope) {
  const { scope } = rule;
  return {
    layer: scope.layerId,
    area: scope.areaId,
    sourceType: scope.sourceTypes?.length ? scope.sourceTypes : undefined,
    substance: scope.substance,
    caseDefinition: scope.caseDefinition,
  };
}

/**
 * The counts of a rule's scope in `periods` back-to-back periods ending with [first, last], oldest
 * first, from the aggregates' `countRows` (periods with none are 0).
 */
export async function ruleSeries(
  db: Queryable,
  rule: RuleScope,
  period: 'day' | 'week',
  first: string,
  last: string,
  periods: number,
): Promise<RuleSeries> {
  const starts = periodStarts(first, period, periods);
  const { query } = await resolveRequest(db, rule.jurisdictionId, {
    ...scopeRequest(rule),
    from: starts[0] ?? first,
    to: last,
    period,
    by: 'none',
  });
  const byStart = new Map((await countRows(db, query)).map((r) => [r.period, r.count]));
  return { counts: starts.map((s) => byStart.get(s) ?? 0), starts, first, last };
}

/**
 * Distinct primary source types among the overdoses of each period from `first` to `last` (one
 * statement for a backtest's whole range), by the period's first day; periods with none are absent.
 */
export async function sourceTypesByPeriod(
  db: Queryable,
  rule: RuleScope,
  period: 'day' | 'week',
  first: string,
  last: string,
): Promise<Map<string, number>> {
  const { query } = await resolveRequest(db, rule.jurisdictionId, {
    ...scopeRequest(rule),
    from: first,
    to: last,
    period,
    by: 'source_type',
  });
  const types = new Map<string, Set<string | null>>();
  for (const row of await countRows(db, query)) {
    if (row.count <= 0) continue;
    types.set(row.period, (types.get(row.period) ?? new Set()).add(row.key));
  }
  return new Map([...types].map(([start, keys]) => [start, keys.size]));
}
