import type { Queryable } from '../platform/database.js';
import type {
  FatalityReview,
  MissedOpportunity,
  Recommendation,
  RecommendationStatus,
  ReviewMember,
  ReviewStatus,
} from './fatality-review.js';

const REVIEW = `jurisdiction_id as "jurisdictionId", id, overdose_id as "overdoseId", chair_id as "chairId",
  meeting_date::text as "meetingDate", status, opened_at as "openedAt", updated_at as "updatedAt"`;

/** Stores a new review. */
export async function insertReview(tx: Queryable, review: FatalityReview): Promise<void> {
  await tx.query(
    `insert into fatality_reviews (jurisdiction_id, id, overdose_id, chair_id, meeting_date, status, opened_at,
       updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      review.jurisdictionId,
      review.id,
      review.overdoseId,
      review.chairId,
      review.meetingDate,
      review.status,
      review.openedAt,
      review.updatedAt,
    ],
  );
}

/** One review of the jurisdiction, or null. `lock` takes its row for the caller's transaction. */
export async function findReview(
  db: Queryable,
  jurisdictionId: string,
  id: string,
  lock = false,
): Promise<FatalityReview | null> {
  const [row] = await db.query<FatalityReview>(
    `select ${REVIEW} from fatality_reviews where jurisdiction_id = $1 and id = $2 ${lock ? 'for update' : ''}`,
    [jurisdictionId, id],
  );
  return row ?? null;
}

/** The review of a fatal overdose, or null. */
export async function findReviewOfOverdose(
  db: Queryable,
  jurisdictionId: string,
  overdoseId: string,
): Promise<FatalityReview | null> {
  const [row] = await db.query<FatalityReview>(
    `select ${REVIEW} from fatality_reviews where jurisdiction_id = $1 and overdose_id = $2`,
    [jurisdictionId, overdoseId],
  );
  return row ?? null;
}

/** Which of these overdoses already have a review. */
export async function reviewedOverdoses(
  db: Queryable,
  jurisdictionId: string,
  overdoseIds: readonly string[],
): Promise<Set<string>> {
  if (overdoseIds.length === 0) return new Set();
  const rows = await db.query<{ overdose_id: string }>(
    `select overdose_id from fatality_reviews where jurisdiction_id = $1 and overdose_id = any($2::uuid[])`,
    [jurisdictionId, [...overdoseIds]],
  );
  return new Set(rows.map((r) => r.overdose_id));
}

/**
 * A page of the jurisdiction's reviews, newest opened first, after a keyset position; only those the
 * user is a member of when `memberId` is given.
 */
export async function listReviews(
  db: Queryable,
  jurisdictionId: string,
  options: { memberId: string | null; before: { at: Date; id: string } | null; limit: number },
): Promise<FatalityReview[]> {
  const params: unknown[] = [jurisdictionId, options.memberId];
  let after = '';
  if (options.before) {
    params.push(options.before.at, options.before.id);
    after = 'and (r.opened_at, r.id) < ($3::timestamptz, $4::uuid)';
  }
  params.push(options.limit);
  return db.query<FatalityReview>(
    `select ${REVIEW} from fatality_reviews r
     where r.jurisdiction_id = $1 ${after}
       and ($2::uuid is null or exists (select 1 from fatality_review_members m
         where m.jurisdiction_id = r.jurisdiction_id and m.review_id = r.id and m.user_id = $2::uuid))
     order by r.opened_at desc, r.id desc limit $${params.length}`,
    params,
  );
}

/** Sets a review's meeting date and status. */
export async function updateReview(
  tx: Queryable,
  jurisdictionId: string,
  id: string,
  change: { meetingDate: string | null; status: ReviewStatus; updatedAt: Date },
): Promise<void> {
  await tx.query(
    `update fatality_reviews set meeting_date = $3, status = $4, updated_at = $5
     where jurisdiction_id = $1 and id = $2`,
    [jurisdictionId, id, change.meetingDate, change.status, change.updatedAt],
  );
}

/** Enrols a member (nothing when already one); whether a row was added. */
export async function insertMember(
  tx: Queryable,
  jurisdictionId: string,
  reviewId: string,
  member: { userId: string; enrolledBy: string; enrolledAt: Date },
): Promise<boolean> {
  const rows = await tx.query<{ user_id: string }>(
    `insert into fatality_review_members (jurisdiction_id, review_id, user_id, enrolled_by, enrolled_at)
     values ($1, $2, $3, $4, $5) on conflict do nothing returning user_id`,
    [jurisdictionId, reviewId, member.userId, member.enrolledBy, member.enrolledAt],
  );
  return rows.length > 0;
}

/** The members of each of these reviews with their agreements, enrolled first first. */
export async function listMembers(
  db: Queryable,
  jurisdictionId: string,
  reviewIds: readonly string[],
): Promise<Map<string, ReviewMember[]>> {
  const members = new Map<string, ReviewMember[]>(reviewIds.map((id) => [id, []]));
  if (reviewIds.length === 0) return members;
  const rows = await db.query<{
    review_id: string;
    user_id: string;
    enrolled_by: string;
    enrolled_at: Date;
    agreement_version: string | null;
    text_hash: string | null;
    signed_name: string | null;
    signed_at: Date | null;
    recorded_by: string | null;
  }>(
    `select m.review_id, m.user_id, m.enrolled_by, m.enrolled_at, a.agreement_version, a.text_hash,
       a.signed_name, a.signed_at, a.recorded_by
     from fatality_review_members m
     left join fatality_review_agreements a on a.jurisdiction_id = m.jurisdiction_id
       and a.review_id = m.review_id and a.user_id = m.user_id
     where m.jurisdiction_id = $1 and m.review_id = any($2::uuid[])
     order by m.enrolled_at, m.user_id`,
    [jurisdictionId, [...reviewIds]],
  );
  for (const row of rows) {
    members.get(row.review_id)?.push({
      userId: row.user_id,
      enrolledBy: row.enrolled_by,
      enrolledAt: new Date(row.enrolled_at),
      agreement:
        row.signed_at === null
          ? null
          : {
              agreementVersion: row.agreement_version as string,
              textHash: row.text_hash as string,
              signedName: row.signed_name as string,
              signedAt: new Date(row.signed_at),
              recordedBy: row.recorded_by as string,
            },
    });
  }
  return members;
}

/** Records a signed agreement (nothing when the member signed already); whether a row was added. */
export async function insertAgreement(
  tx: Queryable,
  jurisdictionId: string,
  reviewId: string,
  agreement: {
    userId: string;
    agreementVersion: string;
    textHash: string;
    signedName: string;
    signedAt: Date;
    recordedBy: string;
  },
): Promise<boolean> {
  const rows = await tx.query<{ user_id: string }>(
    `insert into fatality_review_agreements (jurisdiction_id, review_id, user_id, agreement_version, text_hash,
       signed_name, signed_at, recorded_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict do nothing returning user_id`,
    [
      jurisdictionId,
      reviewId,
      agreement.userId,
      agreement.agreementVersion,
      agreement.textHash,
      agreement.signedName,
      agreement.signedAt,
      agreement.recordedBy,
    ],
  );
  return rows.length > 0;
}

/** Stores a missed opportunity. */
export async function insertMissedOpportunity(
  tx: Queryable,
  jurisdictionId: string,
  found: MissedOpportunity,
): Promise<void> {
  await tx.query(
    `insert into fatality_review_missed_opportunities (jurisdiction_id, id, review_id, category, description,
       recorded_by, recorded_at)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [
      jurisdictionId,
      found.id,
      found.reviewId,
      found.category,
      found.description,
      found.recordedBy,
      found.recordedAt,
    ],
  );
}

/** The missed opportunities of a review, oldest first. */
export async function listMissedOpportunities(
  db: Queryable,
  jurisdictionId: string,
  reviewId: string,
): Promise<MissedOpportunity[]> {
  return db.query<MissedOpportunity>(
    `select id, review_id as "reviewId", category, description, recorded_by as "recordedBy",
       recorded_at as "recordedAt"
     from fatality_review_missed_opportunities where jurisdiction_id = $1 and review_id = $2
     order by recorded_at, id`,
    [jurisdictionId, reviewId],
  );
}

/** Stores a recommendation and its first status in its history. */
export async function insertRecommendation(
  tx: Queryable,
  jurisdictionId: string,
  recommendation: Omit<Recommendation, 'history'>,
  eventId: string,
): Promise<void> {
  await tx.query(
    `insert into fatality_review_recommendations (jurisdiction_id, id, review_id, text, responsible_organization,
       status, due_date, created_by, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`,
    [
      jurisdictionId,
      recommendation.id,
      recommendation.reviewId,
      recommendation.text,
      recommendation.responsibleOrganization,
      recommendation.status,
      recommendation.dueDate,
      recommendation.createdBy,
      recommendation.createdAt,
    ],
  );
  await insertRecommendationEvent(tx, jurisdictionId, {
    id: eventId,
    recommendationId: recommendation.id,
    status: recommendation.status,
    movedBy: recommendation.createdBy,
    at: recommendation.createdAt,
  });
}

/** Moves a recommendation to a status (and due date), with the move in its history. */
export async function moveRecommendation(
  tx: Queryable,
  jurisdictionId: string,
  move: {
    id: string;
    recommendationId: string;
    status: RecommendationStatus;
    dueDate: string | null;
    movedBy: string;
    at: Date;
  },
): Promise<void> {
  await tx.query(
    `update fatality_review_recommendations set status = $3, due_date = $4, updated_at = $5
     where jurisdiction_id = $1 and id = $2`,
    [jurisdictionId, move.recommendationId, move.status, move.dueDate, move.at],
  );
  await insertRecommendationEvent(tx, jurisdictionId, move);
}

async function insertRecommendationEvent(
  tx: Queryable,
  jurisdictionId: string,
  event: { id: string; recommendationId: string; status: string; movedBy: string; at: Date },
): Promise<void> {
  await tx.query(
    `insert into fatality_review_recommendation_events (jurisdiction_id, id, recommendation_id, status, moved_by, at)
     values ($1, $2, $3, $4, $5, $6)`,
    [jurisdictionId, event.id, event.recommendationId, event.status, event.movedBy, event.at],
  );
}

/** The recommendations of a review with their history, oldest first; `id` narrows to one (locked). */
export async function listRecommendations(
  db: Queryable,
  jurisdictionId: string,
  reviewId: string,
  id?: string,
): Promise<Recommendation[]> {
  const rows = await db.query<Omit<Recommendation, 'history'>>(
    `select id, review_id as "reviewId", text, responsible_organization as "responsibleOrganization", status,
       due_date::text as "dueDate", created_by as "createdBy", created_at as "createdAt",
       updated_at as "updatedAt"
     from fatality_review_recommendations
     where jurisdiction_id = $1 and review_id = $2 and ($3::uuid is null or id = $3::uuid)
     order by created_at, id ${id ? 'for update' : ''}`,
    [jurisdictionId, reviewId, id ?? null],
  );
  if (rows.length === 0) return [];
  const events = await db.query<{
    recommendation_id: string;
    status: RecommendationStatus;
    moved_by: string;
    at: Date;
  }>(
    `select recommendation_id, status, moved_by, at from fatality_review_recommendation_events
     where jurisdiction_id = $1 and recommendation_id = any($2::uuid[]) order by at, id`,
    [jurisdictionId, rows.map((r) => r.id)],
  );
  return rows.map((r) => ({
    ...r,
    history: events
      .filter((e) => e.recommendation_id === r.id)
      .map((e) => ({ status: e.status, movedBy: e.moved_by, at: new Date(e.at) })),
  }));
}

/** The reviews whose meeting fell in a year (the reviews held that year), with their overdoses. */
export async function reviewsHeldIn(
  db: Queryable,
  jurisdictionId: string,
  year: number,
): Promise<{ id: string; overdoseId: string }[]> {
  return db.query(
    `select id, overdose_id as "overdoseId" from fatality_reviews
     where jurisdiction_id = $1 and meeting_date >= make_date($2, 1, 1) and meeting_date < make_date($2 + 1, 1, 1)
     order by id`,
    [jurisdictionId, year],
  );
}

/** How many missed opportunities of each category these reviews found (categories with none absent). */
export async function countMissedOpportunities(
  db: Queryable,
  jurisdictionId: string,
  reviewIds: readonly string[],
): Promise<Map<string, number>> {
  const rows = await db.query<{ category: string; count: number }>(
    `select category, count(*)::int as count from fatality_review_missed_opportunities
     where jurisdiction_id = $1 and review_id = any($2::uuid[]) group by category`,
    [jurisdictionId, [...reviewIds]],
  );
  return new Map(rows.map((r) => [r.category, r.count]));
}

/** How many recommendations of these reviews stand at each status (statuses with none absent). */
export async function countRecommendations(
  db: Queryable,
  jurisdictionId: string,
  reviewIds: readonly string[],
): Promise<Map<string, number>> {
  const rows = await db.query<{ status: string; count: number }>(
    `select status, count(*)::int as count from fatality_review_recommendations
     where jurisdiction_id = $1 and review_id = any($2::uuid[]) group by status`,
    [jurisdictionId, [...reviewIds]],
  );
  return new Map(rows.map((r) => [r.status, r.count]));
}
