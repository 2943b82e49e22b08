import { addDays, monthStart } from '../../platform/calendar-days.js';
import type { Queryable } from '../../platform/database.js';
import type { AggregateCache } from '../../surveillance/aggregates/aggregate-cache.js';
import {
  type AggregateQuery,
  type Breakdown,
  NO_FILTERS,
} from '../../surveillance/aggregates/aggregate-query.js';
import { countRows, dataExtent } from '../../surveillance/aggregates/aggregate-service.js';
import { areasOfLayer } from '../../surveillance/layer-geometry-service.js';
import { type ReportWeek, shiftWeek } from '../weekly/report-week.js';
import { reportLayer } from '../weekly/weekly-counts.js';

/** Weeks of jurisdiction totals the public sees: two years, so each week has last year's beside it. */
export const PUBLIC_WEEKS = 104;
/** Months of counts by area and by group the public sees. */
export const PUBLIC_MONTHS = 12;
/** What the public may see broken down by month. */
export const PUBLIC_DIMENSIONS: readonly Breakdown[] = ['age_band', 'sex', 'substance'];
const ADDITIVE: readonly Breakdown[] = ['age_band', 'sex'];

/** True counts of everything public, before suppression. */
export interface PublicCounts {
  asOf: ReportWeek;
  weeks: { week: ReportWeek; count: number }[];
  /** Whole calendar months ending with the last one complete by the end of `asOf`, oldest first. */
  months: { month: string; first: string; last: string; total: number }[];
  /**
   * Every whole calendar month from January of the first year with data (or of the first of
   * `months`, if earlier) to the last complete one, oldest first: the monthly and annual series.
   */
  history: { month: string; first: string; last: string; total: number }[];
  layer: { id: string; name: string } | null;
  /** Each area of the layer with its count by month (in `months` order). */
  areas: { id: string; name: string; population: number | null; geometry: unknown; counts: number[] }[];
  /** By month, what no area holds. */
  unplaced: number[];
  breakdowns: { dimension: Breakdown; additive: boolean; keys: string[]; counts: number[][] }[];
}

/** The months that end on or before `day`, the last `count` of them, oldest first. */
export function completeMonths(day: string, count: number): { month: string; first: string; last: string }[] {
  const lastComplete = addDays(day, 1).slice(8) === '01' ? monthStart(day) : monthStart(day, -1);
  return Array.from({ length: count }, (_, i) => {
    const first = monthStart(lastComplete, i - count + 1);
    return { month: first.slice(0, 7), first, last: addDays(monthStart(first, 1), -1) };
  });
}

/** The calendar months from the one holding `first` to the one holding `last`, oldest first. */
export function monthsBetween(first: string, last: string): { month: string; first: string; last: string }[] {
  const months: { month: string; first: string; last: string }[] = [];
  for (let start = monthStart(first); start <= last; start = monthStart(start, 1)) {
    months.push({ month: start.slice(0, 7), first: start, last: addDays(monthStart(start, 1), -1) });
  }
  return months;
}

/** Reads the true counts of a jurisdiction's public figures as of the end of a week. */
export async function readPublicCounts(
  db: Queryable,
  jurisdictionId: string,
  asOf: ReportWeek,
  cache?: AggregateCache,
): Promise<PublicCounts> {
  const months = completeMonths(asOf.last, PUBLIC_MONTHS);
  const firstWeek = shiftWeek(asOf, 1 - PUBLIC_WEEKS);
  const from = months[0]?.first as string;
  const to = months.at(-1)?.last as string;
  const base: AggregateQuery = {
    jurisdictionId,
    from,
    to,
    period: 'month',
    by: 'none',
    ...NO_FILTERS,
  };
  const count = (query: Partial<AggregateQuery>) => countRows(db, { ...base, ...query }, cache);
  const { firstDay } = await dataExtent(db, jurisdictionId);
  const historyFirst = `${(firstDay && firstDay < from ? firstDay : from).slice(0, 4)}-01-01`;
  const history = monthsBetween(historyFirst, to);
  const layer = await reportLayer(db, jurisdictionId);
  const monthIndex = new Map(months.map((m, i) => [m.first, i]));
  const byMonth = (rows: { period: string; key: string | null; count: number }[]) => {
    const out = new Map<string | null, number[]>();
    for (const row of rows) {
      const i = monthIndex.get(row.period);
      if (i === undefined) continue;
      let counts = out.get(row.key);
      if (!counts) {
        counts = months.map(() => 0);
        out.set(row.key, counts);
      }
      counts[i] = (counts[i] ?? 0) + row.count;
    }
    return out;
  };
  const [historyRows, weekRows, totals, areaRows, features, breakdowns] = await Promise.all([
    count({ from: historyFirst, to }),
    count({ from: firstWeek.first, to: asOf.last, period: 'week' }),
    count({}).then(byMonth),
    layer ? count({ by: 'area', layer: layer.id }).then(byMonth) : new Map<string | null, number[]>(),
    layer ? areasOfLayer(db, jurisdictionId, layer.id) : [],
    Promise.all(
      PUBLIC_DIMENSIONS.map(async (dimension) => {
        const rows = byMonth(await count({ by: dimension }));
        const keys = [...rows.keys()].map((key) => key ?? 'unknown').sort();
        return {
          dimension,
          additive: ADDITIVE.includes(dimension),
          keys,
          counts: keys.map((key) => rows.get(key) ?? months.map(() => 0)),
        };
      }),
    ),
  ]);
  const historyCounts = new Map(historyRows.map((row) => [row.period, row.count]));
  const weekCounts = new Map(weekRows.map((row) => [row.period, row.count]));
  const monthTotals = totals.get(null) ?? months.map(() => 0);
  const areas = features.map((feature) => ({
    id: feature.id,
    name: feature.name,
    population: feature.population,
    geometry: typeof feature.geometry === 'string' ? JSON.parse(feature.geometry) : feature.geometry,
    counts: areaRows.get(feature.id) ?? months.map(() => 0),
  }));
  const unplaced = months.map(
    (_, i) => (monthTotals[i] ?? 0) - areas.reduce((sum, a) => sum + (a.counts[i] ?? 0), 0),
  );
  return {
    asOf,
    weeks: Array.from({ length: PUBLIC_WEEKS }, (_, i) => {
      const week = shiftWeek(firstWeek, i);
      return { week, count: weekCounts.get(week.first) ?? 0 };
    }),
    months: months.map((m, i) => ({ ...m, total: monthTotals[i] ?? 0 })),
    history: history.map((m) => ({ ...m, total: historyCounts.get(m.first) ?? 0 })),
    layer: layer ? { id: layer.id, name: layer.name } : null,
    areas,
    unplaced,
    breakdowns,
  };
}
