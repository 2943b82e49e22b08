import type { Queryable } from '../../platform/database.js';
import type { AggregateCache } from '../../surveillance/aggregates/aggregate-cache.js';
import {
  type AggregateQuery,
  type Breakdown,
  NO_FILTERS,
} from '../../surveillance/aggregates/aggregate-query.js';
import { countRows } from '../../surveillance/aggregates/aggregate-service.js';
import { areasOfLayer, layersOf } from '../../surveillance/layer-geometry-service.js';
import type { NaloxoneDesertCounts } from './naloxone-coverage-section.js';
import { type ReportWeek, sameWeekLastYear, shiftWeek } from './report-week.js';

/** A count of one value of a breakdown. */
export interface ValueCount {
  key: string;
  count: number;
}

/** A breakdown of one range by a dimension, with whether its values add up to the range's total. */
export interface DimensionCounts {
  dimension: Breakdown;
  values: ValueCount[];
  /** False for multi-valued dimensions (substances): an overdose counts once per value. */
  additive: boolean;
}

/** One area with its true count over a range. */
export interface AreaCount {
  id: string;
  name: string;
  population: number | null;
  geometry: unknown;
  count: number;
}

/** The true counts a report is built from, before any suppression. */
export interface WeeklyCounts {
  /** The weeks ending with the report's week, oldest first, and the same weeks a year before. */
  trend: { week: ReportWeek; count: number; lastYearWeek: ReportWeek; lastYear: number }[];
  /** Fatal overdoses of the report's week. */
  fatal: number;
  breakdowns: DimensionCounts[];
  /** Counts by area of the map's range; `unplaced` is what no area of the layer holds. */
  map: {
    layerId: string;
    layerName: string;
    from: string;
    to: string;
    areas: AreaCount[];
    unplaced: number;
    total: number;
  } | null;
  /** Naloxone deserts of the year ending with the week; null or absent when kits are not tracked. */
  naloxone?: NaloxoneDesertCounts | null;
}

/** Weeks in a report's trend. */
export const TREND_WEEKS = 26;

const ADDITIVE: readonly Breakdown[] = [
  'age_band',
  'sex',
  'race',
  'ethnicity',
  'fatal',
  'source_type',
  'repeat',
  'naloxone_given',
];

/** The layer a report maps: the first that has populations (rates need them), else the first. */
export async function reportLayer(db: Queryable, jurisdictionId: string) {
  const layers = await layersOf(db, jurisdictionId);
  return layers.find((layer) => layer.populatedCount > 0) ?? layers[0] ?? null;
}

/**
 * Reads the counts of a week's report from the rollups (through the aggregate cache, so a report
 * built beside a busy dashboard reuses its answers): the trend of `TREND_WEEKS` weeks and the same
 * weeks a year before, the week's breakdowns, and the map's range by area.
 */
export async function readWeeklyCounts(
  db: Queryable,
  jurisdictionId: string,
  week: ReportWeek,
  options: {
    dimensions: readonly Breakdown[];
    mapRange: { from: string; to: string };
    cache?: AggregateCache;
  },
): Promise<WeeklyCounts> {
  const base: AggregateQuery = {
    jurisdictionId,
    from: week.first,
    to: week.last,
    period: 'all',
    by: 'none',
    ...NO_FILTERS,
  };
  const count = (query: Partial<AggregateQuery>) => countRows(db, { ...base, ...query }, options.cache);
  const weeks = Array.from({ length: TREND_WEEKS }, (_, i) => shiftWeek(week, i - TREND_WEEKS + 1));
  const lastYearWeeks = weeks.map(sameWeekLastYear);
  const byFirstDay = (rows: { period: string; count: number }[]) =>
    new Map(rows.map((row) => [row.period, row.count]));
  const layer = await reportLayer(db, jurisdictionId);
  const [thisYear, lastYear, fatal, breakdowns, map] = await Promise.all([
    count({ from: weeks[0]?.first, period: 'week' }).then(byFirstDay),
    count({ from: lastYearWeeks[0]?.first, to: lastYearWeeks.at(-1)?.last, period: 'week' }).then(byFirstDay),
    count({ fatal: 'fatal' }),
    Promise.all(
      options.dimensions.map(async (dimension) => {
        const rows = await count({ by: dimension });
        return {
          dimension,
          values: rows.map((row) => ({ key: row.key ?? 'unknown', count: row.count })),
          additive: ADDITIVE.includes(dimension),
        };
      }),
    ),
    layer ? readMap(db, layer, count, options.mapRange) : null,
  ]);
  return {
    trend: weeks.map((w, i) => {
      const lastYearWeek = lastYearWeeks[i] as ReportWeek;
      return {
        week: w,
        count: thisYear.get(w.first) ?? 0,
        lastYearWeek,
        lastYear: lastYear.get(lastYearWeek.first) ?? 0,
      };
    }),
    fatal: fatal[0]?.count ?? 0,
    breakdowns,
    map,
  };

  async function readMap(
    db: Queryable,
    layer: { id: string; name: string },
    count: (query: Partial<AggregateQuery>) => Promise<{ key: string | null; count: number }[]>,
    range: { from: string; to: string },
  ): Promise<NonNullable<WeeklyCounts['map']>> {
    const [features, byArea, all] = await Promise.all([
      areasOfLayer(db, jurisdictionId, layer.id),
      count({ ...range, by: 'area', layer: layer.id }),
      count(range),
    ]);
    const counts = new Map(byArea.map((row) => [row.key, row.count]));
    const areas = features.map((feature) => ({
      id: feature.id,
      name: feature.name,
      population: feature.population,
      geometry: typeof feature.geometry === 'string' ? JSON.parse(feature.geometry) : feature.geometry,
      count: counts.get(feature.id) ?? 0,
    }));
    const total = all[0]?.count ?? 0;
    const placed = areas.reduce((sum, area) => sum + area.count, 0);
    return { layerId: layer.id, layerName: layer.name, ...range, areas, unplaced: total - placed, total };
  }
}
