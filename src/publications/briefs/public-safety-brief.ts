/**
 * The public safety brief (T1): when and where overdoses cluster in an area over whole weeks, for a
 * police or sheriff's analyst placing patrols and units. This file holds its model and the pure steps
 * from true counts to figures published for the partner tier; the service reads the counts.
 */
import type { CountPublication, CountTable } from '../../disclosure/count-table.js';
import { unsuppressedTable } from '../../disclosure/count-table.js';
import {
  type FigureSum,
  figureKey,
  type Publication,
  TOTAL,
  tableFigures,
} from '../../disclosure/published-table.js';
import { protectPublication } from '../../disclosure/suppression-engine.js';
import { groupDigits } from '../weekly/report-text.js';
import type { ReportWeek } from '../weekly/report-week.js';
import {
  BLOCK_HOURS,
  blockCounts,
  blockText,
  type HourOfWeekCounts,
  hourText,
  WEEKDAYS,
} from './hour-of-week.js';

/** A published figure: a count, or null when the disclosure module hid it. */
export type Figure = number | null;

/** The area a brief is about: an area of a layer, or the whole jurisdiction (no layer, no area). */
export interface BriefArea {
  layerId: string | null;
  layerName: string | null;
  id: string | null;
  name: string;
  population: number | null;
}

/** The whole weeks a brief covers and the same weeks a year (52 weeks) before. */
export interface BriefPeriod {
  weeks: ReportWeek[];
  lastYearWeeks: ReportWeek[];
  from: string;
  to: string;
  lastYearFrom: string;
  lastYearTo: string;
}

/** One H3 resolution-7 cell holding overdoses of the area, with its hot-spot verdict. */
export interface CellCount {
  cell: string;
  /** The name of the area of the first layer that holds the cell's center. */
  name: string | null;
  count: number;
  hot: boolean;
  fewOfItsOwn: boolean;
  z: number | null;
}

/** The true counts of a brief, before disclosure. */
export interface BriefCounts {
  hourOfWeek: HourOfWeekCounts;
  outcome: { fatal: number; nonfatal: number; unknown: number };
  /** Overdoses per week of the period, and of the same weeks a year before, in order. */
  weekly: number[];
  weeklyLastYear: number[];
  /** The area's cells, most overdoses first (exact points only). */
  cells: CellCount[];
  /** Whether the jurisdiction-wide window held too few overdoses to call any cell hot. */
  tooFewToTest: boolean;
}

/** A focus window: a day of the week and a three-hour block, with its overdoses. */
export interface FocusWindow {
  weekday: number;
  block: number;
  label: string;
  count: Figure;
}

/** The brief as published for the partner tier. */
export interface PublicSafetyBrief {
  jurisdiction: { name: string; shortName: string; timeZone: string };
  area: BriefArea;
  period: BriefPeriod;
  /** Counts of 1..k−1 are hidden with their complements; k = 1 shows every count (the T1 default). */
  k: number;
  total: Figure;
  heatMap: {
    hours: Figure[][];
    noTimeOfDay: Figure[];
    weekdayTotals: Figure[];
    hourTotals: Figure[];
    noTimeOfDayTotal: Figure;
  };
  outcome: { fatal: Figure; nonfatal: Figure; unknown: Figure };
  trend: {
    weeks: { week: string; first: string; count: Figure; lastYearWeek: string; lastYearCount: Figure }[];
    total: Figure;
    lastYearTotal: Figure;
    sentence: string;
  };
  cells: (Omit<CellCount, 'count'> & { count: Figure })[];
  tooFewToTest: boolean;
  focusWindows: FocusWindow[];
  generatedAt: string;
  handoutRefusal: string | null;
  /** Every figure above, as `sos suppression check` reads it. */
  publication: Publication;
}

/** How many places and windows the brief suggests. */
export const FOCUS_COUNT = 5;

/** The tables' names, as figures.json names them. */
export const TABLES = {
  heatMap: 'Overdoses by day of week and hour',
  blocks: 'Overdoses by day of week and three-hour block',
  outcome: 'Overdoses by outcome',
  trend: 'Overdoses by week, this year and a year before',
  cells: 'Overdoses by H3 cell (exact points)',
} as const;

const NO_TIME = 'No time of day';
const COUNT = 'count';
const OUTCOMES = ['Fatal', 'Non-fatal', 'Unknown'] as const;
const THIS_YEAR = 'These weeks';
const LAST_YEAR = 'A year before';

/** The brief's true counts as tables, with every sum a reader could write between them. */
export function briefCountPublication(counts: BriefCounts, period: BriefPeriod): CountPublication {
  const hours = Array.from({ length: 24 }, (_, h) => hourText(h));
  const heat: CountTable = {
    name: TABLES.heatMap,
    rows: [...WEEKDAYS],
    columns: [...hours, NO_TIME],
    counts: counts.hourOfWeek.hours.map((row, d) => [...row, counts.hourOfWeek.noTimeOfDay[d] ?? 0]),
    totals: { rows: true, columns: true, grand: true },
  };
  const blockLabels = Array.from({ length: 24 / BLOCK_HOURS }, (_, b) => blockText(b));
  const blocks: CountTable = {
    name: TABLES.blocks,
    rows: [...WEEKDAYS],
    columns: blockLabels,
    counts: blockCounts(counts.hourOfWeek.hours),
  };
  const { fatal, nonfatal, unknown } = counts.outcome;
  const outcome: CountTable = {
    name: TABLES.outcome,
    rows: [...OUTCOMES],
    columns: [COUNT],
    counts: [[fatal], [nonfatal], [unknown]],
    totals: { grand: true },
  };
  const trend: CountTable = {
    name: TABLES.trend,
    rows: period.weeks.map((w) => w.label),
    columns: [THIS_YEAR, LAST_YEAR],
    counts: counts.weekly.map((n, i) => [n, counts.weeklyLastYear[i] ?? 0]),
    totals: { columns: true },
  };
  const tables = [heat, blocks, outcome, trend];
  if (counts.cells.length > 0) {
    tables.push({
      name: TABLES.cells,
      rows: counts.cells.map((c) => c.cell),
      columns: [COUNT],
      counts: counts.cells.map((c) => [c.count]),
    });
  }
  const heatTotal = { table: TABLES.heatMap, row: TOTAL, column: TOTAL };
  const figureSums: FigureSum[] = [
    { figure: { table: TABLES.outcome, row: TOTAL, column: TOTAL }, sumOf: [heatTotal] },
    { figure: { table: TABLES.trend, row: TOTAL, column: THIS_YEAR }, sumOf: [heatTotal] },
  ];
  // Each block is the sum of its three hours: a reader can add them up, so the auditor must too.
  WEEKDAYS.forEach((weekday) => {
    blockLabels.forEach((block, b) => {
      figureSums.push({
        figure: { table: TABLES.blocks, row: weekday, column: block },
        sumOf: Array.from({ length: BLOCK_HOURS }, (_, h) => ({
          table: TABLES.heatMap,
          row: weekday,
          column: hours[b * BLOCK_HOURS + h] as string,
        })),
      });
    });
  });
  return { tables, relations: [], figureSums };
}

/**
 * Publishes count tables for an audience with threshold k: above 1 the suppression engine hides
 * every 1..k−1 and what would give it away; at 1 every figure is shown as it is.
 */
export function publishCounts(input: CountPublication, k: number): Publication {
  if (k > 1) return protectPublication(input, k).publication;
  return {
    tables: input.tables.map(unsuppressedTable),
    relations: input.relations,
    figureSums: input.figureSums,
  };
}

/** Reads a publication's figures by table, row and column. */
export function figureReader(
  publication: Publication,
): (table: string, row: string, column: string) => Figure {
  const values = new Map<string, Figure>();
  for (const table of publication.tables) {
    for (const { address, value } of tableFigures(table)) values.set(figureKey(address), value);
  }
  return (table, row, column) => {
    const value = values.get(figureKey({ table, row, column }));
    if (value === undefined) throw new Error(`no published figure ${table}[${row}, ${column}]`);
    return value;
  };
}

/** "1 overdose", "12 overdoses". */
export function overdosesText(n: number): string {
  return `${groupDigits(n)} overdose${n === 1 ? '' : 's'}`;
}

/**
 * The trend in one plain sentence: the two totals, the difference, and a percentage only with its
 * denominator (never from a year with none).
 */
export function trendSentence(total: Figure, lastYear: Figure, weeks: number): string {
  if (total === null || lastYear === null)
    return 'The comparison with a year before is not shown because one of its counts is hidden.';
  const span = `these ${weeks} week${weeks === 1 ? '' : 's'}`;
  const start = `${overdosesText(total)} in ${span}, against ${groupDigits(lastYear)} in the same weeks a year before`;
  if (lastYear === 0)
    return total === 0
      ? `No overdoses in ${span} nor in the same weeks a year before.`
      : `${start}: no percentage change can be given from zero.`;
  const difference = total - lastYear;
  if (difference === 0) return `${start}: no change.`;
  const percent = Math.round((Math.abs(difference) / lastYear) * 100);
  return `${start}: ${groupDigits(Math.abs(difference))} ${difference > 0 ? 'more' : 'fewer'} (${difference > 0 ? 'up' : 'down'} ${percent}% of ${groupDigits(lastYear)}).`;
}

/** The context a brief is assembled in. */
export interface BriefContext {
  jurisdiction: { name: string; shortName: string; timeZone: string };
  area: BriefArea;
  period: BriefPeriod;
  k: number;
  generatedAt: string;
  /** Why no resource-need handout can be made of this area (too few residents), or null. */
  handoutRefusal: string | null;
}

/** The brief from its true counts: published at k, then read back figure by figure. */
export function assemblePublicSafetyBrief(counts: BriefCounts, context: BriefContext): PublicSafetyBrief {
  const publication = publishCounts(briefCountPublication(counts, context.period), context.k);
  const read = figureReader(publication);
  const hours = Array.from({ length: 24 }, (_, h) => hourText(h));
  const heat = (row: string, column: string) => read(TABLES.heatMap, row, column);
  const total = heat(TOTAL, TOTAL);
  const blockLabels = Array.from({ length: 24 / BLOCK_HOURS }, (_, b) => blockText(b));
  const windows: FocusWindow[] = [];
  WEEKDAYS.forEach((weekday, d) => {
    blockLabels.forEach((block, b) => {
      windows.push({
        weekday: d,
        block: b,
        label: `${weekday} ${block}`,
        count: read(TABLES.blocks, weekday, block),
      });
    });
  });
  // Ranked by the true count so that a hidden window keeps its place; windows with none are no focus.
  const trueBlocks = blockCounts(counts.hourOfWeek.hours);
  const focusWindows = windows
    .map((w) => ({ w, n: trueBlocks[w.weekday]?.[w.block] ?? 0 }))
    .filter(({ n }) => n > 0)
    .sort((a, b) => b.n - a.n || a.w.weekday - b.w.weekday || a.w.block - b.w.block)
    .slice(0, FOCUS_COUNT)
    .map(({ w }) => w);
  const trendTotal = read(TABLES.trend, TOTAL, THIS_YEAR);
  const lastYearTotal = read(TABLES.trend, TOTAL, LAST_YEAR);
  return {
    jurisdiction: context.jurisdiction,
    area: context.area,
    period: context.period,
    k: context.k,
    total,
    heatMap: {
      hours: WEEKDAYS.map((weekday) => hours.map((hour) => heat(weekday, hour))),
      noTimeOfDay: WEEKDAYS.map((weekday) => heat(weekday, NO_TIME)),
      weekdayTotals: WEEKDAYS.map((weekday) => heat(weekday, TOTAL)),
      hourTotals: hours.map((hour) => heat(TOTAL, hour)),
      noTimeOfDayTotal: heat(TOTAL, NO_TIME),
    },
    outcome: {
      fatal: read(TABLES.outcome, 'Fatal', COUNT),
      nonfatal: read(TABLES.outcome, 'Non-fatal', COUNT),
      unknown: read(TABLES.outcome, 'Unknown', COUNT),
    },
    trend: {
      weeks: context.period.weeks.map((week, i) => ({
        week: week.label,
        first: week.first,
        count: read(TABLES.trend, week.label, THIS_YEAR),
        lastYearWeek: context.period.lastYearWeeks[i]?.label ?? '',
        lastYearCount: read(TABLES.trend, week.label, LAST_YEAR),
      })),
      total: trendTotal,
      lastYearTotal,
      sentence: trendSentence(trendTotal, lastYearTotal, context.period.weeks.length),
    },
    cells: counts.cells.map((c) => ({ ...c, count: read(TABLES.cells, c.cell, COUNT) })),
    tooFewToTest: counts.tooFewToTest,
    focusWindows,
    generatedAt: context.generatedAt,
    handoutRefusal: context.handoutRefusal,
    publication,
  };
}
