import { Cron } from 'croner';

/** When a job is due: every so many milliseconds (counted from the epoch), or at a cron's times. */
export type JobSchedule = { everyMs: number } | { cron: string; timeZone?: string };

function cronOf(schedule: { cron: string; timeZone?: string }): Cron {
  return new Cron(schedule.cron, {
    paused: true,
    ...(schedule.timeZone ? { timezone: schedule.timeZone } : {}),
  });
}

/**
 * The latest due time at or before `now`, or null before the first. Interval times are counted from
 * the epoch, so every server agrees on them whenever it started: a due time names one run.
 */
export function dueTimeAt(schedule: JobSchedule, now: Date): Date | null {
  if ('everyMs' in schedule) return new Date(Math.floor(now.getTime() / schedule.everyMs) * schedule.everyMs);
  // croner's previous runs are strictly before the reference: one millisecond on includes `now`.
  return cronOf(schedule).previousRuns(1, new Date(now.getTime() + 1))[0] ?? null;
}

/** The first due time after `now`, or null when there is none (a cron with no more dates). */
export function nextDueTime(schedule: JobSchedule, now: Date): Date | null {
  if ('everyMs' in schedule) {
    return new Date((Math.floor(now.getTime() / schedule.everyMs) + 1) * schedule.everyMs);
  }
  return cronOf(schedule).nextRun(now);
}
