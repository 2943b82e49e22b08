import type { ParsedReport } from '../intake/report-validation.js';

/**
 * Linkage: which existing overdose a new report describes. Each candidate overdose gets a score (how
 * well the weakest of its facts fits) and the reasons behind it; a score of `AUTO_LINK_SCORE` links at
 * once, a score in the review band [`REVIEW_SCORE`, `AUTO_LINK_SCORE`) goes to an analyst's review
 * queue, anything lower is a different event. Written for one source against another today (EMS,
 * police, ED); other sources bring their own facts as more criteria.
 */

/** An existing overdose near a new report: what linkage compares. */
export interface NearbyOverdose {
  id: string;
  occurredAt: Date;
  latitude: number;
  longitude: number;
  sex: string | null;
  age: number | null;
}

/** An existing overdose that a new report may describe, with the organizations that reported it. */
export interface LinkCandidate extends NearbyOverdose {
  organizationIds: readonly string[];
}

/** A fact compared between a report and a candidate overdose. */
export type LinkCriterion = 'time' | 'distance' | 'sex' | 'age';

/** How well one fact fits: 1 within its tolerance, falling to 0 at twice it; `detail` says what was compared. */
export interface LinkReason {
  criterion: LinkCriterion;
  closeness: number;
  detail: string;
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

/** Great-circle distance in metres. */
export function distanceMetres(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(a)));
}

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
 * Decides a report against the candidate overdoses near it: among those scoring `AUTO_LINK_SCORE` the
 * nearest in time is linked; when none does, those in the review band go to review, best first.
 * Reports without a time of day or a point are never linked.
 */
export function decideLink(
  report: ParsedReport,
  organizationId: string,
  candidates: readonly LinkCandidate[],
): LinkDecision {
  const { latitude, longitude } = report;
  if (!report.timeKnown || latitude === null || longitude === null) return { linked: null, review: [] };
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
