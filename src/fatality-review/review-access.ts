import { decideAccess } from '../access/access-decision.js';
import { authorize, authorizeUser, type SignedInUser } from '../access/authorize.js';
import type { Resource } from '../access/resource.js';
import type { Actor } from '../access/roles.js';
import type { Queryable } from '../platform/database.js';
import { SosError } from '../platform/errors.js';
import type { FatalityReview, ReviewMember } from './fatality-review.js';
import { findReview, listMembers } from './fatality-review-repository.js';

/**
 * What the policy tests of a review's case: the review, its jurisdiction and the members who signed its
 * confidentiality agreement (`review_member`). T2 to the tier guard, so that an analyst may sit on it; the
 * membership rule is what opens the identifiers inside.
 */
export function reviewResource(
  review: FatalityReview,
  members: readonly ReviewMember[],
): Resource & { id: string } {
  return {
    type: 'fatality_review',
    id: review.id,
    jurisdictionId: review.jurisdictionId,
    reviewMembers: members.filter((m) => m.agreement !== null).map((m) => m.userId),
    tier: 'T2',
  };
}

/** A review with its members, as a service method that checked its reader's role finds it. */
export interface ReviewWithMembers {
  review: FatalityReview;
  members: ReviewMember[];
}

/** The review of the reader's jurisdiction with its members; NOT_FOUND when it has none by that id. */
export async function loadReview(
  db: Queryable,
  reader: SignedInUser,
  reviewId: string,
  lock = false,
): Promise<ReviewWithMembers> {
  const review = await findReview(db, reader.jurisdictionId, reviewId, lock);
  if (!review) throw new SosError('NOT_FOUND', 'No fatality review by that id');
  const members = (await listMembers(db, reader.jurisdictionId, [review.id])).get(review.id) ?? [];
  return { review, members };
}

/**
 * Asks the policy for a reader of the review's case: `fatality_review.read` of the role first (so a role
 * without it learns nothing, not even whether the review exists), then of the review itself, for the
 * purpose `fatality_review`. Returns the review with its members and the resource the vault asks again.
 */
export async function authorizeCaseRead(
  db: Queryable,
  actor: Actor,
  reviewId: string,
  lock = false,
): Promise<ReviewWithMembers & { reader: SignedInUser; resource: Resource & { id: string } }> {
  authorizeUser(actor, 'fatality_review.read');
  const found = await loadReview(db, actor, reviewId, lock);
  const resource = reviewResource(found.review, found.members);
  authorize(actor, 'fatality_review.read', resource, 'fatality_review');
  return { ...found, reader: actor, resource };
}

/**
 * Asks the policy for a reader of a review's header (status, meeting, members): an analyst who manages
 * reviews, or a member enrolled in it whose role may read reviews (signed or not: the header holds no
 * case). Anyone else is refused as a role without either action is.
 */
export async function authorizeHeaderRead(
  db: Queryable,
  actor: Actor,
  reviewId: string,
): Promise<ReviewWithMembers & { reader: SignedInUser; manages: boolean }> {
  const manages = decideAccess(actor, 'fatality_review.manage').effect === 'allow';
  if (!manages) authorizeUser(actor, 'fatality_review.read');
  else authorizeUser(actor, 'fatality_review.manage');
  const found = await loadReview(db, actor, reviewId);
  if (!manages && !found.members.some((m) => m.userId === actor.userId)) {
    throw new SosError('FORBIDDEN', 'You are not a member of this fatality review');
  }
  return { ...found, reader: actor, manages };
}
