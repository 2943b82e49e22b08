import type { ParsedReport } from '../intake/report-validation.js';
import {
  compareEvents,
  describeComparison,
  EVENT_FIELD_COUNT,
  type EventField,
} from './event-comparisons.js';
import { AUTO_LINK_PROBABILITY, REVIEW_PROBABILITY } from './event-linkage.js';
import { type EventRecord, eventRecordOf } from './event-record.js';
import { type FsModel, MISSING, scorePair } from './fellegi-sunter/index.js';
import { distanceMetres } from './great-circle.js';

/**
 * Linkage: which existing overdose a new report describes. Each candidate overdose gets a score (how
 * well the weakest of its facts fits) and the reasons behind it; a score of `AUTO_LINK_SCORE` links at
 * once, a score in the review band [`REVIEW_SCORE`, `AUTO_LINK_SCORE`) goes to an analyst's review
 * queue, anything lower is a different event. Written for one source against another today (EMS,
 * police, ED); other sources bring their own facts as more criteria. That hand-set closeness rule
 * decides until the jurisdiction has its own Fellegi-Sunter model (event-linkage.ts, estimated from its
 * own candidate pairs); then the score is the model's probability that the two are one event.
 */

/** An existing overdose near a new report: what linkage compares. */
export interface NearbyOverdose {
  id: string;
  occurredAt: Date;
  latitude: number;
  longitude: number;
  sex: string | null;
  age: number | null;
  /** Whether the overdose was fatal, when known (the model compares it). */
  fatal?: boolean | null;
  /** The source types that reported it (the model compares them). */
  sourceTypes?: readonly string[];
  /** False when it has a date only (a medical examiner's record); true when not said. */
  timeKnown?: boolean;
  /** Its calendar day (YYYY-MM-DD in the jurisdiction's zone), compared with a date-only side. */
  occurredDate?: string;
}

/** An existing overdose that a new report may describe, with the organizations that reported it. */
export interface LinkCandidate extends NearbyOverdose {
  organizationIds: readonly string[];
  /** The vault match keys (hex) of the persons its reports name, when the model compares persons. */
  matchKeys?: readonly string[];
}

/** A fact compared between a report and a candidate overdose (the rule's four, or a model's fields). */
export type LinkCriterion = 'time' | 'distance' | 'sex' | 'age' | (string & {});

/**
 * How well one fact fits, from 0 to 1, and what was compared (`detail`). Under the rule: 1 within its
 * tolerance, falling to 0 at twice it. Under a model: where the fact's weight lies between its level
 * most against and most for one event, with the weight itself (log2 m/u).
 */
export interface LinkReason {
  criterion: LinkCriterion;
  closeness: number;
  detail: string;
  weight?: number;
}

/** A candidate overdose for a report, scored: the lowest closeness of its facts, with every reason. */
export interface LinkageCandidate {
  overdoseId: string;
  score: number;
  reasons: LinkReason[];
}

/**
 * How close two reports must be to describe one event. EMS, police and the emergency department see
 * the same overdose within an hour or two and a few hundred metres (the ED is elsewhere, but its
 * record carries the incident location it was given).
 */
export const LINK_WINDOW_MS = 3 * 60 * 60 * 1000;
export const LINK_DISTANCE_M = 500;
const AGE_TOLERANCE = 2;

/** The score that links a report without asking anyone: every fact within its tolerance. */
export const AUTO_LINK_SCORE = 1;

/**
 * The lowest score an analyst is asked about: every fact within one and a half times its tolerance
 * (4.5 hours, 750 m, ages 3 years apart) and the sex not contradicting.
 */
export const REVIEW_SCORE = 0.5;

/** How far apart in time a candidate may be and still reach the review band: what intake looks up. */
export const CANDIDATE_WINDOW_MS = LINK_WINDOW_MS * (2 - REVIEW_SCORE);

/** 1 up to the tolerance, then falling linearly to 0 at twice the tolerance. */
function closeness(value: number, tolerance: number): number {
  if (value <= tolerance) return 1;
  return Math.max(0, 1 - (value - tolerance) / tolerance);
}

/** Whether a sex is stated (missing and 'unknown' say nothing). */
function known(sex: string | null | undefined): sex is string {
  return Boolean(sex) && sex !== 'unknown';
}

/**
 * Scores one candidate for a report with a known time and point, or null when it cannot be the same
 * event at all: reported by the same organization (one source does not send two records of one event; a
 * correction reuses its record id).
 */
export function scoreCandidate(
  report: ParsedReport & { latitude: number; longitude: number },
  organizationId: string,
  candidate: LinkCandidate,
): LinkageCandidate | null {
  if (candidate.organizationIds.includes(organizationId)) return null;
  const gap = Math.abs(candidate.occurredAt.getTime() - report.occurredAt.getTime());
  const metres = distanceMetres(report.latitude, report.longitude, candidate.latitude, candidate.longitude);
  const reasons: LinkReason[] = [
    {
      criterion: 'time',
      closeness: closeness(gap, LINK_WINDOW_MS),
      detail: `${Math.round(gap / 60_000)} minutes apart`,
    },
    {
      criterion: 'distance',
      closeness: closeness(metres, LINK_DISTANCE_M),
      detail: `${Math.round(metres)} m apart`,
    },
  ];
  if (known(report.sex) && known(candidate.sex)) {
    const same = report.sex === candidate.sex;
    reasons.push({ criterion: 'sex', closeness: same ? 1 : 0, detail: same ? 'same sex' : 'different sex' });
  } else {
    reasons.push({ criterion: 'sex', closeness: 1, detail: 'sex not stated on one side' });
  }
  if (report.age !== null && candidate.age !== null) {
    const years = Math.abs(report.age - candidate.age);
    reasons.push({
      criterion: 'age',
      closeness: closeness(years, AGE_TOLERANCE),
      detail: `ages differ by ${years} year(s)`,
    });
  } else {
    reasons.push({ criterion: 'age', closeness: 1, detail: 'age not stated on one side' });
  }
  return { overdoseId: candidate.id, score: Math.min(...reasons.map((r) => r.closeness)), reasons };
}

/** What linkage decided for one report: the overdose it joins, or the candidates an analyst should see. */
export interface LinkDecision {
  linked: LinkageCandidate | null;
  review: LinkageCandidate[];
}

/**
 * The record a candidate overdose is compared as: the source type the report shares with it, if any,
 * and the match key it shares with the report's person, else its first.
 */
function candidateRecord(
  report: ParsedReport,
  candidate: LinkCandidate,
  reportKeys: readonly string[],
): EventRecord {
  const types = candidate.sourceTypes ?? [];
  const keys = candidate.matchKeys ?? [];
  return {
    organizationId: '',
    sourceType: types.includes(report.sourceType) ? report.sourceType : (types[0] ?? ''),
    at: candidate.occurredAt.getTime(),
    timeKnown: candidate.timeKnown ?? true,
    day: Math.floor(
      (candidate.occurredDate
        ? Date.parse(`${candidate.occurredDate}T00:00:00Z`)
        : candidate.occurredAt.getTime()) / 86_400_000,
    ),
    latitude: candidate.latitude,
    longitude: candidate.longitude,
    precise: true,
    zip: null,
    city: null,
    county: null,
    age: candidate.age,
    sex: candidate.sex,
    fatal: candidate.fatal ?? null,
    matchKey: keys.find((k) => reportKeys.includes(k)) ?? keys[0] ?? null,
  };
}

/**
 * Scores one candidate under a jurisdiction's model: the probability that the report and the overdose
 * are one event, each compared fact with its weight; null for a candidate of the same organization.
 */
export function scoreWithModel(
  model: FsModel,
  report: ParsedReport,
  organizationId: string,
  candidate: LinkCandidate,
  reportKeys: readonly string[] = [],
): LinkageCandidate | null {
  if (candidate.organizationIds.includes(organizationId)) return null;
  const theirs = candidateRecord(report, candidate, reportKeys);
  // The report's person under every configured key: the one the candidate's persons share, if any.
  const mine = eventRecordOf(
    report,
    organizationId,
    reportKeys.find((k) => k === theirs.matchKey) ?? reportKeys[0] ?? null,
  );
  const levels = new Uint8Array(EVENT_FIELD_COUNT);
  compareEvents(mine, theirs, levels);
  const scored = scorePair(model, levels);
  const reasons: LinkReason[] = [];
  for (const [field, part] of scored.parts.entries()) {
    if (levels[field] === MISSING) continue;
    const weights = (model.m[field] as number[]).map((m, level) =>
      Math.log2(m / ((model.u[field] as number[])[level] as number)),
    );
    const low = Math.min(...weights);
    const high = Math.max(...weights);
    reasons.push({
      criterion: part.field,
      closeness: high > low ? (part.weight - low) / (high - low) : 1,
      detail: describeComparison(mine, theirs, field as EventField),
      weight: part.weight,
    });
  }
  return { overdoseId: candidate.id, score: scored.probability, reasons };
}

/** Decides under a model: the most probable candidate at or above the auto-link probability, else the review band. */
function decideByModel(
  model: FsModel,
  report: ParsedReport,
  organizationId: string,
  candidates: readonly LinkCandidate[],
  reportKeys: readonly string[],
): LinkDecision {
  let linked: LinkageCandidate | null = null;
  const review: LinkageCandidate[] = [];
  for (const c of candidates) {
    const scored = scoreWithModel(model, report, organizationId, c, reportKeys);
    if (!scored || scored.score < REVIEW_PROBABILITY) continue;
    if (scored.score < AUTO_LINK_PROBABILITY) review.push(scored);
    else if (!linked || scored.score > linked.score) linked = scored;
  }
  return linked ? { linked, review: [] } : { linked: null, review: review.sort((a, b) => b.score - a.score) };
}

/**
 * Decides a report against the candidate overdoses near it. With the jurisdiction's `model`, the most
 * probable candidate at or above `AUTO_LINK_PROBABILITY` is linked, else those in the review band go to
 * review; `reportKeys` are the match keys (hex) of the person the report names, compared with the
 * candidates' persons. Without one (too few pairs yet), the closeness rule: among those scoring `AUTO_LINK_SCORE`
 * the nearest in time is linked; when none does, those in the review band go to review, best first.
 * Reports without a point are never linked here, nor, under the rule, those without a time of day.
 */
export function decideLink(
  report: ParsedReport,
  organizationId: string,
  candidates: readonly LinkCandidate[],
  model: FsModel | null = null,
  reportKeys: readonly string[] = [],
): LinkDecision {
  const { latitude, longitude } = report;
  if (latitude === null || longitude === null) return { linked: null, review: [] };
  // A date-only report (a death's date) is compared by its day under a model; the rule needs a time.
  if (model) return decideByModel(model, report, organizationId, candidates, reportKeys);
  if (!report.timeKnown) return { linked: null, review: [] };
  let linked: LinkageCandidate | null = null;
  let bestGap = Number.POSITIVE_INFINITY;
  const review: LinkageCandidate[] = [];
  for (const c of candidates) {
    const scored = scoreCandidate({ ...report, latitude, longitude }, organizationId, c);
    if (!scored || scored.score < REVIEW_SCORE) continue;
    if (scored.score < AUTO_LINK_SCORE) {
      review.push(scored);
      continue;
    }
    const gap = Math.abs(c.occurredAt.getTime() - report.occurredAt.getTime());
    if (gap < bestGap) {
      linked = scored;
      bestGap = gap;
    }
  }
  return linked ? { linked, review: [] } : { linked: null, review: review.sort((a, b) => b.score - a.score) };
}

/**
 * The overdose a report from `organizationId` describes, if any: within the time window and distance,
 * with no contradicting sex or age, and not already reported by the same organization. The nearest in
 * time wins.
 */
export function chooseLinkedOverdose(
  report: ParsedReport,
  organizationId: string,
  candidates: readonly LinkCandidate[],
): LinkCandidate | null {
  const { linked } = decideLink(report, organizationId, candidates);
  return linked ? (candidates.find((c) => c.id === linked.overdoseId) ?? null) : null;
}
