import { addDays } from '../../platform/calendar-days.js';
import { SosError } from '../../platform/errors.js';

/** An MMWR week: Sunday to Saturday, numbered within its MMWR year. */
export interface ReportWeek {
  year: number;
  week: number;
  /** `2024-W05`, as the command line and the archive name it. */
  label: string;
  /** The Sunday that starts it and the Saturday that ends it. */
  first: string;
  last: string;
}

/**
 * The Sunday that starts MMWR week 1 of a year. MMWR week 1 is the first Sunday-to-Saturday week
 * with at least four days in the year, so it starts between December 29 and January 4.
 */
function firstSunday(year: number): string {
  const january4 = `${String(year).padStart(4, '0')}-01-04`;
  const weekday = new Date(`${january4}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(january4, -weekday);
}

function weekOf(year: number, week: number): ReportWeek {
  const first = addDays(firstSunday(year), (week - 1) * 7);
  return { year, week, label: `${year}-W${String(week).padStart(2, '0')}`, first, last: addDays(first, 6) };
}

/** The number of MMWR weeks of a year: 52, or 53 when the next year's week 1 starts 53 weeks on. */
export function weeksInYear(year: number): number {
  const days =
    (Date.parse(`${firstSunday(year + 1)}T00:00:00Z`) - Date.parse(`${firstSunday(year)}T00:00:00Z`)) /
    86_400_000;
  return days / 7;
}

/** The MMWR week a local day falls in. */
export function reportWeekOf(day: string): ReportWeek {
  let year = Number(day.slice(0, 4));
  if (day < firstSunday(year)) year -= 1;
  else if (day >= firstSunday(year + 1)) year += 1;
  const days = (Date.parse(`${day}T00:00:00Z`) - Date.parse(`${firstSunday(year)}T00:00:00Z`)) / 86_400_000;
  return weekOf(year, Math.floor(days / 7) + 1);
}

/** Parses `2024-W05` (an MMWR year and week); says what is wrong otherwise. */
export function parseReportWeek(text: string): ReportWeek {
  const match = /^(\d{4})-W(\d{1,2})$/.exec(text.trim());
  if (!match) {
    throw new SosError(
      'VALIDATION_FAILED',
      `"${text}" is not a week: write it as 2024-W05 (MMWR year and week)`,
      {
        field: 'week',
      },
    );
  }
  const year = Number(match[1]);
  const week = Number(match[2]);
  if (week < 1 || week > weeksInYear(year)) {
    throw new SosError('VALIDATION_FAILED', `${year} has MMWR weeks 1 to ${weeksInYear(year)}, not ${week}`, {
      field: 'week',
    });
  }
  return weekOf(year, week);
}

/** The week `n` weeks after (negative: before) a week. */
export function shiftWeek(week: ReportWeek, n: number): ReportWeek {
  return reportWeekOf(addDays(week.first, n * 7));
}

/**
 * The same week a year before: the same MMWR week number (week 53 maps to week 52 in a 52-week
 * year), as CDC compares weeks across years.
 */
export function sameWeekLastYear(week: ReportWeek): ReportWeek {
  const year = week.year - 1;
  return weekOf(year, Math.min(week.week, weeksInYear(year)));
}

/** The last complete MMWR week before a local day (the week a scheduled report is about). */
export function lastCompleteWeek(today: string): ReportWeek {
  return shiftWeek(reportWeekOf(today), -1);
}
