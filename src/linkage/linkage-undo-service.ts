import { z } from 'zod';
import { recordAuditEntries } from '../access/audit/audit-log.js';
import { authorizeUser } from '../access/authorize.js';
import { type Actor, auditActor } from '../access/roles.js';
import { type OverdoseSplit, splitOverdose } from '../intake/overdose-split.js';
import type { Queryable } from '../platform/database.js';
import { SosError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import type { DecisionStamp } from './linkage-decision.js';
import {
  insertLinkageDecisions,
  lockStandingMergeOfReview,
  markDecisionsUndone,
  standingMergesOfReports,
  versionsOfReports,
} from './linkage-decision-repository.js';
import { lockLinkageReview, rejectConfirmedReviews, reopenLinkageReviews } from './linkage-repository.js';
import { type PresentedLinkageReview, presentLinkageReview } from './linkage-review-presenter.js';
import type { LinkageReviewDependencies } from './linkage-review-service.js';

/** The answer to a split: the overdose split from, the new one, and the reports that moved. */
export const overdoseSplitSchema = z.object({
  overdose_id: z.uuid().describe('The overdose the reports left (rebuilt from the reports it kept)'),
  split_overdose_id: z.uuid().describe('The new overdose the reports now make'),
  moved_report_ids: z.array(z.uuid()).describe('Every report that moved, all versions of each record named'),
});

/** The answer to a split as it leaves the server. */
export type PresentedOverdoseSplit = z.infer<typeof overdoseSplitSchema>;

function stampOf(actor: Actor, at: Date): DecisionStamp {
  const by = auditActor(actor);
  return { byType: by.actorType, by: by.actorId, at };
}

/**
 * Splits reports (each with every version of its source record) out of an overdose into a new one, as
 * an analyst decides the sources describe different events: both overdoses rebuilt, rollups and repeat
 * statuses follow, the split kept in `linkage_decisions` with one audit entry, in one transaction. The
 * standing merges whose reports all leave are marked undone (their confirmed reviews become rejected);
 * when one merge alone brought them in, the new overdose gets back the id that merge took away.
 */
export async function splitOverdoseReports(
  deps: LinkageReviewDependencies,
  actor: Actor,
  overdoseId: string,
  reportIds: readonly string[],
): Promise<PresentedOverdoseSplit> {
  authorizeUser(actor, 'linkage.review', 'Overdoses are split by analysts');
  const jurisdictionId = actor.jurisdictionId;
  const now = deps.clock.now();
  const stamp = stampOf(actor, now);
  const split = await deps.db.transaction(async (tx) => {
    // The merges that brought these records in name the versions they moved, maybe older ones.
    const versions = new Set(await versionsOfReports(tx, jurisdictionId, overdoseId, reportIds));
    const merges = await standingMergesOfReports(tx, jurisdictionId, overdoseId, [...versions]);
    const contained = merges.filter((m) => m.reportIds.every((id) => versions.has(id)));
    const undoes = contained.length === 1 ? contained[0] : undefined;
    const done = await splitOverdose(
      deps,
      tx,
      jurisdictionId,
      { from: overdoseId, reportIds, preferredId: undoes?.fromOverdoseId ?? null },
      now,
    );
    const moved = new Set(done.movedReportIds);
    const undone = merges.filter((m) => m.reportIds.every((id) => moved.has(id)));
    await markDecisionsUndone(
      tx,
      jurisdictionId,
      undone.map((m) => m.id),
      stamp,
    );
    await rejectConfirmedReviews(
      tx,
      jurisdictionId,
      undone.flatMap((m) => (m.reviewId ? [m.reviewId] : [])),
      stamp,
    );
    await insertLinkageDecisions(tx, jurisdictionId, [
      {
        id: newId(now.getTime()),
        kind: 'split',
        overdoseId: done.overdoseId,
        fromOverdoseId: overdoseId,
        reportIds: done.movedReportIds,
        decidedByType: stamp.byType,
        decidedBy: stamp.by,
        decidedAt: now,
      },
    ]);
    await auditDecision(tx, actor, now, {
      action: 'overdose.split',
      subjectType: 'overdose',
      subjectId: overdoseId,
      details: {
        splitOverdoseId: done.overdoseId,
        reportIds: done.movedReportIds,
        undoneDecisions: undone.length,
      },
    });
    return done;
  });
  announce(deps, jurisdictionId, split);
  return {
    overdose_id: overdoseId,
    split_overdose_id: split.overdoseId,
    moved_report_ids: split.movedReportIds,
  };
}

/**
 * Undoes an analyst's decision on a candidate link, with an audit entry, in one transaction: a
 * confirmed link is split back (the reports its merge moved leave for their old overdose, under its
 * old id; counts, rollups and repeats as before the merge), the merge marked undone, and the review
 * and the ones confirming closed go back to pending; a rejected link goes back to pending. Throws
 * LINKAGE_REVIEW_NOT_DECIDED on a pending review, LINKAGE_REVIEW_STALE when the merge was split since.
 */
export async function undoLinkageReview(
  deps: LinkageReviewDependencies,
  actor: Actor,
  reviewId: string,
): Promise<PresentedLinkageReview> {
  authorizeUser(actor, 'linkage.review', 'Candidate links are reviewed by signed-in users');
  const jurisdictionId = actor.jurisdictionId;
  const now = deps.clock.now();
  const stamp = stampOf(actor, now);
  let split: OverdoseSplit | null = null;
  const reopened = await deps.db.transaction(async (tx) => {
    const review = await lockLinkageReview(tx, jurisdictionId, reviewId);
    if (!review) throw new SosError('NOT_FOUND', 'No candidate link by that id');
    if (review.status === 'pending') throw new SosError('LINKAGE_REVIEW_NOT_DECIDED');
    const reopen = [review.id];
    if (review.status === 'confirmed') {
      const merge = await lockStandingMergeOfReview(tx, jurisdictionId, review.id);
      if (!merge) throw new SosError('LINKAGE_REVIEW_STALE', 'The merge of this link was split apart since');
      // The merged overdose may have been merged on since: split from wherever its reports are now.
      split = await splitOverdose(
        deps,
        tx,
        jurisdictionId,
        { from: null, reportIds: merge.reportIds, preferredId: merge.fromOverdoseId },
        now,
      );
      await markDecisionsUndone(tx, jurisdictionId, [merge.id], stamp);
      reopen.push(...merge.closedReviewIds);
    }
    await reopenLinkageReviews(tx, jurisdictionId, reopen);
    await auditDecision(tx, actor, now, {
      action: 'linkage_review.undo',
      subjectType: 'linkage_review',
      subjectId: review.id,
      details: {
        undone: review.status,
        reportId: review.reportId,
        splitOverdoseId: (split as OverdoseSplit | null)?.overdoseId ?? null,
        reopened: reopen.length,
      },
    });
    return {
      ...review,
      reportOverdoseId: (split as OverdoseSplit | null)?.overdoseId ?? review.reportOverdoseId,
      status: 'pending' as const,
      decidedByType: null,
      decidedBy: null,
      decidedAt: null,
    };
  });
  if (split) announce(deps, jurisdictionId, split);
  return presentLinkageReview(reopened);
}

async function auditDecision(
  tx: Queryable,
  actor: Actor & { jurisdictionId: string },
  now: Date,
  entry: { action: string; subjectType: string; subjectId: string; details: Record<string, unknown> },
): Promise<void> {
  await recordAuditEntries(tx, actor.jurisdictionId, now, [
    { ...auditActor(actor), ...entry, purpose: 'surveillance' },
  ]);
}

/** Open dashboards hear of the change after the commit, as after a merge. */
function announce(deps: LinkageReviewDependencies, jurisdictionId: string, split: OverdoseSplit): void {
  deps.announce?.(jurisdictionId, split.overdoseIds, split.days);
}
