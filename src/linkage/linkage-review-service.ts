import { recordAuditEntries } from '../access/audit/audit-log.js';
import { auditRead } from '../access/audit/read-audit.js';
import { authorizeUser } from '../access/authorize.js';
import { type Actor, auditActor } from '../access/roles.js';
import type { IntakeDependencies } from '../intake/intake-service.js';
import { mergeOverdoses, type OverdoseMerge } from '../intake/overdose-merge.js';
import { SosError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { insertLinkageDecisions } from './linkage-decision-repository.js';
import {
  listLinkageReviews,
  lockLinkageReview,
  recordLinkageDecision,
  rejectOtherPendingReviews,
} from './linkage-repository.js';
import type { LinkageReviewStatus } from './linkage-review.js';
import { type PresentedLinkageReview, presentLinkageReview } from './linkage-review-presenter.js';

/** What the review queue needs: intake's dependencies (database, clock, areas, announcements). */
export type LinkageReviewDependencies = Pick<IntakeDependencies, 'db' | 'clock' | 'locatorFor' | 'announce'>;

/** The candidate links of the actor's jurisdiction in one status (pending by default), oldest first. */
export async function readLinkageReviews(
  deps: LinkageReviewDependencies,
  actor: Actor,
  query: { status: LinkageReviewStatus; limit: number },
): Promise<PresentedLinkageReview[]> {
  authorizeUser(actor, 'linkage.review', 'Candidate links are reviewed by signed-in users');
  const rows = await listLinkageReviews(deps.db, actor.jurisdictionId, query.status, query.limit);
  // The pairs show line-level facts (times, distance, ages): a T2 read, audited like the others.
  await auditRead(deps, actor, {
    action: 'linkage.read_reviews',
    subjectType: 'linkage_review',
    purpose: 'surveillance',
    details: { status: query.status, records: rows.length },
  });
  return rows.map(presentLinkageReview);
}

/**
 * Confirms or rejects a pending candidate link, with an audit entry in the same transaction.
 * Confirming merges the report's overdose into the candidate (counted once from then on) and closes
 * the report's other pending candidates as rejected; open dashboards hear of it after the commit.
 */
export async function decideLinkageReview(
  deps: LinkageReviewDependencies,
  actor: Actor,
  reviewId: string,
  decision: 'confirmed' | 'rejected',
): Promise<PresentedLinkageReview> {
  authorizeUser(actor, 'linkage.review', 'Candidate links are reviewed by signed-in users');
  const jurisdictionId = actor.jurisdictionId;
  const now = deps.clock.now();
  let merged: OverdoseMerge | null = null;
  const decided = await deps.db.transaction(async (tx) => {
    const review = await lockLinkageReview(tx, jurisdictionId, reviewId);
    if (!review) throw new SosError('NOT_FOUND', 'No candidate link by that id');
    if (review.status !== 'pending') throw new SosError('LINKAGE_REVIEW_DECIDED');
    const by = auditActor(actor);
    const at = { byType: by.actorType, by: by.actorId, at: now };
    if (decision === 'confirmed') {
      merged = await mergeOverdoses(
        deps,
        tx,
        jurisdictionId,
        { from: review.reportOverdoseId, into: review.candidateOverdoseId },
        now,
      );
      const closed = await rejectOtherPendingReviews(tx, jurisdictionId, review.reportId, review.id, at);
      const change = merged as OverdoseMerge;
      await insertLinkageDecisions(tx, jurisdictionId, [
        {
          id: newId(now.getTime()),
          kind: 'merge',
          overdoseId: review.candidateOverdoseId,
          fromOverdoseId: review.reportOverdoseId,
          reportIds: change.movedReportIds,
          reviewId: review.id,
          closedReviewIds: closed,
          decidedByType: at.byType,
          decidedBy: at.by,
          decidedAt: now,
        },
      ]);
    }
    await recordLinkageDecision(tx, jurisdictionId, review.id, { status: decision, ...at });
    await recordAuditEntries(tx, jurisdictionId, now, [
      {
        ...by,
        action: 'linkage_review.decide',
        subjectType: 'linkage_review',
        subjectId: review.id,
        purpose: 'surveillance',
        details: {
          decision,
          reportId: review.reportId,
          reportOverdoseId: review.reportOverdoseId,
          candidateOverdoseId: review.candidateOverdoseId,
        },
      },
    ]);
    return { ...review, status: decision, decidedByType: at.byType, decidedBy: at.by, decidedAt: now };
  });
  const change = merged as OverdoseMerge | null;
  if (change) deps.announce?.(jurisdictionId, change.overdoseIds, change.days);
  return presentLinkageReview(decided);
}
