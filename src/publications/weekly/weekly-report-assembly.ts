import type { CountTable } from '../../disclosure/count-table.js';
import { publishedRate } from '../../disclosure/published-rate.js';
import type { FigureSum } from '../../disclosure/published-table.js';
import { naloxoneSection, naloxoneTable } from './naloxone-coverage-section.js';
import { COUNT, countColumn, percentChange, publishFigures, shownSum } from './report-figures.js';
import { breakdownTitle, valueLabel } from './report-labels.js';
import type { ReportWeek } from './report-week.js';
import type { WeeklyCounts } from './weekly-counts.js';
import type { Audience, ReportAlert, WeeklyReport } from './weekly-report.js';

/** The row of a map table that holds overdoses no area of the layer contains. */
export const UNPLACED = '(not placed)';

/** What a report says besides its counts. */
export interface ReportContext {
  jurisdiction: WeeklyReport['jurisdiction'];
  audience: Audience;
  week: ReportWeek;
  k: number;
  generatedAt: string;
  alerts: ReportAlert[] | null;
}

/**
 * Builds an internal or partner report from true counts: every figure of the report goes into one
 * publication (the trend, last year's weeks, the map, each breakdown), tied together by what a
 * reader can add up (a breakdown's total and the map's total are the week's count), and is
 * suppressed at the audience's k before any of it is written into the report.
 */
export function assembleWeeklyReport(counts: WeeklyCounts, context: ReportContext): WeeklyReport {
  const { week, k } = context;
  const weekCell = { table: 'trend', row: week.label, column: COUNT };
  const tables: CountTable[] = [
    countColumn(
      'trend',
      counts.trend.map((t) => ({ key: t.week.label, count: t.count })),
      false,
    ),
    countColumn(
      'last year',
      counts.trend.map((t) => ({ key: t.lastYearWeek.label, count: t.lastYear })),
      false,
    ),
  ];
  const figureSums: FigureSum[] = [];
  const tieToWeek = (table: CountTable) => {
    if (table.totals?.grand)
      figureSums.push({ figure: weekCell, sumOf: [{ table: table.name, row: 'Total', column: 'Total' }] });
  };
  for (const breakdown of counts.breakdowns) {
    const table = countColumn(breakdown.dimension, breakdown.values, breakdown.additive);
    tables.push(table);
    tieToWeek(table);
  }
  if (counts.map) {
    const rows = counts.map.areas.map((area) => ({ key: area.id, count: area.count }));
    if (counts.map.unplaced > 0) rows.push({ key: UNPLACED, count: counts.map.unplaced });
    const table = countColumn('map', rows, true);
    tables.push(table);
    tieToWeek(table);
  }
  if (counts.naloxone) tables.push(naloxoneTable(counts.naloxone));
  const figures = publishFigures({ tables, relations: [], figureSums }, k);
  const trend = counts.trend.map((t) => ({
    week: t.week.label,
    first: t.week.first,
    count: figures.cell('trend', t.week.label),
    lastYear: figures.cell('last year', t.lastYearWeek.label),
  }));
  const current = trend.at(-1);
  const total = current?.count ?? null;
  const previousFourWeeks = shownSum(trend.slice(-5, -1).map((t) => t.count));
  const fatalTable = counts.breakdowns.find((b) => b.dimension === 'fatal');
  const fatal = fatalTable?.values.some((v) => v.key === 'fatal')
    ? figures.cell('fatal', 'fatal')
    : fatalTable
      ? 0
      : null;
  return {
    jurisdiction: context.jurisdiction,
    audience: context.audience,
    week: { label: week.label, first: week.first, last: week.last },
    k,
    generatedAt: context.generatedAt,
    headline: {
      total,
      previousFourWeeks,
      changeVsPreviousFourWeeks: percentChange(
        total,
        previousFourWeeks === null ? null : previousFourWeeks / 4,
      ),
      sameWeekLastYear: current?.lastYear ?? null,
      changeVsLastYear: percentChange(total, current?.lastYear ?? null),
      fatal,
    },
    trend,
    map: counts.map && {
      layerName: counts.map.layerName,
      period: { first: counts.map.from, last: counts.map.to, label: `week ${week.label}` },
      total: figures.total('map'),
      areas: counts.map.areas.map((area) => {
        const count = figures.cell('map', area.id);
        const rate = area.population ? publishedRate(count, area.population) : null;
        return {
          key: area.id,
          label: area.name,
          count,
          rate: rate?.rate ?? null,
          rateUnreliable: rate?.unreliable ?? false,
          geometry: area.geometry,
        };
      }),
    },
    breakdowns: counts.breakdowns.map((breakdown) => ({
      dimension: breakdown.dimension,
      title: breakdownTitle(breakdown.dimension),
      rows: breakdown.values.map((value) => ({
        key: value.key,
        label: valueLabel(value.key),
        count: figures.cell(breakdown.dimension, value.key),
      })),
      total: breakdown.additive ? figures.total(breakdown.dimension) : null,
    })),
    alerts: context.alerts,
    naloxone: counts.naloxone ? naloxoneSection(counts.naloxone, figures) : null,
    notes: reportNotes(context),
  };
}

/** The plain sentences under a report: what was counted and how small numbers were protected. */
export function reportNotes(context: Pick<ReportContext, 'k' | 'jurisdiction'>): string[] {
  const notes = [
    countingNote(context.jurisdiction.timeZone),
    'Rates are per 100,000 residents; a rate from fewer than 20 overdoses is marked * as unreliable.',
  ];
  if (context.k > 1) notes.push(suppressionNote(context.k));
  return notes;
}

/** What a report counts and how: the note every audience's report opens with. */
export function countingNote(timeZone: string): string {
  return (
    `Counts are suspected overdoses by the day they happened in the local time of the jurisdiction (${timeZone}); ` +
    'weeks are MMWR weeks, Sunday to Saturday. Linked reports of one overdose from several sources count once. ' +
    'Recent weeks may still grow as late reports arrive.'
  );
}

/**
 * How small numbers are protected, in words. It gives no count of the small figures hidden: with it,
 * a reader could tell which hidden figures are small and bound them against the others.
 */
export function suppressionNote(k: number): string {
  return (
    `Counts from 1 to ${k - 1} read "hidden", and so do some larger counts, so that no count from 1 to ${k - 1} ` +
    'can be worked out from totals, other tables or other weeks. Zeros are shown.'
  );
}
