// The response clock of an outreach case as the queue shows it: time left to the program's window, or
// time past it. Pure, so the wording is tested without a browser.

/** What the badge of a case says, and whether it warns. */
export interface ClockBadge {
  text: string;
  tone: ClockTone;
}

const HOUR = 3_600_000;

/** Hours or days, rounded down, in words: 5 h, 2 d 3 h. */
export function span(ms: number): string {
  const hours = Math.floor(Math.max(0, ms) / HOUR);
  if (hours < 1) return 'under 1 h';
  if (hours < 48) return `${hours} h`;
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  return rest === 0 ? `${days} d` : `${days} d ${rest} h`;
}

/** Which way a badge leans: a warning, the clock still running, or done in time. */
export type ClockTone = 'overdue' | 'due' | 'reached';

/** What the page knows of the contact that stops the clock: the survivor reached, or her decline. */
export type ContactMade = 'reached' | 'declined' | null;

/**
 * The badge of a case at `now`: "Overdue by …" when the server says it is overdue (open, nobody
 * reached, past due); "Declined" when she declined (the clock stops: no more pressing); "Survivor
 * reached" when an attempt reached her (`contact`, as far as the page knows) or, past due, when not
 * overdue (the API's definition says someone did); else "Due in …". Nothing once closed.
 */
export function clockBadge(
  c: { status: string; due_at: string; overdue: boolean },
  now: number,
  contact: ContactMade = null,
): ClockBadge | null {
  if (c.status !== 'open') return null;
  const left = Date.parse(c.due_at) - now;
  if (c.overdue) return { text: `Overdue by ${span(-left)}`, tone: 'overdue' };
  if (contact === 'declined') return { text: 'Declined', tone: 'reached' };
  if (contact === 'reached' || left <= 0) return { text: 'Survivor reached', tone: 'reached' };
  return { text: `Due in ${span(left)}`, tone: 'due' };
}
