import { sql } from 'drizzle-orm';
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
 * Linkage decisions: every time reports joined an overdose other than their own (`merge`: a link made
 * automatically at intake with its score, or a confirmed review) or left one for a new overdose
 * (`split`), with who and when, and who undid it. The record view reads how each report was linked
 * from here; undoing a confirmed review finds the reports its merge moved.
 */
export const linkageDecisions = pgTable(
  'linkage_decisions',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    /** 'merge' or 'split'. */
    kind: text('kind').notNull(),
    /** The overdose the reports are in after the decision. */
    overdoseId: uuid('overdose_id').notNull(),
    /** The overdose they were in before (merged away, or split from); null for a link at intake. */
    fromOverdoseId: uuid('from_overdose_id'),
    /** Every report (all versions) the decision moved. */
    reportIds: uuid('report_ids').array().notNull(),
    /** The review a confirmed merge, or the split that undid it, belongs to. */
    reviewId: uuid('review_id'),
    /** The other pending reviews of the report that confirming closed (reopened by an undo). */
    closedReviewIds: uuid('closed_review_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /** The linkage score of an automatic link. */
    score: doublePrecision('score'),
    decidedByType: text('decided_by_type').notNull(),
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull(),
    undoneByType: text('undone_by_type'),
    undoneBy: text('undone_by'),
    undoneAt: timestamp('undone_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.id] }),
    index('linkage_decisions_overdose_idx').on(t.jurisdictionId, t.overdoseId),
    index('linkage_decisions_review_idx').on(t.jurisdictionId, t.reviewId),
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
