import { realism } from './realism.js';

/** Connecticut's time zone: days, weekdays and hours of the synthetic data are cut in it. */
export const demoTimeZone = 'America/New_York';

const hourMs = 3_600_000;
const dayMs = 86_400_000;

/** The hours of the generated range with the expected share of events in each. */
export interface Timeline {
  /** Local midnight that opens the range (inclusive). */
  startMs: number;
  /** Local midnight that closes the range (exclusive). */
  endMs: number;
  hours: number;
  /** Running total of the hours' relative expected counts, for drawing hours by weight. */
  cumulativeWeight: Float64Array;
  /** UTC offset of each hour in minutes (-300 in winter, -240 in summer). */
  offsetMinutes: Int16Array;
}

const zoneClock = new Intl.DateTimeFormat('en-US', {
  timeZone: demoTimeZone,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
});

/** The UTC offset in minutes of Connecticut's wall clock at an instant. */
export function offsetMinutesAt(ms: number): number {
  const field = { year: 0, month: 1, day: 1, hour: 0, minute: 0 };
  for (const part of zoneClock.formatToParts(ms)) {
    if (part.type in field) field[part.type as keyof typeof field] = Number(part.value);
  }
  const wallClock = Date.UTC(field.year, field.month - 1, field.day, field.hour, field.minute);
  return Math.round((wallClock - (ms - (ms % 60_000))) / 60_000);
}

/** The instant of local midnight that opens a calendar date (YYYY-MM-DD) in Connecticut. */
export function localMidnightMs(date: string): number {
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  // The evening before local midnight has the same offset as midnight: clocks change at 2 a.m.
  return utcMidnight - offsetMinutesAt(utcMidnight) * 60_000;
}

/** The calendar date (YYYY-MM-DD) `days` days before `date`. */
export function dateDaysBefore(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - days * dayMs).toISOString().slice(0, 10);
}

/** The calendar date (YYYY-MM-DD) of an instant on Connecticut's wall clock. */
export function localDate(ms: number): string {
  return new Date(ms + offsetMinutesAt(ms) * 60_000).toISOString().slice(0, 10);
}

/**
 * The `days` whole local days that end just before `end` (a YYYY-MM-DD date, excluded), with each hour
 * weighted by the weekly, yearly, trend and time-of-day factors of `realism`.
 */
export function buildTimeline(end: string, days: number): Timeline {
  const startMs = localMidnightMs(dateDaysBefore(end, days));
  const endMs = localMidnightMs(end);
  const hours = Math.round((endMs - startMs) / hourMs);
  const cumulativeWeight = new Float64Array(hours);
  const offsetMinutes = hourlyOffsets(startMs, hours);
  let total = 0;
  for (let h = 0; h < hours; h++) {
    const ms = startMs + h * hourMs;
    const wall = new Date(ms + (offsetMinutes[h] ?? 0) * 60_000);
    const dayOfYear =
      (Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate()) -
        Date.UTC(wall.getUTCFullYear(), 0, 1)) /
        dayMs +
      1;
    const season =
      1 + realism.seasonAmplitude * Math.cos((2 * Math.PI * (dayOfYear - realism.seasonPeakDay)) / 365.25);
    const trend = 1 + (realism.trendPerYear * (ms - startMs)) / (365.25 * dayMs);
    const weekday = realism.weekday[wall.getUTCDay()] ?? 1;
    const hourOfDay = realism.hourOfDay[wall.getUTCHours()] ?? 1;
    total += weekday * season * trend * hourOfDay;
    cumulativeWeight[h] = total;
  }
  return { startMs, endMs, hours, cumulativeWeight, offsetMinutes };
}

/**
 * The offset of each hour. Asking the time zone database is slow, so it is asked at both ends of each
 * day and hour by hour only on the days whose ends differ: clocks change at most twice a year.
 */
function hourlyOffsets(startMs: number, hours: number): Int16Array {
  const offsets = new Int16Array(hours);
  for (let first = 0; first < hours; first += 24) {
    const last = Math.min(first + 24, hours) - 1;
    const opening = offsetMinutesAt(startMs + first * hourMs);
    const unchanged = opening === offsetMinutesAt(startMs + last * hourMs);
    for (let h = first; h <= last; h++)
      offsets[h] = unchanged ? opening : offsetMinutesAt(startMs + h * hourMs);
  }
  return offsets;
}

/** The share of the timeline's expected events that falls in hours [fromHour, toHour). */
export function weightShare(timeline: Timeline, fromHour: number, toHour: number): number {
  const weights = timeline.cumulativeWeight;
  const before = fromHour > 0 ? (weights[fromHour - 1] ?? 0) : 0;
  const upTo = weights[toHour - 1] ?? 0;
  return (upTo - before) / (weights[weights.length - 1] ?? 1);
}

const twoDigits = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

/** ISO 8601 local time with its offset, to the second, e.g. 2024-05-03T22:15:00-04:00. */
export function formatLocalTime(ms: number, offsetMinutes: number): string {
  const wall = new Date(ms + offsetMinutes * 60_000);
  const offset = Math.abs(offsetMinutes);
  return (
    `${wall.getUTCFullYear()}-${twoDigits[wall.getUTCMonth() + 1]}-${twoDigits[wall.getUTCDate()]}` +
    `T${twoDigits[wall.getUTCHours()]}:${twoDigits[wall.getUTCMinutes()]}:${twoDigits[wall.getUTCSeconds()]}` +
    `${offsetMinutes < 0 ? '-' : '+'}${twoDigits[Math.floor(offset / 60)]}:${twoDigits[offset % 60]}`
  );
}
