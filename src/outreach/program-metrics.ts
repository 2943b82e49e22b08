import type { ContactOutcome, DeflectionPathway } from './outreach-vocabulary.js';

/** The de-identified facts of one case that the program metrics count: no person, no free text. */
export interface CaseFacts {
  pathway: DeflectionPathway | null;
  clockStartedAt: Date;
  attempts: readonly { attemptedAt: Date; outcome: ContactOutcome }[];
  /** How many visits the case had. */
  visits: number;
}

/** The true counts of a set of cases, before any suppression. */
export interface MetricCounts {
  cases: number;
  attempted: number;
  reached: number;
  engaged: number;
}

const HOUR = 3_600_000;

/** Attempted: at least one contact attempt. */
export function isAttempted(c: CaseFacts): boolean {
  return c.attempts.length > 0;
}

/** Reached: at least one attempt whose outcome was survivor_reached. */
export function isReached(c: CaseFacts): boolean {
  return c.attempts.some((a) => a.outcome === 'survivor_reached');
}

/** Engaged: at least one visit or a service accepted; services are accepted only at a visit, so: a visit. */
export function isEngaged(c: CaseFacts): boolean {
  return c.visits > 0;
}

/** Hours from the clock's start to the first attempt, or null without one. */
export function hoursToFirstAttempt(c: CaseFacts): number | null {
  return hoursToFirst(c, c.attempts);
}

/** Hours from the clock's start to the first attempt that reached the survivor, or null without one. */
export function hoursToFirstContact(c: CaseFacts): number | null {
  return hoursToFirst(
    c,
    c.attempts.filter((a) => a.outcome === 'survivor_reached'),
  );
}

function hoursToFirst(c: CaseFacts, attempts: CaseFacts['attempts']): number | null {
  if (attempts.length === 0) return null;
  const first = Math.min(...attempts.map((a) => a.attemptedAt.getTime()));
  return (first - c.clockStartedAt.getTime()) / HOUR;
}

/** The median of the values (the mean of the middle two for an even count), or null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** The four counts of a set of cases. */
export function countCases(cases: readonly CaseFacts[]): MetricCounts {
  return {
    cases: cases.length,
    attempted: cases.filter(isAttempted).length,
    reached: cases.filter(isReached).length,
    engaged: cases.filter(isEngaged).length,
  };
}

/** The hours to the first attempt and to the first contact of the cases that had one. */
export function responseHours(cases: readonly CaseFacts[]): {
  firstAttempt: number[];
  firstContact: number[];
} {
  return {
    firstAttempt: cases.map(hoursToFirstAttempt).filter((h): h is number => h !== null),
    firstContact: cases.map(hoursToFirstContact).filter((h): h is number => h !== null),
  };
}
