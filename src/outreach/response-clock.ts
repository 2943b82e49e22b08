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
 * The outcomes that stop the response clock: the survivor was spoken to, whether she took up the offer
 * or declined it. A declined case is not overdue: escalating it would push for more contact against
 * her word (further contact needs her consent).
 */
export const clockStoppingOutcomes = ['survivor_reached', 'declined'] as const;

/** Whether an attempt's outcome stops the response clock. */
export function stopsTheClock(outcome: string): boolean {
  return (clockStoppingOutcomes as readonly string[]).includes(outcome);
}

/** The same test in SQL, of the attempts table aliased `a` (the outcomes are constants, not input). */
export const clockStoppingSql = `a.outcome in (${clockStoppingOutcomes.map((o) => `'${o}'`).join(', ')})`;

/**
 * Whether a case is overdue: still open, no attempt has reached the survivor (see
 * clockStoppingOutcomes), and its window closed before `now`; whatever comes after does not restart it.
 */
export function isOverdue(
  c: { status: 'open' | 'closed'; survivorReached: boolean; dueAt: Date },
  now: Date,
): boolean {
  return c.status === 'open' && !c.survivorReached && now.getTime() > c.dueAt.getTime();
}
