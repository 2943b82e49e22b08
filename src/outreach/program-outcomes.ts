/**
 * Program outcomes, the funnel: one set of definitions for every program and every reader (the
 * coordinator's view, the funder's CSV and PDF). Pure: it counts plain facts and never reads the
 * database. docs/outcomes.md states the same definitions in words; change both together.
 *
 * The cohort is the program's survivor cases (kind post_overdose) whose response clock started in the
 * period; every count but eligible overdoses is a count of those cases (or of their referrals).
 */
import { ethnicities } from '../intake/vocabulary/ethnicity.js';
import { races } from '../intake/vocabulary/race.js';
import { sexes } from '../intake/vocabulary/sex.js';
import {
  type CloseReason,
  type ContactOutcome,
  type DeflectionPathway,
  deflectionPathways,
  type OutreachService,
  outreachServices,
} from './outreach-vocabulary.js';

/** The de-identified facts of the overdose that started a case (null fields: not recorded). */
export interface OverdoseDemographics {
  race: string | null;
  ethnicity: string | null;
  sex: string | null;
  age: number | null;
  ageBand: string | null;
}

/** Everything the funnel counts of one case: no person, no free text. */
export interface OutcomeCase {
  /** The person's match key (or another stable key of the person); null when nobody is named. */
  personKey: string | null;
  pathway: DeflectionPathway | null;
  clockStartedAt: Date;
  closeReason: CloseReason | null;
  attempts: readonly { attemptedAt: Date; outcome: ContactOutcome; materialsLeft: number }[];
  visits: readonly {
    servicesAccepted: readonly OutreachService[];
    /** How many family or network members were reached at the visit. */
    networkReached: number;
    lawEnforcementPresent: boolean;
  }[];
  referrals: readonly { need: string; firstAttendedAt: Date | null; status: string }[];
  /** When the overdoses joined to the case happened (the first, which started the clock, included). */
  overdoseTimes: readonly Date[];
  /** The facts of the case's first overdose; null for a case no overdose opened. */
  demographics: OverdoseDemographics | null;
}

/** What the funnel is computed from. */
export interface OutcomeFacts {
  /** Overdoses in the program's service areas in the period with a survivor to reach (not fatal). */
  eligibleOverdoses: number;
  cases: readonly OutcomeCase[];
  /** When the outcomes are computed: windows (72 h, 30 and 90 days) not yet over are left out. */
  now: Date;
}

/** A count and the count it is a share of. */
export interface CountOf {
  count: number;
  of: number;
}

/** Hours from the clock's start to an event, over the cases that had it. */
export interface ResponseHours {
  /** The hours of every case that had the event. */
  hours: number[];
  /** Cases whose event came within 72 hours, of the cases whose 72 hours are settled. */
  within72h: CountOf;
}

/** The breakdowns of the funnel. */
export const breakdownDimensions = [
  'race',
  'ethnicity',
  'sex',
  'age_group',
  'team_composition',
  'pathway',
] as const;
/** One breakdown. */
export type BreakdownDimension = (typeof breakdownDimensions)[number];

/** Age groups: a case's age, or its overdose's age band when the band lies wholly inside one group. */
export const ageGroups = ['under_25', '25_34', '35_44', '45_54', '55_64', '65_and_over', 'unknown'] as const;
/** Team composition at the case's visits. */
export const teamCompositions = ['law_enforcement_present', 'no_law_enforcement', 'no_visit'] as const;
/** The group of cases no deflection pathway opened. */
export const NO_PATHWAY = 'no_pathway';

/** The groups of each breakdown, in the order they are shown; 'unknown' takes what was not recorded. */
export const breakdownGroups: Readonly<Record<BreakdownDimension, readonly string[]>> = {
  race: races,
  ethnicity: ethnicities,
  sex: sexes,
  age_group: ageGroups,
  team_composition: teamCompositions,
  pathway: [...deflectionPathways, NO_PATHWAY],
};

/** The measures of every breakdown row. */
export interface GroupCounts {
  cases: number;
  reached: number;
  engaged: number;
  refused: number;
}

/** The true counts of the funnel, before any suppression. */
export interface OutcomeCounts {
  eligibleOverdoses: number;
  cases: number;
  attempted: number;
  peopleAttempted: number;
  reached: number;
  engaged: number;
  engagedDirectly: number;
  engagedThroughNetwork: number;
  refused: number;
  /** Cases that accepted each service at a visit. */
  servicesDelivered: { service: OutreachService; cases: number }[];
  /** Referrals made for each need, and how many of them the survivor attended. */
  referrals: { need: string; made: number; attended: number }[];
  firstAttempt: ResponseHours;
  firstContact: ResponseHours;
  /** Another overdose within the days after the clock's start, among engaged and not engaged cases. */
  repeatOverdose: { days: number; engaged: CountOf; notEngaged: CountOf }[];
  breakdowns: Record<BreakdownDimension, ({ group: string } & GroupCounts)[]>;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The response window the guidance sets for a first attempt and a first contact. */
export const RESPONSE_WINDOW_HOURS = 72;
/** The follow-up windows of repeat overdoses. */
export const REPEAT_WINDOWS_DAYS = [30, 90] as const;

/** Attempted: at least one contact attempt. */
export function isAttempted(c: OutcomeCase): boolean {
  return c.attempts.length > 0;
}

/** Reached: an attempt whose outcome was survivor_reached. */
export function isReached(c: OutcomeCase): boolean {
  return c.attempts.some((a) => a.outcome === 'survivor_reached');
}

/**
 * Engaged directly: the survivor took something from the team: a service accepted at a visit, or
 * materials handed over at an attempt that reached the survivor.
 */
export function isEngagedDirectly(c: OutcomeCase): boolean {
  return (
    c.visits.some((v) => v.servicesAccepted.length > 0) ||
    c.attempts.some((a) => a.outcome === 'survivor_reached' && a.materialsLeft > 0)
  );
}

/** Engaged through the network: not directly, but a family or network member was reached at a visit. */
export function isEngagedThroughNetwork(c: OutcomeCase): boolean {
  return !isEngagedDirectly(c) && c.visits.some((v) => v.networkReached > 0);
}

/** Engaged: directly or through the network (the two never overlap). */
export function isEngaged(c: OutcomeCase): boolean {
  return isEngagedDirectly(c) || isEngagedThroughNetwork(c);
}

/** Refused: the survivor declined at an attempt, or the case closed as declined. */
export function isRefused(c: OutcomeCase): boolean {
  return c.closeReason === 'declined' || c.attempts.some((a) => a.outcome === 'declined');
}

/** Attended: the receiving service saw the survivor (a first attendance recorded, or completed). */
export function isAttended(referral: OutcomeCase['referrals'][number]): boolean {
  return referral.firstAttendedAt !== null || referral.status === 'completed';
}

/** Hours from the clock's start to the first attempt, or null without one. */
export function hoursToFirstAttempt(c: OutcomeCase): number | null {
  return hoursToFirst(c, c.attempts);
}

/** Hours from the clock's start to the first attempt that reached the survivor, or null without one. */
export function hoursToFirstContact(c: OutcomeCase): number | null {
  return hoursToFirst(
    c,
    c.attempts.filter((a) => a.outcome === 'survivor_reached'),
  );
}

function hoursToFirst(c: OutcomeCase, attempts: OutcomeCase['attempts']): number | null {
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

/**
 * The 90th percentile by nearest rank: the smallest value that at least 90% of the values do not
 * exceed (the ⌈0.9·n⌉-th smallest), so it is always one of the observed hours; null for none.
 */
export function percentile90(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(0.9 * sorted.length) - 1] as number;
}

/**
 * The hours of the cases that had the event, and the share within 72 h. A case counts in the share's
 * denominator once it is settled: its event came within 72 h, or 72 h have passed without one (a case
 * opened an hour ago is neither a success nor a failure yet).
 */
function responseHours(
  cases: readonly OutcomeCase[],
  hoursOf: (c: OutcomeCase) => number | null,
  now: Date,
): ResponseHours {
  const hours: number[] = [];
  let count = 0;
  let of = 0;
  for (const c of cases) {
    const h = hoursOf(c);
    if (h !== null) hours.push(h);
    const within = h !== null && h <= RESPONSE_WINDOW_HOURS;
    const windowOver = now.getTime() - c.clockStartedAt.getTime() >= RESPONSE_WINDOW_HOURS * HOUR;
    if (within) count++;
    if (within || windowOver) of++;
  }
  return { hours, within72h: { count, of } };
}

/**
 * Whether the case had another overdose within `days` after its clock started (the clock starts at
 * its first overdose); only asked of cases whose `days` have passed, so that follow-up is complete.
 */
function repeatedWithin(c: OutcomeCase, days: number): boolean {
  const start = c.clockStartedAt.getTime();
  return c.overdoseTimes.some((t) => t.getTime() > start && t.getTime() <= start + days * DAY);
}

function repeatsAmong(cases: readonly OutcomeCase[], days: number, now: Date): CountOf {
  const followed = cases.filter((c) => c.clockStartedAt.getTime() + days * DAY <= now.getTime());
  return { count: followed.filter((c) => repeatedWithin(c, days)).length, of: followed.length };
}

/** The group of a case's age: its age, else its band when the band lies wholly inside one group. */
export function ageGroupOf(demographics: OverdoseDemographics | null): (typeof ageGroups)[number] {
  const age = demographics?.age ?? null;
  if (age !== null) return groupOfRange(age, age);
  const band = demographics?.ageBand ?? null;
  if (band === null) return 'unknown';
  const lo = Number.parseInt(band, 10);
  if (!Number.isFinite(lo)) return 'unknown';
  // "85+" and "100+" are open above; "25-29" is closed.
  const hi = band.endsWith('+') ? Number.POSITIVE_INFINITY : Number.parseInt(band.split('-')[1] ?? '', 10);
  return Number.isFinite(hi) || band.endsWith('+') ? groupOfRange(lo, hi) : 'unknown';
}

const AGE_GROUP_STARTS: readonly [number, (typeof ageGroups)[number]][] = [
  [65, '65_and_over'],
  [55, '55_64'],
  [45, '45_54'],
  [35, '35_44'],
  [25, '25_34'],
  [0, 'under_25'],
];

function groupOfRange(lo: number, hi: number): (typeof ageGroups)[number] {
  const groupOf = (age: number) => AGE_GROUP_STARTS.find(([start]) => age >= start)?.[1] ?? 'unknown';
  const low = groupOf(lo);
  // A band spanning two groups ("50+") cannot be placed in either.
  return Number.isFinite(hi)
    ? groupOf(hi) === low
      ? low
      : 'unknown'
    : low === '65_and_over'
      ? low
      : 'unknown';
}

/** The group of a case in one breakdown. */
export function groupOf(c: OutcomeCase, dimension: BreakdownDimension): string {
  const known = (value: string | null | undefined, groups: readonly string[]) =>
    value && groups.includes(value) ? value : 'unknown';
  switch (dimension) {
    case 'race':
      return known(c.demographics?.race, races);
    case 'ethnicity':
      return known(c.demographics?.ethnicity, ethnicities);
    case 'sex':
      return known(c.demographics?.sex, sexes);
    case 'age_group':
      return ageGroupOf(c.demographics);
    case 'team_composition':
      if (c.visits.length === 0) return 'no_visit';
      return c.visits.some((v) => v.lawEnforcementPresent) ? 'law_enforcement_present' : 'no_law_enforcement';
    case 'pathway':
      return c.pathway ?? NO_PATHWAY;
  }
}

function groupCounts(cases: readonly OutcomeCase[]): GroupCounts {
  return {
    cases: cases.length,
    reached: cases.filter(isReached).length,
    engaged: cases.filter(isEngaged).length,
    refused: cases.filter(isRefused).length,
  };
}

/** Distinct people among cases: by person key, a case naming nobody counting as one of its own. */
function distinctPeople(cases: readonly OutcomeCase[]): number {
  const keys = new Set<string>();
  let unnamed = 0;
  for (const c of cases) {
    if (c.personKey === null) unnamed++;
    else keys.add(c.personKey);
  }
  return keys.size + unnamed;
}

/** The funnel's true counts. */
export function countOutcomes(facts: OutcomeFacts): OutcomeCounts {
  const { cases, now } = facts;
  const attempted = cases.filter(isAttempted);
  const engaged = cases.filter(isEngaged);
  const notEngaged = cases.filter((c) => !isEngaged(c));
  const referrals = cases.flatMap((c) => c.referrals);
  const needs = [...outreachServices, ...new Set(referrals.map((r) => r.need))].filter(
    (need, i, all) => all.indexOf(need) === i,
  );
  return {
    eligibleOverdoses: facts.eligibleOverdoses,
    cases: cases.length,
    attempted: attempted.length,
    peopleAttempted: distinctPeople(attempted),
    reached: cases.filter(isReached).length,
    engaged: engaged.length,
    engagedDirectly: cases.filter(isEngagedDirectly).length,
    engagedThroughNetwork: cases.filter(isEngagedThroughNetwork).length,
    refused: cases.filter(isRefused).length,
    servicesDelivered: outreachServices.map((service) => ({
      service,
      cases: cases.filter((c) => c.visits.some((v) => v.servicesAccepted.includes(service))).length,
    })),
    referrals: needs.map((need) => {
      const made = referrals.filter((r) => r.need === need);
      return { need, made: made.length, attended: made.filter(isAttended).length };
    }),
    firstAttempt: responseHours(cases, hoursToFirstAttempt, now),
    firstContact: responseHours(cases, hoursToFirstContact, now),
    repeatOverdose: REPEAT_WINDOWS_DAYS.map((days) => ({
      days,
      engaged: repeatsAmong(engaged, days, now),
      notEngaged: repeatsAmong(notEngaged, days, now),
    })),
    breakdowns: Object.fromEntries(
      breakdownDimensions.map((dimension) => [
        dimension,
        breakdownGroups[dimension].map((group) => ({
          group,
          ...groupCounts(cases.filter((c) => groupOf(c, dimension) === group)),
        })),
      ]),
    ) as OutcomeCounts['breakdowns'],
  };
}
