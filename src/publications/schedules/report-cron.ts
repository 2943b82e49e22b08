import { Cron } from 'croner';
import { SosError } from '../../platform/errors.js';
import { isValidTimeZone } from '../../platform/time-zones.js';

function invalid(field: string, message: string): SosError {
  return new SosError('VALIDATION_FAILED', message, { field });
}

/**
 * Checks a schedule's cron pattern: five fields (minute hour day-of-month month day-of-week), read
 * by croner, with the minute as one number so a schedule runs at most once an hour (a report mailed
 * every minute is a mistake, never an intent), and at least one time it can run at.
 */
export function checkCron(cron: string): string {
  const pattern = cron.trim().replace(/\s+/g, ' ');
  const fields = pattern.split(' ');
  if (fields.length !== 5) {
    throw invalid(
      'cron',
      `"${cron}" has ${fields.length} field${fields.length === 1 ? '' : 's'}: write five, minute hour day month weekday, e.g. "0 7 * * 1" for every Monday at 07:00`,
    );
  }
  if (!/^\d{1,2}$/.test(fields[0] as string)) {
    throw invalid(
      'cron',
      `"${cron}" runs more than once an hour: give the minute as one number (0-59), e.g. "0 7 * * 1"`,
    );
  }
  let cronJob: Cron;
  try {
    cronJob = new Cron(pattern, { paused: true, mode: '5-part' });
  } catch (error) {
    // croner says which part is wrong ("Invalid value for hour: 25"); its class prefix is noise here.
    const reason = (error instanceof Error ? error.message : String(error)).replace(/^CronPattern: /, '');
    throw invalid('cron', `"${cron}" is not a cron pattern: ${reason}`);
  }
  if (cronJob.nextRun(new Date(0)) === null) throw invalid('cron', `"${cron}" never runs (no such date)`);
  return pattern;
}

/** Checks an IANA time zone name. */
export function checkTimeZone(timeZone: string): string {
  if (!isValidTimeZone(timeZone)) {
    throw invalid('time_zone', `"${timeZone}" is not a time zone: use an IANA name such as America/New_York`);
  }
  return timeZone;
}

/**
 * The first time strictly after `after` at which a cron pattern fires on the wall clock of a time
 * zone: "0 7 * * 1" is 07:00 local every Monday, 12:00Z in winter and 11:00Z in summer in New York.
 * A time skipped by a daylight saving change runs at the first valid time after the gap; a time
 * that occurs twice runs once.
 */
export function nextRunAfter(cron: string, timeZone: string, after: Date): Date {
  const pattern = checkCron(cron);
  const next = new Cron(pattern, { paused: true, mode: '5-part', timezone: checkTimeZone(timeZone) }).nextRun(
    after,
  );
  if (!next) throw invalid('cron', `"${cron}" does not run again after ${after.toISOString()}`);
  return next;
}

/** The next `count` times a pattern fires after `after`, for a preview. */
export function nextRuns(cron: string, timeZone: string, after: Date, count: number): Date[] {
  const runs: Date[] = [];
  let from = after;
  for (let i = 0; i < count; i++) {
    from = nextRunAfter(cron, timeZone, from);
    runs.push(from);
  }
  return runs;
}
