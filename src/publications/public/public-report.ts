import { percentChange, shownSum } from '../weekly/report-figures.js';
import { groupDigits, monthYearText } from '../weekly/report-text.js';
import { parseReportWeek, type ReportWeek, sameWeekLastYear } from '../weekly/report-week.js';
import { TREND_WEEKS } from '../weekly/weekly-counts.js';
import type { WeeklyReport } from '../weekly/weekly-report.js';
import { countingNote, suppressionNote } from '../weekly/weekly-report-assembly.js';
import type { PublicFigures } from './public-figures.js';

/**
 * The public weekly announcement: a page of the jurisdiction's public figures as of the week. The
 * trend is the public weeks, the map and the groups are the last complete month (public areas never
 * cover a rolling range), and the four weeks before are summed only when all four are shown.
 */
export function assemblePublicReport(
  figures: PublicFigures,
  context: { jurisdiction: WeeklyReport['jurisdiction']; week: ReportWeek; generatedAt: string },
): WeeklyReport {
  const byLabel = new Map(figures.weeks.map((w) => [w.week, w]));
  const end = figures.weeks.findIndex((w) => w.week === context.week.label);
  const weeks = figures.weeks.slice(Math.max(0, end - TREND_WEEKS + 1), end + 1);
  const trend = weeks.map((w) => {
    const lastYear = byLabel.get(sameWeekLastYear(parseReportWeek(w.week)).label);
    return { week: w.week, first: w.first, count: w.count, lastYear: lastYear?.count ?? null };
  });
  const current = trend.at(-1);
  const total = current?.count ?? null;
  const previousFourWeeks = trend.length >= 5 ? shownSum(trend.slice(-5, -1).map((t) => t.count)) : null;
  const month = figures.months.at(-1);
  const m = figures.months.length - 1;
  const monthLabel = month ? monthYearText(month.first) : '';
  return {
    jurisdiction: context.jurisdiction,
    audience: 'public',
    week: { label: context.week.label, first: context.week.first, last: context.week.last },
    k: figures.k,
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
    },
    trend,
    map:
      month && figures.layerName
        ? {
            layerName: figures.layerName,
            period: { first: month.first, last: month.last, label: monthLabel },
            total: month.total,
            minPopulation: figures.minPopulation,
            areas: figures.areas.map((area) => ({
              key: area.id,
              label: area.name,
              count: area.counts[m] ?? null,
              rate: area.rates[m]?.rate ?? null,
              rateUnreliable: area.rates[m]?.unreliable ?? true,
              geometry: area.geometry,
              members: area.members,
            })),
          }
        : null,
    breakdowns: figures.breakdowns.map((b) => ({
      dimension: b.dimension,
      title: `${b.title}, ${monthLabel}`,
      rows: b.rows.map((row) => ({ key: row.key, label: row.label, count: row.counts[m] ?? null })),
      total: b.additive ? (month?.total ?? null) : null,
    })),
    alerts: null,
    notes: [
      countingNote(context.jurisdiction.timeZone),
      suppressionNote(figures.k),
      `Areas are places of at least ${groupDigits(figures.minPopulation)} residents; smaller places are merged with their neighbours. ` +
        'Rates are per 100,000 residents; a rate from fewer than 20 overdoses is marked * as unreliable.',
      'If you see someone overdosing, call 911 and give naloxone if you have it. Naloxone is free from local harm reduction programs and pharmacies.',
    ],
  };
}
