import { addDays } from '../platform/calendar-days.js';
import { localDateOf } from '../platform/time-zones.js';

/** The Sunday that starts the MMWR week of a day ('YYYY-MM-DD'): the only date a result keeps. */
export function weekStartOf(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -weekday);
}

/**
 * The week start of a collection date as sent: a day as it is, an instant by its day in the
 * jurisdiction's time zone. Null when the text is neither (the caller names the field).
 */
export function collectionWeek(text: string, timeZone: string): { day: string; weekStart: string } | null {
  const trimmed = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) {
    const parsed = new Date(`${trimmed}T00:00:00Z`);
    if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== trimmed) return null;
    return { day: trimmed, weekStart: weekStartOf(trimmed) };
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(trimmed)) return null;
  const instant = new Date(trimmed);
  if (Number.isNaN(instant.getTime())) return null;
  const day = localDateOf(instant, timeZone);
  return { day, weekStart: weekStartOf(day) };
}
