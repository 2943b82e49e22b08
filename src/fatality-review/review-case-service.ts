import { recordAuditEntries } from '../access/audit/audit-log.js';
import type { Actor } from '../access/roles.js';
import { auditActor } from '../access/roles.js';
import { type OverdoseSource, overdoseSources } from '../linkage/overdose-source-service.js';
import { overdosesOfSamePerson } from '../linkage/person-overdoses.js';
import { type ReviewContactCase, reviewContactHistory } from '../outreach/review-contact-history.js';
import { type DecedentIdentifiers, openDecedentForReview } from '../persons/person-vault.js';
import type { Clock } from '../platform/clock.js';
import type { Database } from '../platform/database.js';
import { SosError } from '../platform/errors.js';
import type { Keyring } from '../platform/keyring.js';
import { overdoseFactsById } from '../surveillance/fatal-overdose-facts.js';
import type { OverdoseRow } from '../surveillance/overdose-presenter.js';
import type { FatalityReview } from './fatality-review.js';
import { authorizeCaseRead } from './review-access.js';
import { reviewTimeline, type TimelineEvent } from './review-timeline.js';

/** What the case reader needs: the database, the clock and the keyring (to open the decedent). */
export interface ReviewCaseDependencies {
  db: Database;
  clock: Clock;
  keyring: Keyring;
}

/** One overdose of the case with the sources that recorded it. */
export interface CaseOverdose {
  facts: OverdoseRow;
  sources: OverdoseSource[];
}

/** A review's case, assembled from the linked records on each read. */
export interface ReviewCase {
  review: FatalityReview;
  /** The decedent's name and birth date from the vault (null: the overdose names no one). */
  decedent: DecedentIdentifiers | null;
  death: CaseOverdose;
  /** The same person's earlier overdoses (by the vault's match keys), oldest first. */
  priorOverdoses: CaseOverdose[];
  outreach: ReviewContactCase[];
  timeline: TimelineEvent[];
}

/**
 * A review's case for its signed members only (`fatality_review.read` of the review, purpose
 * `fatality_review`): the fatal overdose and its sources (EMS, ED, ME, police), the person's prior
 * overdoses, their outreach contacts and referrals, the identifiers opened through the vault, and the
 * timeline of every contact before the death. The read of the case and the vault's read are audited in
 * one transaction with the reads, with the review's id and counts (never a name or a date of birth).
 */
export async function readReviewCase(
  deps: ReviewCaseDependencies,
  actor: Actor,
  reviewId: string,
): Promise<ReviewCase> {
  const { review, reader, resource } = await authorizeCaseRead(deps.db, actor, reviewId);
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const person = await overdosesOfSamePerson(tx, reader.jurisdictionId, review.overdoseId);
    const ids = [review.overdoseId, ...person.overdoses.map((o) => o.overdoseId)];
    const facts = await overdoseFactsById(tx, reader.jurisdictionId, ids);
    const deathFacts = facts.get(review.overdoseId);
    if (!deathFacts)
      throw new SosError('NOT_FOUND', "The review's overdose is no longer recorded (merged or removed)");
    const withSources = async (row: OverdoseRow): Promise<CaseOverdose> => ({
      facts: row,
      sources: await overdoseSources(tx, reader.jurisdictionId, row.id),
    });
    const death = await withSources(deathFacts);
    const priorOverdoses: CaseOverdose[] = [];
    for (const o of person.overdoses) {
      const row = facts.get(o.overdoseId);
      if (
        !row ||
        row.id === review.overdoseId ||
        new Date(row.occurred_at) > new Date(deathFacts.occurred_at)
      )
        continue;
      priorOverdoses.push(await withSources(row));
    }
    const outreach = await reviewContactHistory(tx, reader.jurisdictionId, {
      personIds: person.samePersonIds,
      overdoseIds: ids,
    });
    const decedent = await openDecedentForReview(tx, deps.keyring, reader, resource, person.personIds, now);
    const timeline = reviewTimeline(
      [...priorOverdoses, death].map(({ facts: row, sources }) => ({
        occurredAt: new Date(row.occurred_at),
        fatal: row.id === review.overdoseId,
        sourceTypes: [...new Set(sources.map((s) => s.sourceType))],
        naloxoneGiven: row.naloxone_given,
        disposition: row.disposition,
      })),
      outreach,
    );
    await recordAuditEntries(tx, reader.jurisdictionId, now, [
      {
        ...auditActor(reader),
        action: 'fatality_review.read_case',
        subjectType: 'fatality_review',
        subjectId: review.id,
        purpose: 'fatality_review',
        details: {
          prior_overdoses: priorOverdoses.length,
          outreach_cases: outreach.length,
          identifiers_opened: decedent !== null,
        },
      },
    ]);
    return { review, decedent, death, priorOverdoses, outreach, timeline };
  });
}
