import type { ParsedReport } from '../intake/report-validation.js';
import type { NearbyOverdose } from '../surveillance/overdose-store.js';

/** An existing overdose that a new report may describe, with the organizations that reported it. */
export interface LinkCandidate extends NearbyOverdose {
  organizationIds: readonly string[];
}

/**
 * How close two reports must be to describe one event. EMS, police and the emergency department see
 * the same overdose within an hour or two and a few hundred metres (the ED is elsewhere, but its
 * record carries the incident location it was given).
 */
export const LINK_WINDOW_MS = 3 * 60 * 60 * 1000;
export const LINK_DISTANCE_M = 500;
const AGE_TOLERANCE = 2;

/** Great-circle distance in metres. */
export function distanceMetres(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * The overdose a report from `organizationId` describes, if any: within the time window and distance,
 * with no contradicting sex or age, and not already reported by the same organization (one source does
 * not send two records of one event; a correction reuses its record id). The nearest in time wins.
 */
export function chooseLinkedOverdose(
  report: ParsedReport,
  organizationId: string,
  candidates: readonly LinkCandidate[],
): LinkCandidate | null {
  if (!report.timeKnown || report.latitude === null || report.longitude === null) return null;
  let best: LinkCandidate | null = null;
  let bestGap = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const gap = Math.abs(c.occurredAt.getTime() - report.occurredAt.getTime());
    if (gap > LINK_WINDOW_MS || c.organizationIds.includes(organizationId)) continue;
    if (distanceMetres(report.latitude, report.longitude, c.latitude, c.longitude) > LINK_DISTANCE_M)
      continue;
    if (report.sex && c.sex && report.sex !== 'unknown' && c.sex !== 'unknown' && report.sex !== c.sex)
      continue;
    if (report.age !== null && c.age !== null && Math.abs(report.age - c.age) > AGE_TOLERANCE) continue;
    if (gap < bestGap) {
      best = c;
      bestGap = gap;
    }
  }
  return best;
}
