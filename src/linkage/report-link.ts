import type { LinkageDecisionRow } from './linkage-decision.js';

/** How a report came to be part of its overdose. */
export const reportLinkKinds = ['first', 'automatic', 'confirmed', 'split'] as const;

/** How a report came to be part of its overdose, with the decision behind it. */
export interface ReportLink {
  kind: (typeof reportLinkKinds)[number];
  /** The linkage score of an automatic link. */
  score: number | null;
  reviewId: string | null;
  /** The user who confirmed the review or split the overdose (null for the system). */
  decidedBy: string | null;
  decidedAt: Date | null;
}

/**
 * How a source record (all its versions) came into the overdose it is in: the newest standing decision
 * that put one of its versions there (a split made its new overdose; a merge with a review was
 * confirmed by an analyst, without one linked automatically at intake); none: it made the overdose
 * (the first report). `decisions` are the standing ones into this overdose.
 */
export function reportLink(
  versionIds: readonly string[],
  decisions: readonly LinkageDecisionRow[],
): ReportLink {
  const versions = new Set(versionIds);
  let newest: LinkageDecisionRow | null = null;
  for (const d of decisions)
    if (d.undoneAt === null && d.reportIds.some((id) => versions.has(id)))
      if (!newest || d.decidedAt >= newest.decidedAt) newest = d;
  if (!newest) return { kind: 'first', score: null, reviewId: null, decidedBy: null, decidedAt: null };
  const byUser = newest.decidedByType === 'user' ? newest.decidedBy : null;
  if (newest.kind === 'split')
    return { kind: 'split', score: null, reviewId: null, decidedBy: byUser, decidedAt: newest.decidedAt };
  if (newest.reviewId)
    return {
      kind: 'confirmed',
      score: null,
      reviewId: newest.reviewId,
      decidedBy: byUser,
      decidedAt: newest.decidedAt,
    };
  return {
    kind: 'automatic',
    score: newest.score,
    reviewId: null,
    decidedBy: null,
    decidedAt: newest.decidedAt,
  };
}
