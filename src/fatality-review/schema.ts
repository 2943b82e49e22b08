import { date, index, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';

/**
 * Overdose Fatality Review: one review per fatal overdose, its members and their signed confidentiality
 * agreements, the missed opportunities it found and the recommendations it tracks to implementation.
 * The decedent is never stored here: the case is assembled on each read from the linked records.
 */
export const fatalityReviews = pgTable(
  'fatality_reviews',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    /** The fatal overdose reviewed (surveillance's id; no foreign key across modules). */
    overdoseId: uuid('overdose_id').notNull(),
    /** The analyst who opened it and chairs it (a member, who signs too). */
    chairId: uuid('chair_id').notNull(),
    /** The day the review team meets (null: not set yet); the annual summary counts reviews by its year. */
    meetingDate: date('meeting_date'),
    /** 'scheduled', 'in_review' or 'closed'. */
    status: text('status').notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.id] }),
    unique('fatality_reviews_overdose_unique').on(t.jurisdictionId, t.overdoseId),
  ],
);

/** The members of a review: users of the jurisdiction enrolled by an analyst. */
export const fatalityReviewMembers = pgTable(
  'fatality_review_members',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    reviewId: uuid('review_id').notNull(),
    userId: uuid('user_id').notNull(),
    enrolledBy: uuid('enrolled_by').notNull(),
    enrolledAt: timestamp('enrolled_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionId, t.reviewId, t.userId] })],
);

/**
 * Signed confidentiality agreements: who signed which version (its text's SHA-256), the name typed, when,
 * and who recorded it (the member, or an analyst entering a paper one). Until one is here, a member reads
 * nothing of the case. Never edited.
 */
export const fatalityReviewAgreements = pgTable(
  'fatality_review_agreements',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    reviewId: uuid('review_id').notNull(),
    userId: uuid('user_id').notNull(),
    agreementVersion: text('agreement_version').notNull(),
    /** SHA-256 (hex) of the agreement's text as shown when signed. */
    textHash: text('text_hash').notNull(),
    signedName: text('signed_name').notNull(),
    signedAt: timestamp('signed_at', { withTimezone: true }).notNull(),
    recordedBy: uuid('recorded_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionId, t.reviewId, t.userId] })],
);

/** Missed opportunities a review found, by category (missed-opportunity-categories.ts). */
export const fatalityReviewMissedOpportunities = pgTable(
  'fatality_review_missed_opportunities',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    reviewId: uuid('review_id').notNull(),
    category: text('category').notNull(),
    /** The members' words: internal to the review, never in the annual summary. */
    description: text('description').notNull(),
    recordedBy: uuid('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.id] }),
    index('fatality_review_missed_opportunities_review_idx').on(t.jurisdictionId, t.reviewId),
  ],
);

/** Recommendations of a review, tracked to implementation (their history in the events below). */
export const fatalityReviewRecommendations = pgTable(
  'fatality_review_recommendations',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    reviewId: uuid('review_id').notNull(),
    /** The members' words: internal to the review, never in the annual summary. */
    text: text('text').notNull(),
    responsibleOrganization: text('responsible_organization').notNull(),
    /** 'proposed', 'accepted', 'in_progress', 'implemented' or 'not_adopted'. */
    status: text('status').notNull(),
    dueDate: date('due_date'),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.id] }),
    index('fatality_review_recommendations_review_idx').on(t.jurisdictionId, t.reviewId),
  ],
);

/** Every status a recommendation passed through, who moved it and when. */
export const fatalityReviewRecommendationEvents = pgTable(
  'fatality_review_recommendation_events',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    recommendationId: uuid('recommendation_id').notNull(),
    status: text('status').notNull(),
    movedBy: uuid('moved_by').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.id] }),
    index('fatality_review_recommendation_events_idx').on(t.jurisdictionId, t.recommendationId, t.at),
  ],
);
