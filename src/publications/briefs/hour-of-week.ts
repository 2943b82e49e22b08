/**
 * When overdoses happen in the week, in the jurisdiction's own clock: the day of the week by hour of
 * day (the heat map), and by three-hour block (the windows a patrol shift can cover). Pure.
 */
import { zoneOffsetAt } from '../../platform/time-zones.js';

/** Days of the week as MMWR weeks run, Sunday first. */
export const WEEKDAYS = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const;

/** Hours in a block of the focus windows. */
export const BLOCK_HOURS = 3;

/** Overdoses by day of the week and hour of day, and those with no time of day by day of the week. */
export interface HourOfWeekCounts {
  /** `hours[weekday][hour]`, weekday 0 = Sunday, local hours 0..23. */
  hours: number[][];
  /** Overdoses whose source gave a date without a time: counted by their day only. */
  noTimeOfDay: number[];
}

/** The weekday (0 = Sunday) of a day written YYYY-MM-DD. */
export function weekdayOf(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

/**
 * Counts by local weekday and hour from counts by UTC quarter hour (`quarter` × `quarterSeconds` is
 * the instant), and the untimed ones by their local day.
 */
export function hourOfWeekCounts(
  timed: readonly { quarter: number; count: number }[],
  untimed: readonly { day: string; count: number }[],
  timeZone: string,
  quarterSeconds: number,
): HourOfWeekCounts {
  const hours = WEEKDAYS.map(() => Array.from({ length: 24 }, () => 0));
  const noTimeOfDay = WEEKDAYS.map(() => 0);
  for (const { quarter, count } of timed) {
    const instant = quarter * quarterSeconds * 1000;
    const local = new Date(instant + zoneOffsetAt(instant, timeZone));
    const row = hours[local.getUTCDay()] as number[];
    row[local.getUTCHours()] = (row[local.getUTCHours()] ?? 0) + count;
  }
  for (const { day, count } of untimed) {
    const weekday = weekdayOf(day);
    noTimeOfDay[weekday] = (noTimeOfDay[weekday] ?? 0) + count;
  }
  return { hours, noTimeOfDay };
}

/** The counts by weekday and three-hour block (00–03, 03–06, ... 21–24). */
export function blockCounts(hours: readonly (readonly number[])[]): number[][] {
  return hours.map((row) =>
    Array.from({ length: 24 / BLOCK_HOURS }, (_, b) =>
      row.slice(b * BLOCK_HOURS, (b + 1) * BLOCK_HOURS).reduce((sum, n) => sum + n, 0),
    ),
  );
}

/** An hour of day as a clock shows it: "07:00". */
export function hourText(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}

/** A block of hours: "18:00–21:00". */
export function blockText(block: number): string {
  return `${hourText(block * BLOCK_HOURS)}–${hourText((block + 1) * BLOCK_HOURS)}`;
}
