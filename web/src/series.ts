import type { CountRow } from './api';

/** One point of a daily series: the day, its count and the trailing 7-day average. */
export interface DailyPoint {
  day: string;
  count: number;
  average7: number | null;
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

/** Makes a code readable: "age_band" becomes "Age band", "nonfatal" stays "nonfatal". */
export function label(code: string): string {
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

/** Weekly counts as chart points: `lastYear` weeks carry their count as the line, this year's as bars. */
export function weeklySeries(
  rows: readonly CountRow[],
  weeks: readonly string[],
  asLine: boolean,
): DailyPoint[] {
  const byWeek = new Map<string, number>();
  for (const row of rows) byWeek.set(row.period, (byWeek.get(row.period) ?? 0) + row.count);
  return weeks.map((day) => {
    const count = byWeek.get(day) ?? 0;
    return { day, count, average7: asLine ? count : null };
  });
}
