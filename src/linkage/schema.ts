import {
  boolean,
  doublePrecision,
  index,
  integer,
  json,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * Linkage reviews: candidate links in the review band, one row per (report, candidate overdose), that an
 * analyst confirms or rejects. `report_overdose_id` is the overdose the report made while unlinked;
 * confirming moves the report into `candidate_overdose_id`.
 */
export const linkageReviews = pgTable(
  'linkage_reviews',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    reportId: uuid('report_id').notNull(),
    reportOverdoseId: uuid('report_overdose_id').notNull(),
    candidateOverdoseId: uuid('candidate_overdose_id').notNull(),
    score: doublePrecision('score').notNull(),
    /** Every compared fact with its closeness and what was compared (linkage.ts `LinkReason`). */
    reasons: json('reasons').notNull(),
    /** 'pending', 'confirmed' or 'rejected'. */
    status: text('status').notNull().default('pending'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    decidedByType: text('decided_by_type'),
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.id] }),
    uniqueIndex('linkage_reviews_pair_key').on(t.jurisdictionId, t.reportId, t.candidateOverdoseId),
    // The queue is read by status, oldest first.
    index('linkage_reviews_status_idx').on(t.jurisdictionId, t.status, t.createdAt),
  ],
);

/**
 * The linkage model of each jurisdiction: the Fellegi-Sunter m and u per compared fact and level and
 * the match share, estimated from the jurisdiction's own candidate pairs (event-linkage.ts), with when
 * and from how many pairs. One row per jurisdiction, replaced by each estimation.
 */
export const linkageModels = pgTable(
  'linkage_models',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    /** `FsModel` as JSON: specs (names and levels), m, u, matchShare, iterations, converged. */
    model: json('model').notNull(),
    pairCount: integer('pair_count').notNull(),
    reportCount: integer('report_count').notNull(),
    converged: boolean('converged').notNull(),
    estimatedAt: timestamp('estimated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionId] })],
);
