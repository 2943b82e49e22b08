// Imports name their .js file, so the unit tests (compiled by Node's resolution) can import this too.
import type { CountRow } from './api-responses.js';

/** One point of a daily series: the day, its count and the trailing 7-day average. */
export interface DailyPoint {
  day: string;
  count: number;
  average7: number | null;
  /** For a week: how many of its 7 days are in the range, when fewer (its count covers only those). */
  partialDays?: number;
}

function addDays(day: string, n: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + n);
  return date.toISOString().slice(0, 10);
}

/** Every day from `from` to `to`, with zero where no row counted, and the trailing 7-day average. */
export function dailySeries(rows: readonly CountRow[], from: string, to: string): DailyPoint[] {
  const byDay = new Map<string, number>();
  for (const row of rows) byDay.set(row.period, (byDay.get(row.period) ?? 0) + row.count);
  const points: DailyPoint[] = [];
  let window = 0;
  for (let day = from, i = 0; day <= to; day = addDays(day, 1), i++) {
    const count = byDay.get(day) ?? 0;
    window += count;
    if (i >= 7) window -= points[i - 7]?.count ?? 0;
    points.push({ day, count, average7: i >= 6 ? window / 7 : null });
  }
  return points;
}

/** Sums rows by breakdown key over the whole range, largest first. */
export function totalsByKey(rows: readonly CountRow[]): { key: string; count: number }[] {
  const totals = new Map<string, number>();
  for (const row of rows) {
    const key = row.key ?? 'total';
    totals.set(key, (totals.get(key) ?? 0) + row.count);
  }
  return [...totals.entries()].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count);
}

/** A rate per 100,000 people, or null when the population is unknown. */
export function ratePer100k(count: number, population: number | null): number | null {
  if (!population) return null;
  return (count / population) * 100_000;
}

/**
 * Areas ranked by rate, highest first, with unreliable rates (fewer than `unreliableBelow` overdoses)
 * after every reliable one, then areas without a population by count: a town with 2 deaths and 900
 * residents must not top the table over a city's steady rate.
 */
export function rankByRate<T extends { count: number; rate: number | null }>(
  areas: readonly T[],
  unreliableBelow: number,
): T[] {
  const tier = (a: T) => (a.rate === null ? 2 : a.count < unreliableBelow ? 1 : 0);
  return [...areas].sort((a, b) => tier(a) - tier(b) || (b.rate ?? 0) - (a.rate ?? 0) || b.count - a.count);
}

/** Codes whose readable form is not their capitalized words: yes/no fields and acronyms. */
const SPELLED: ReadonlyMap<string, string> = new Map([
  ['true', 'Yes'],
  ['false', 'No'],
  ['ems', 'EMS'],
]);

/** Makes a code readable: "age_band" becomes "Age band", "true" Yes, "ems" EMS. */
export function label(code: string): string {
  const spelled = SPELLED.get(code);
  if (spelled !== undefined) return spelled;
  const text = code.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The first days (Sundays) of the MMWR weeks that overlap the range, as the API labels weekly counts. */
export function weekStarts(from: string, to: string): string[] {
  const start = new Date(`${from}T00:00:00Z`);
  start.setUTCDate(start.getUTCDate() - start.getUTCDay());
  const weeks: string[] = [];
  for (const d = start; d.toISOString().slice(0, 10) <= to; d.setUTCDate(d.getUTCDate() + 7)) {
    weeks.push(d.toISOString().slice(0, 10));
  }
  return weeks;
}

/**
 * How many of the 7 days of the week starting `weekStart` fall in the range: fewer than 7 for a first
 * or last week cut by the range, whose count is then of fewer days and must not read as a drop.
 */
export function daysOfWeekInRange(weekStart: string, from: string, to: string): number {
  let days = 0;
  for (let i = 0; i < 7; i++) {
    const day = addDays(weekStart, i);
    if (day >= from && day <= to) days++;
  }
  return days;
}

/**
 * Weekly counts over the range as chart points, each week marked with its days in the range when the
 * range cuts it: `asLine` (a year earlier) carries the count as the line, otherwise it is a bar.
 */
export function weeklySeries(
  rows: readonly CountRow[],
  from: string,
  to: string,
  asLine: boolean,
): DailyPoint[] {
  const byWeek = new Map<string, number>();
  for (const row of rows) byWeek.set(row.period, (byWeek.get(row.period) ?? 0) + row.count);
  return weekStarts(from, to).map((day) => {
    const count = byWeek.get(day) ?? 0;
    const inRange = daysOfWeekInRange(day, from, to);
    return {
      day,
      count,
      average7: asLine ? count : null,
      ...(inRange < 7 ? { partialDays: inRange } : {}),
    };
  });
}
