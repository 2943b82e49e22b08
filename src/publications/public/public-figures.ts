import type { CountTable } from '../../disclosure/count-table.js';
import { type PublishedRate, publishedRate } from '../../disclosure/published-rate.js';
import { type FigureSum, type Publication, TOTAL } from '../../disclosure/published-table.js';
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
  /** Every whole month from January of the first year with data to the last complete month. */
  history: { month: string; first: string; last: string; count: ReportFigure }[];
  /** Each calendar year of `history`, the last one to date (`toDate`) unless December is complete. */
  years: { year: string; first: string; last: string; toDate: boolean; total: ReportFigure }[];
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
  /**
   * The publications as an attacker sees them: the weeks, and one per calendar year (its total, its
   * older months, and the areas and groups of its recent months, whose totals are those months);
   * nothing exact ties one year to another.
   */
  publications: Publication[];
}

/**
 * Suppresses a jurisdiction's public counts at k. Public figures are fixed periods only (MMWR weeks
 * for the jurisdiction, calendar months by area and by group), never rolling or overlapping ranges,
 * whose differences would give back single weeks. Each calendar year is one publication: its months
 * and its total (the annual and monthly series), with the areas and groups of its recent months,
 * tied by what a reader can add up (a month's areas to the month, the months to the year). Nothing
 * exact ties one year to another or months to MMWR weeks, so each year is protected separately
 * (which keeps each exact audit small).
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
  const monthTables = (month: PublicCounts['months'][number], i: number) => {
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
    return { tables, figureSums };
  };
  // One publication per calendar year: the year's total, the sum of its months. A recent month is
  // one figure, its areas' total (the monthly series reads it there), so it can never be shown in
  // one place and hidden in the other; older months are the rows of the year's months table.
  const recent = new Map(counts.months.map((m, i) => [m.month, i]));
  const yearly = yearsOf(counts.history).map(({ year, months }) => {
    const older = months.filter((m) => !recent.has(m.month));
    const tables: CountTable[] = [
      countColumn(
        yearTableName(year),
        [{ key: year, count: months.reduce((sum, m) => sum + m.total, 0) }],
        false,
      ),
    ];
    if (older.length > 0) {
      tables.push(
        countColumn(
          monthsTableName(year),
          older.map((m) => ({ key: m.month, count: m.total })),
          false,
        ),
      );
    }
    const figureSums: FigureSum[] = [];
    for (const m of months) {
      const i = recent.get(m.month);
      if (i === undefined) continue;
      const month = monthTables(counts.months[i] as PublicCounts['months'][number], i);
      tables.push(...month.tables);
      figureSums.push(...month.figureSums);
    }
    figureSums.push({
      figure: { table: yearTableName(year), row: year, column: COUNT },
      sumOf: months.map((m) =>
        recent.has(m.month)
          ? { table: `areas ${m.month}`, row: TOTAL, column: TOTAL }
          : { table: monthsTableName(year), row: m.month, column: COUNT },
      ),
    });
    const published = publishFigures({ tables, relations: [], figureSums }, k);
    return {
      year,
      first: months[0]?.first as string,
      last: months.at(-1)?.last as string,
      toDate: !months.some((m) => m.month === `${year}-12`),
      months,
      published,
    };
  });
  const byMonth = new Map(yearly.flatMap((y) => y.months.map((m) => [m.month, y.published] as const)));
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
    months: counts.months.map((m) => ({
      month: m.month,
      first: m.first,
      last: m.last,
      total: byMonth.get(m.month)?.total(`areas ${m.month}`) ?? null,
    })),
    history: yearly.flatMap((y) =>
      y.months.map((m) => ({
        month: m.month,
        first: m.first,
        last: m.last,
        count: recent.has(m.month)
          ? y.published.total(`areas ${m.month}`)
          : y.published.cell(monthsTableName(y.year), m.month),
      })),
    ),
    years: yearly.map((y) => ({
      year: y.year,
      first: y.first,
      last: y.last,
      toDate: y.toDate,
      total: y.published.cell(yearTableName(y.year), y.year),
    })),
    layerName: counts.layer?.name ?? null,
    areas: areas.map((area) => {
      const figures = counts.months.map(
        (m) => byMonth.get(m.month)?.cell(`areas ${m.month}`, area.id) ?? null,
      );
      return {
        ...area,
        counts: figures,
        rates: figures.map((figure) => publishedRate(figure, area.population)),
      };
    }),
    unplaced: withUnplaced
      ? counts.months.map((m) => byMonth.get(m.month)?.cell(`areas ${m.month}`, UNPLACED) ?? null)
      : null,
    breakdowns: counts.breakdowns.map((breakdown) => ({
      dimension: breakdown.dimension,
      title: breakdownTitle(breakdown.dimension),
      additive: breakdown.additive,
      rows: breakdown.keys.map((key) => ({
        key,
        label: valueLabel(key),
        counts: counts.months.map(
          (m) => byMonth.get(m.month)?.cell(`${breakdown.dimension} ${m.month}`, key) ?? null,
        ),
      })),
    })),
    publications: [weeks.publication, ...yearly.map((y) => y.published.publication)],
  };
}

/** The name of the one-figure table holding a year's total. */
function yearTableName(year: string): string {
  return `year ${year}`;
}

/** The name of the table holding a year's months that are not recent (not shown by area). */
function monthsTableName(year: string): string {
  return `months ${year}`;
}

/** Months grouped by calendar year, in order. */
function yearsOf<M extends { month: string }>(months: M[]): { year: string; months: M[] }[] {
  const years: { year: string; months: M[] }[] = [];
  for (const month of months) {
    const year = month.month.slice(0, 4);
    const last = years.at(-1);
    if (last?.year === year) last.months.push(month);
    else years.push({ year, months: [month] });
  }
  return years;
}

/** The column a public table's counts sit in, for readers of `publications`. */
export const PUBLIC_COUNT_COLUMN = COUNT;
