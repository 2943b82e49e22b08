import { instantOfWallTime, localDateOf } from '../platform/time-zones.js';

/** When a school day starts, local time: a Handle with Care notice is due before it. */
export const SCHOOL_DAY_START = { hour: 7, minute: 30 } as const;

/**
 * The start of the next school day after `now` in the jurisdiction's time zone: the first Monday to
 * Friday whose 07:30 is still ahead (so a notice made before 07:30 on a weekday is due that morning,
 * one made on Friday evening or over the weekend on Monday). School holidays are not known to SOS:
 * a notice due on a holiday only arrives early.
 */
export function nextSchoolDayStart(now: Date, timeZone: string): Date {
  const [year, month, day] = localDateOf(now, timeZone).split('-').map(Number) as [number, number, number];
  for (let ahead = 0; ahead < 8; ahead++) {
    const date = new Date(Date.UTC(year, month - 1, day + ahead));
    const weekday = date.getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const start = instantOfWallTime(
      {
        year: date.getUTCFullYear(),
        month: date.getUTCMonth() + 1,
        day: date.getUTCDate(),
        hour: SCHOOL_DAY_START.hour,
        minute: SCHOOL_DAY_START.minute,
        second: 0,
      },
      timeZone,
    );
    if (start.getTime() > now.getTime()) return start;
  }
  // Unreachable: within eight days there are always weekdays ahead.
  throw new Error(`no school day after ${now.toISOString()}`);
}
