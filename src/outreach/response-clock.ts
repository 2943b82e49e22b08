/**
 * The response clock of an outreach case: the PRONTO guidance asks for a first contact within a window
 * (24-72 hours) from the overdose, so the queue orders cases by when that window closes and flags those
 * past it that nobody has reached yet. Pure.
 */

const HOUR_MS = 3_600_000;

/** When a case's response window closes: the clock's start plus the program's window. */
export function dueAt(clockStartedAt: Date, responseWindowHours: number): Date {
  return new Date(clockStartedAt.getTime() + responseWindowHours * HOUR_MS);
}

/** Hours from the clock's start to `now`, to one decimal (negative for a clock started in the future). */
export function hoursSinceStart(clockStartedAt: Date, now: Date): number {
  return Math.round((now.getTime() - clockStartedAt.getTime()) / (HOUR_MS / 10)) / 10;
}

/**
 * Whether a case is overdue: still open, no attempt has reached the survivor, and its window closed
 * before `now`. A reached survivor stops the clock, whatever comes after.
 */
export function isOverdue(
  c: { status: 'open' | 'closed'; survivorReached: boolean; dueAt: Date },
  now: Date,
): boolean {
  return c.status === 'open' && !c.survivorReached && now.getTime() > c.dueAt.getTime();
}
