/**
 * The one-page "resource need" summary of a public safety brief, to hand to county and city
 * officials. A handout travels beyond partners, so it is published as the public's (T0): every count
 * of 1..k−1 (k = the public k, 10) hidden with its complements, for an area of at least the public
 * minimum population. Pure: from the brief's true counts and the jurisdiction's totals.
 */
import type { CountPublication } from '../../disclosure/count-table.js';
import type { Publication } from '../../disclosure/published-table.js';
import { TOTAL } from '../../disclosure/published-table.js';
import { isUnreliableRate } from '../../surveillance/aggregates/rate-reliability.js';
import { groupDigits, rateText } from '../weekly/report-text.js';
import { blockCounts, blockText, WEEKDAYS } from './hour-of-week.js';
import {
  type BriefContext,
  type BriefCounts,
  type Figure,
  figureReader,
  overdosesText,
  publishCounts,
  trendSentence,
} from './public-safety-brief.js';

/** How many busiest windows a one-pager names. */
export const BUSIEST_WINDOWS = 3;

/** The jurisdiction's own overdoses over the brief's weeks and the same weeks a year before. */
export interface JurisdictionTotals {
  population: number | null;
  total: number;
  lastYearTotal: number;
}

/** A rate per 100,000 residents over the period, null without a population or with a hidden count. */
export interface PeriodRate {
  rate: number | null;
  unreliable: boolean;
}

/** The one-pager as published for the public. */
export interface ResourceNeed {
  context: BriefContext;
  k: number;
  total: Figure;
  outcome: { fatal: Figure; nonfatal: Figure; unknown: Figure };
  lastYearTotal: Figure;
  /** Null when the area is the whole jurisdiction. */
  jurisdiction: { name: string; total: Figure; lastYearTotal: Figure; rate: PeriodRate } | null;
  rate: PeriodRate;
  trendSentence: string;
  busiestWindows: { label: string; count: Figure }[];
  /** Hot-spot cells of the area (a count of places, not of people). */
  hotSpots: number;
  statement: string;
  publication: Publication;
}

const TABLES = {
  area: 'Overdoses in the area, these weeks',
  comparison: 'Overdoses to compare',
  windows: 'Busiest windows',
} as const;
const COUNT = 'count';
const AREA_LAST_YEAR = 'The area, same weeks a year before';
const JURISDICTION = 'The jurisdiction, these weeks';
const JURISDICTION_LAST_YEAR = 'The jurisdiction, same weeks a year before';

/** The rate per 100,000 of a shown count, flagged unreliable under 20 overdoses. */
export function periodRate(count: Figure, population: number | null): PeriodRate {
  if (count === null || !population) return { rate: null, unreliable: false };
  return { rate: (count / population) * 100_000, unreliable: isUnreliableRate(count) };
}

/** The one-pager's counts as tables: the area's total is its outcome table's total, so no figure repeats. */
export function resourceNeedCounts(
  counts: BriefCounts,
  whole: JurisdictionTotals | null,
  windows: { label: string; count: number }[],
): CountPublication {
  const lastYear = counts.weeklyLastYear.reduce((sum, n) => sum + n, 0);
  const comparison = [[AREA_LAST_YEAR, lastYear]] as [string, number][];
  if (whole) comparison.push([JURISDICTION, whole.total], [JURISDICTION_LAST_YEAR, whole.lastYearTotal]);
  const { fatal, nonfatal, unknown } = counts.outcome;
  const tables: CountPublication['tables'] = [
    {
      name: TABLES.area,
      rows: ['Fatal', 'Non-fatal', 'Unknown'],
      columns: [COUNT],
      counts: [[fatal], [nonfatal], [unknown]],
      totals: { grand: true },
    },
    {
      name: TABLES.comparison,
      rows: comparison.map(([r]) => r),
      columns: [COUNT],
      counts: comparison.map(([, n]) => [n]),
    },
  ];
  if (windows.length > 0) {
    tables.push({
      name: TABLES.windows,
      rows: windows.map((w) => w.label),
      columns: [COUNT],
      counts: windows.map((w) => [w.count]),
    });
  }
  return { tables, relations: [] };
}

/** The busiest day-and-block windows by true count (ties by day, then hour), none with no overdoses. */
export function busiestWindows(counts: BriefCounts, n = BUSIEST_WINDOWS): { label: string; count: number }[] {
  return blockCounts(counts.hourOfWeek.hours)
    .flatMap((row, d) => row.map((count, b) => ({ d, b, count })))
    .filter((w) => w.count > 0)
    .sort((a, b) => b.count - a.count || a.d - b.d || a.b - b.b)
    .slice(0, n)
    .map((w) => ({ label: `${WEEKDAYS[w.d]} ${blockText(w.b)}`, count: w.count }));
}

/** The one-pager from the brief's true counts, published at the public k. */
export function assembleResourceNeed(
  counts: BriefCounts,
  context: BriefContext,
  whole: JurisdictionTotals | null,
  publicK: number,
): ResourceNeed {
  const windows = busiestWindows(counts);
  const publication = publishCounts(resourceNeedCounts(counts, whole, windows), publicK);
  const read = figureReader(publication);
  const total = read(TABLES.area, TOTAL, TOTAL);
  const lastYearTotal = read(TABLES.comparison, AREA_LAST_YEAR, COUNT);
  const rate = periodRate(total, context.area.population);
  const jurisdiction = whole
    ? {
        name: context.jurisdiction.name,
        total: read(TABLES.comparison, JURISDICTION, COUNT),
        lastYearTotal: read(TABLES.comparison, JURISDICTION_LAST_YEAR, COUNT),
        rate: periodRate(read(TABLES.comparison, JURISDICTION, COUNT), whole.population),
      }
    : null;
  const busiest = windows.map((w) => ({ label: w.label, count: read(TABLES.windows, w.label, COUNT) }));
  const hotSpots = counts.cells.filter((c) => c.hot).length;
  const weeks = context.period.weeks.length;
  const sentence = trendSentence(total, lastYearTotal, weeks);
  return {
    context,
    k: publicK,
    total,
    outcome: {
      fatal: read(TABLES.area, 'Fatal', COUNT),
      nonfatal: read(TABLES.area, 'Non-fatal', COUNT),
      unknown: read(TABLES.area, 'Unknown', COUNT),
    },
    lastYearTotal,
    jurisdiction,
    rate,
    trendSentence: sentence,
    busiestWindows: busiest,
    hotSpots,
    statement: needStatement({ context, total, rate, jurisdiction, sentence, busiest, hotSpots }),
    publication,
  };
}

/** The plain-language statement at the top of the page. */
function needStatement(s: {
  context: BriefContext;
  total: Figure;
  rate: PeriodRate;
  jurisdiction: ResourceNeed['jurisdiction'];
  sentence: string;
  busiest: { label: string; count: Figure }[];
  hotSpots: number;
}): string {
  const { area, period } = s.context;
  const weeks = period.weeks.length;
  const parts: string[] = [];
  const name = area.id === null ? s.context.jurisdiction.name : area.name;
  if (s.total === null) {
    parts.push(`${name} had fewer overdoses in the last ${weeks} weeks than this page may show.`);
  } else {
    let first = `${name} had ${overdosesText(s.total)} in the ${weeks} weeks to ${period.to}`;
    if (s.rate.rate !== null) {
      first += `, ${rateText(s.rate.rate, s.rate.unreliable)} per 100,000 residents`;
      if (s.jurisdiction?.rate.rate != null)
        first += ` (${s.jurisdiction.name}: ${rateText(s.jurisdiction.rate.rate, s.jurisdiction.rate.unreliable)})`;
    }
    parts.push(`${first}.`);
  }
  parts.push(s.sentence);
  const top = s.busiest[0];
  if (top && top.count !== null && s.total !== null && s.total > 0) {
    parts.push(
      `The busiest time was ${top.label}, with ${groupDigits(top.count)} of the ${groupDigits(s.total)} overdoses.`,
    );
  }
  parts.push(
    s.hotSpots === 0
      ? 'No place in the area stood out as a hot spot.'
      : `${s.hotSpots} place${s.hotSpots === 1 ? '' : 's'} of about 5 km² in the area ${s.hotSpots === 1 ? 'is a hot spot' : 'are hot spots'}, where overdoses cluster beyond chance.`,
  );
  parts.push('Staff and resources placed at these times and places reach the most people at risk.');
  return parts.join(' ');
}

/** The one-pager's figures as `sos suppression check` reads them. */
export function needFiguresFile(need: ResourceNeed) {
  return {
    about: `Resource need, ${need.context.area.name}, ${need.context.period.from} to ${need.context.period.to}; check with --k ${need.k}`,
    k: need.k,
    tables: need.publication.tables,
    relations: need.publication.relations,
    figureSums: need.publication.figureSums ?? [],
  };
}
