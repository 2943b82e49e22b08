import type { CountTable } from '../suppression/count-table.js';
import { type PublishedRate, publishedRate } from '../suppression/published-rate.js';
import { type FigureSum, type Publication, TOTAL } from '../suppression/published-table.js';
import { COUNT, countColumn, publishFigures } from '../weekly/report-figures.js';
import { breakdownTitle, valueLabel } from '../weekly/report-labels.js';
import type { ReportFigure } from '../weekly/weekly-report.js';
import { UNPLACED } from '../weekly/weekly-report-assembly.js';
import type { PublicCounts } from './public-counts.js';

/** An area the public sees: a place of at least the minimum population, or several merged. */
export interface PublicArea {
  id: string;
  name: string;
  population: number;
  members: string[];
  geometry: unknown;
}

/** Everything a jurisdiction publishes, suppressed: what the public dashboard, open data and public reports show. */
export interface PublicFigures {
  k: number;
  minPopulation: number;
  asOf: { label: string; first: string; last: string };
  weeks: { week: string; first: string; last: string; count: ReportFigure }[];
  months: { month: string; first: string; last: string; total: ReportFigure }[];
  layerName: string | null;
  areas: (PublicArea & { counts: ReportFigure[]; rates: PublishedRate[] })[];
  /** By month, overdoses no area holds (null: none in any month, so no row is published). */
  unplaced: ReportFigure[] | null;
  breakdowns: {
    dimension: string;
    title: string;
    additive: boolean;
    rows: { key: string; label: string; counts: ReportFigure[] }[];
  }[];
  /** The publications as an attacker sees them: the weeks, and one per month (nothing ties months). */
  publications: Publication[];
}

/**
 * Suppresses a jurisdiction's public counts at k. Public figures are fixed periods only (MMWR weeks
 * for the jurisdiction, calendar months by area and by group), never rolling or overlapping ranges,
 * whose differences would give back single weeks. Each month is one publication: its areas, its
 * groups and its total, tied by what a reader can add up; nothing exact ties one month to another
 * or months to weeks, so they are protected separately (which keeps each audit small).
 */
export function protectPublicCounts(
  counts: PublicCounts,
  areas: PublicArea[],
  options: { k: number; minPopulation: number },
): PublicFigures {
  const { k } = options;
  const weekTable = countColumn(
    'weeks',
    counts.weeks.map((w) => ({ key: w.week.label, count: w.count })),
    false,
  );
  const weeks = publishFigures({ tables: [weekTable], relations: [] }, k);
  const memberCounts = new Map(counts.areas.map((area) => [area.id, area.counts]));
  const areaCounts = areas.map((area) =>
    counts.months.map((_, i) => area.members.reduce((sum, id) => sum + (memberCounts.get(id)?.[i] ?? 0), 0)),
  );
  const placedInAreas = (i: number) => areaCounts.reduce((sum, row) => sum + (row[i] ?? 0), 0);
  const unplaced = counts.months.map((m, i) => m.total - placedInAreas(i));
  const withUnplaced = unplaced.some((n) => n > 0);
  const monthly = counts.months.map((month, i) => {
    const areaName = `areas ${month.month}`;
    const rows = areas.map((area, a) => ({ key: area.id, count: areaCounts[a]?.[i] ?? 0 }));
    if (withUnplaced) rows.push({ key: UNPLACED, count: unplaced[i] ?? 0 });
    const tables: CountTable[] = [countColumn(areaName, rows, true)];
    const figureSums: FigureSum[] = [];
    for (const breakdown of counts.breakdowns) {
      const name = `${breakdown.dimension} ${month.month}`;
      const values = breakdown.keys.map((key, r) => ({ key, count: breakdown.counts[r]?.[i] ?? 0 }));
      tables.push(countColumn(name, values, breakdown.additive));
      if (breakdown.additive) {
        figureSums.push({
          figure: { table: areaName, row: TOTAL, column: TOTAL },
          sumOf: [{ table: name, row: TOTAL, column: TOTAL }],
        });
      }
    }
    return publishFigures({ tables, relations: [], figureSums }, k);
  });
  return {
    k,
    minPopulation: options.minPopulation,
    asOf: { label: counts.asOf.label, first: counts.asOf.first, last: counts.asOf.last },
    weeks: counts.weeks.map((w) => ({
      week: w.week.label,
      first: w.week.first,
      last: w.week.last,
      count: weeks.cell('weeks', w.week.label),
    })),
    months: counts.months.map((m, i) => ({
      month: m.month,
      first: m.first,
      last: m.last,
      total: monthly[i]?.total(`areas ${m.month}`) ?? null,
    })),
    layerName: counts.layer?.name ?? null,
    areas: areas.map((area) => {
      const figures = counts.months.map((m, i) => monthly[i]?.cell(`areas ${m.month}`, area.id) ?? null);
      return {
        ...area,
        counts: figures,
        rates: figures.map((figure) => publishedRate(figure, area.population)),
      };
    }),
    unplaced: withUnplaced
      ? counts.months.map((m, i) => monthly[i]?.cell(`areas ${m.month}`, UNPLACED) ?? null)
      : null,
    breakdowns: counts.breakdowns.map((breakdown) => ({
      dimension: breakdown.dimension,
      title: breakdownTitle(breakdown.dimension),
      additive: breakdown.additive,
      rows: breakdown.keys.map((key) => ({
        key,
        label: valueLabel(key),
        counts: counts.months.map(
          (m, i) => monthly[i]?.cell(`${breakdown.dimension} ${m.month}`, key) ?? null,
        ),
      })),
    })),
    publications: [weeks.publication, ...monthly.map((m) => m.publication)],
  };
}

/** The column a public table's counts sit in, for readers of `publications`. */
export const PUBLIC_COUNT_COLUMN = COUNT;
