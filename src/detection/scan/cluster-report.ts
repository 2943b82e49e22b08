import type { CentreBest } from './cylinder-scan.js';
import type { ScanCircles } from './scan-circles.js';
import { isoDate } from './scan-dates.js';
import type { SecondaryClusterCriterion } from './scan-parameters.js';
import type { ScanStudy } from './scan-study.js';

/** One reported cluster, in SaTScan's terms. */
export interface ScanCluster {
  readonly centerId: string;
  /** km for latitude/longitude, coordinate units for Cartesian; to the farthest location inside. */
  readonly radius: number;
  readonly locationIds: readonly string[];
  readonly startDate: string;
  readonly endDate: string;
  readonly observed: number;
  readonly expected: number;
  readonly llr: number;
  /** Monte Carlo p-value, rank/(R+1); null without replications. */
  readonly pValue: number | null;
  /** Prospective analyses: how often a cluster this strong arises by chance, in days; else null. */
  readonly recurrenceIntervalDays: number | null;
}

/**
 * Whether a less likely cylinder may be reported beside a more likely one, by SaTScan's criteria:
 * overlap is about locations only (the days do not matter), and a centre is "in" a cluster when
 * the cluster's circle holds that location.
 */
function compatible(
  criterion: SecondaryClusterCriterion,
  candidate: { centre: number; members: Set<number> },
  kept: { centre: number; members: Set<number> },
): boolean {
  const candidateHoldsKeptCentre = candidate.members.has(kept.centre);
  const keptHoldsCandidateCentre = kept.members.has(candidate.centre);
  switch (criterion) {
    case 'no-geographical-overlap':
      return ![...candidate.members].some((l) => kept.members.has(l));
    case 'no-centers-in-other-clusters':
      return !candidateHoldsKeptCentre && !keptHoldsCandidateCentre;
    case 'no-centers-in-more-likely-clusters':
      return !keptHoldsCandidateCentre;
    case 'no-centers-in-less-likely-clusters':
      return !candidateHoldsKeptCentre;
    case 'no-pairs-of-centers-in-each-other':
      return !(candidateHoldsKeptCentre && keptHoldsCandidateCentre);
    case 'no-restrictions':
      return true;
  }
}

/**
 * Secondary clusters as SaTScan picks them: each centre's best cylinder, strongest first, keeping a
 * cylinder only if the criterion allows it beside every cylinder kept before. Equal ratios (the
 * same cases seen from two centres) go to the smaller circle, as within one centre: SaTScan's NYC
 * sample reports ZIP 11372 alone rather than the circle around 11370 that adds an empty neighbour.
 */
export function selectClusters(
  bests: readonly CentreBest[],
  circles: ScanCircles,
  criterion: SecondaryClusterCriterion,
): CentreBest[] {
  const ranked = [...bests].sort(
    (a, b) =>
      b.llr - a.llr ||
      (circles.stepRadius[a.step] as number) - (circles.stepRadius[b.step] as number) ||
      (circles.stepSize[a.step] as number) - (circles.stepSize[b.step] as number) ||
      a.centre - b.centre,
  );
  const kept: Array<{ best: CentreBest; centre: number; members: Set<number> }> = [];
  for (const best of ranked) {
    const candidate = { best, centre: best.centre, members: new Set(circleMembers(circles, best)) };
    if (kept.every((other) => compatible(criterion, candidate, other))) kept.push(candidate);
  }
  return kept.map((k) => k.best);
}

/**
 * The clusters worth reporting: the most likely one always; a secondary one only if some replication
 * scored lower than it (p-value below 1), which is how SaTScan's NYC sample lists 3 clusters. Without
 * replications, all.
 */
export function reportable<T extends { pValue: number | null }>(clusters: readonly T[]): T[] {
  return clusters.filter((cluster, i) => i === 0 || cluster.pValue === null || cluster.pValue < 1);
}

/** The locations inside a centre's circle at the given step, nearest first. */
export function circleMembers(circles: ScanCircles, best: Pick<CentreBest, 'centre' | 'step'>): number[] {
  const first = circles.orderStart[best.centre] as number;
  return Array.from(circles.order.subarray(first, first + (circles.stepSize[best.step] as number)));
}

/** Monte Carlo p-value: the observed ratio's rank among the replications' largest ratios, over R+1. */
export function monteCarloPValue(llr: number, replicationLlrs: Float64Array): number | null {
  if (replicationLlrs.length === 0) return null;
  let rank = 1;
  for (const simulated of replicationLlrs) if (simulated >= llr) rank++;
  return rank / (replicationLlrs.length + 1);
}

/** Describes a selected cylinder for the report, with its p-value and recurrence interval. */
export function describeCluster(
  best: CentreBest,
  study: ScanStudy,
  circles: ScanCircles,
  replicationLlrs: Float64Array,
  recurrence: { prospective: boolean; analysisIntervalDays: number },
): ScanCluster {
  const pValue = monteCarloPValue(best.llr, replicationLlrs);
  return {
    centerId: study.locationIds[best.centre] as string,
    radius: circles.stepRadius[best.step] as number,
    locationIds: circleMembers(circles, best).map((l) => study.locationIds[l] as string),
    startDate: isoDate(study.startDay + best.startDay),
    endDate: isoDate(study.startDay + best.endDay),
    observed: best.observed,
    expected: best.expected,
    llr: best.llr,
    pValue,
    // With one analysis every interval, a p-value p is expected by chance once every interval/p.
    recurrenceIntervalDays:
      recurrence.prospective && pValue !== null ? recurrence.analysisIntervalDays / pValue : null,
  };
}
