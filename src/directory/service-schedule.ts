import { zoneOffsetAt } from '../platform/time-zones.js';

// Whether a service is open at an instant, read from its HSDS schedules (iCal-like recurrences).
// Times without an offset are wall-clock times of the jurisdiction's time zone, so a schedule of
// "09:00-17:00" stays 9 to 5 across daylight-saving changes; an HSDS `opens_at` with an offset
// ("09:00-05:00", "14:00Z") is honoured as written. The numeric `timezone` column is not read: a fixed
// UTC offset is wrong half the year wherever clocks change, and the jurisdiction's zone is known.

/** An HSDS schedule row as received: column name to cell text (freq, byday, opens_at, valid_to...). */
export type ScheduleRow = Readonly<Record<string, string | undefined>>;

/** The fields of a schedule row that open-now reads, trimmed ('' when empty or absent). */
interface ServiceSchedule {
  freq: string;
  interval: string;
  byday: string;
  bymonthday: string;
  dtstart: string;
  wkst: string;
  until: string;
  validFrom: string;
  validTo: string;
  opensAt: string;
  closesAt: string;
  description: string;
}

function fieldsOf(row: ScheduleRow): ServiceSchedule {
  const cell = (name: string) => (row[name] ?? '').trim();
  return {
    freq: cell('freq'),
    interval: cell('interval'),
    byday: cell('byday'),
    bymonthday: cell('bymonthday'),
    dtstart: cell('dtstart'),
    wkst: cell('wkst'),
    until: cell('until'),
    validFrom: cell('valid_from'),
    validTo: cell('valid_to'),
    opensAt: cell('opens_at'),
    closesAt: cell('closes_at'),
    description: cell('description'),
  };
}

/** A time of day as minutes after midnight, with the UTC offset (in minutes) it was written with, if any. */
interface TimeOfDay {
  minutes: number;
  offset: number | null;
}

const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const DATE = /^\d{4}-\d{2}-\d{2}/;
const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Reads "HH:MM", "HH:MM:SS", with an optional "Z" or "±HH:MM" offset; null when it is not a time. */
export function parseTimeOfDay(text: string): TimeOfDay | null {
  const match = TIME.exec(text.trim());
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes > 0)) return null;
  const zone = match[4]?.toUpperCase();
  let offset: number | null = null;
  if (zone === 'Z') offset = 0;
  else if (zone) {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
  }
  return { minutes: hours * 60 + minutes, offset };
}

/** A schedule open-now can read: opening and closing times, and a recurrence SOS knows. */
function readable(schedule: ServiceSchedule): { opens: TimeOfDay; closes: TimeOfDay } | null {
  const opens = parseTimeOfDay(schedule.opensAt);
  const closes = parseTimeOfDay(schedule.closesAt);
  const freq = schedule.freq.trim().toUpperCase();
  if (!opens || !closes || !['', 'WEEKLY', 'MONTHLY'].includes(freq)) return null;
  return { opens, closes };
}

/** A calendar day (UTC fields of a Date at its midnight): its ISO date, weekday and day of month. */
interface CalendarDay {
  iso: string;
  /** Days since 1970-01-01. */
  serial: number;
  weekday: number;
  dayOfMonth: number;
  daysInMonth: number;
}

function calendarDay(serial: number): CalendarDay {
  const date = new Date(serial * DAY_MS);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  return {
    iso: date.toISOString().slice(0, 10),
    serial,
    weekday: date.getUTCDay(),
    dayOfMonth: date.getUTCDate(),
    daysInMonth: new Date(Date.UTC(year, month + 1, 0)).getUTCDate(),
  };
}

function isoDate(text: string): string | null {
  const trimmed = text.trim();
  return DATE.test(trimmed) ? trimmed.slice(0, 10) : null;
}

function list(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim().toUpperCase())
    .filter(Boolean);
}

/** `MO`, `2MO`, `-1FR`: the weekday and its occurrence in the month (null: every one). */
function byDayEntries(text: string): { weekday: number; nth: number | null }[] {
  return list(text).flatMap((entry) => {
    const match = /^([+-]?\d{1,2})?([A-Z]{2})$/.exec(entry);
    const weekday = match ? WEEKDAYS.indexOf(match[2] as (typeof WEEKDAYS)[number]) : -1;
    if (!match || weekday < 0) return [];
    return [{ weekday, nth: match[1] ? Number(match[1]) : null }];
  });
}

/** Whether a weekly recurrence (every `interval` weeks from dtstart's week) falls on the day. */
function weeklyOn(schedule: ServiceSchedule, day: CalendarDay, start: CalendarDay | null): boolean {
  const days = byDayEntries(schedule.byday).map((d) => d.weekday);
  // RFC 5545: without BYDAY a weekly rule recurs on DTSTART's weekday; without either, every day.
  const weekdays = days.length > 0 ? days : start ? [start.weekday] : [0, 1, 2, 3, 4, 5, 6];
  if (!weekdays.includes(day.weekday)) return false;
  const interval = Number.parseInt(schedule.interval, 10);
  if (!start || !(interval > 1)) return true;
  const weekStart = Math.max(0, WEEKDAYS.indexOf(schedule.wkst.trim().toUpperCase() as 'MO'));
  const firstOfWeek = (d: CalendarDay) => d.serial - ((d.weekday - weekStart + 7) % 7);
  const weeks = Math.round((firstOfWeek(day) - firstOfWeek(start)) / 7);
  return weeks % interval === 0;
}

/** Whether a monthly recurrence (BYMONTHDAY and/or BYDAY with occurrences) falls on the day. */
function monthlyOn(schedule: ServiceSchedule, day: CalendarDay, start: CalendarDay | null): boolean {
  const monthDays = list(schedule.bymonthday).map(Number).filter(Number.isInteger);
  const weekdays = byDayEntries(schedule.byday);
  if (monthDays.length === 0 && weekdays.length === 0) return start?.dayOfMonth === day.dayOfMonth;
  const onMonthDay =
    monthDays.length === 0 ||
    monthDays.some((n) => (n > 0 ? n === day.dayOfMonth : day.daysInMonth + n + 1 === day.dayOfMonth));
  const fromStart = Math.floor((day.dayOfMonth - 1) / 7) + 1;
  const fromEnd = -(Math.floor((day.daysInMonth - day.dayOfMonth) / 7) + 1);
  const onWeekday =
    weekdays.length === 0 ||
    weekdays.some(
      (d) => d.weekday === day.weekday && (d.nth === null || d.nth === fromStart || d.nth === fromEnd),
    );
  return onMonthDay && onWeekday;
}

/** Whether an opening of the schedule starts on the day: the recurrence falls on it, within validity. */
function opensOn(schedule: ServiceSchedule, day: CalendarDay): boolean {
  const from = isoDate(schedule.validFrom);
  const to = isoDate(schedule.validTo);
  const until = isoDate(schedule.until);
  const dtstart = isoDate(schedule.dtstart);
  if ((from && day.iso < from) || (to && day.iso > to) || (until && day.iso > until)) return false;
  if (dtstart && day.iso < dtstart) return false;
  const start = dtstart ? calendarDay(Math.floor(Date.parse(`${dtstart}T00:00:00Z`) / DAY_MS)) : null;
  return schedule.freq.trim().toUpperCase() === 'MONTHLY'
    ? monthlyOn(schedule, day, start)
    : weeklyOn(schedule, day, start);
}

/** Whether one readable schedule covers the instant. */
function covers(
  schedule: ServiceSchedule,
  times: { opens: TimeOfDay; closes: TimeOfDay },
  instant: Date,
  timeZone: string,
): boolean {
  const ms = instant.getTime();
  const fixed = times.opens.offset ?? times.closes.offset;
  const wall = ms + (fixed === null ? zoneOffsetAt(ms, timeZone) : fixed * MINUTE_MS);
  const serial = Math.floor(wall / DAY_MS);
  const minute = Math.floor((wall - serial * DAY_MS) / MINUTE_MS);
  const { opens, closes } = times;
  if (closes.minutes > opens.minutes) {
    return opensOn(schedule, calendarDay(serial)) && minute >= opens.minutes && minute < closes.minutes;
  }
  // Closing at or before the opening time means the opening runs past midnight into the next day
  // (an overnight shelter, 22:00-06:00); equal times mean 24 hours from the opening.
  return (
    (minute >= opens.minutes && opensOn(schedule, calendarDay(serial))) ||
    (minute < closes.minutes && opensOn(schedule, calendarDay(serial - 1)))
  );
}

/**
 * Whether any of the schedules has the service open at the instant (weekly and monthly HSDS
 * recurrences, in the time zone given for times written without an offset); null when none of them
 * says when it opens and closes, since "not open" would then be a guess.
 */
export function openAt(rows: readonly ScheduleRow[], instant: Date, timeZone: string): boolean | null {
  let known = false;
  for (const schedule of rows.map(fieldsOf)) {
    const times = readable(schedule);
    if (!times) continue;
    known = true;
    if (covers(schedule, times, instant, timeZone)) return true;
  }
  return known ? false : null;
}

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const ORDINALS: Record<number, string> = { 1: '1st', 2: '2nd', 3: '3rd', 4: '4th', 5: '5th', [-1]: 'last' };

/** The schedules in words: each one's description, else its days and hours ("Mon, Tue 09:00-17:00"). */
export function scheduleText(rows: readonly ScheduleRow[]): string | null {
  const lines = rows.map(fieldsOf).flatMap((s) => {
    if (s.description.trim()) return [s.description.trim()];
    const times = readable(s);
    if (!times) return [];
    const days = byDayEntries(s.byday)
      .map((d) => `${d.nth === null ? '' : `${ORDINALS[d.nth] ?? d.nth} `}${DAY_NAMES[d.weekday]}`)
      .join(', ');
    const hours = `${s.opensAt.trim().slice(0, 5)}-${s.closesAt.trim().slice(0, 5)}`;
    return [days ? `${days} ${hours}` : `Every day ${hours}`];
  });
  return lines.length > 0 ? [...new Set(lines)].join('; ') : null;
}
