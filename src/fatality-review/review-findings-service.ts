import { recordAuditEntries } from '../access/audit/audit-log.js';
import { type Actor, auditActor } from '../access/roles.js';
import { userNames } from '../access/users/user-directory.js';
import type { Clock } from '../platform/clock.js';
import type { Database } from '../platform/database.js';
import { SosError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import type { MissedOpportunity, Recommendation, RecommendationStatus } from './fatality-review.js';
import {
  insertMissedOpportunity,
  insertRecommendation,
  listMissedOpportunities,
  listRecommendations,
  moveRecommendation,
} from './fatality-review-repository.js';
import type { MissedOpportunityCategory } from './missed-opportunity-categories.js';
import { authorizeCaseRead } from './review-access.js';

/** What the findings services need: the database and the clock. */
export interface ReviewFindingsDependencies {
  db: Database;
  clock: Clock;
}

/** A review's findings with the names of who recorded and moved them. */
export interface ReviewFindings {
  missedOpportunities: (MissedOpportunity & { recordedByName: string | null })[];
  recommendations: (Recommendation & { createdByName: string | null })[];
  names: Map<string, string>;
}

/**
 * The missed opportunities and recommendations of a review (with each recommendation's history), for its
 * signed members only, as the case is (the findings speak of the case); the read is audited.
 */
export async function readFindings(
  deps: ReviewFindingsDependencies,
  actor: Actor,
  reviewId: string,
): Promise<ReviewFindings> {
  const { review, reader } = await authorizeCaseRead(deps.db, actor, reviewId);
  return deps.db.transaction(async (tx) => {
    const missed = await listMissedOpportunities(tx, reader.jurisdictionId, review.id);
    const recommendations = await listRecommendations(tx, reader.jurisdictionId, review.id);
    await recordAuditEntries(tx, reader.jurisdictionId, deps.clock.now(), [
      {
        ...auditActor(reader),
        action: 'fatality_review.read_findings',
        subjectType: 'fatality_review',
        subjectId: review.id,
        purpose: 'fatality_review',
        details: { missed_opportunities: missed.length, recommendations: recommendations.length },
      },
    ]);
    const names = await userNames(tx, reader.jurisdictionId, [
      ...missed.map((m) => m.recordedBy),
      ...recommendations.flatMap((r) => [r.createdBy, ...r.history.map((h) => h.movedBy)]),
    ]);
    return {
      missedOpportunities: missed.map((m) => ({ ...m, recordedByName: names.get(m.recordedBy) ?? null })),
      recommendations: recommendations.map((r) => ({ ...r, createdByName: names.get(r.createdBy) ?? null })),
      names,
    };
  });
}

function required(value: string, field: string, what: string): string {
  const text = value.trim();
  if (text === '') throw new SosError('VALIDATION_FAILED', `${field} is required: ${what}`, { field });
  return text;
}

/**
 * Records a missed opportunity the review found (a signed member: findings are the review team's work),
 * audited with its category, never its words.
 */
export async function recordMissedOpportunity(
  deps: ReviewFindingsDependencies,
  actor: Actor,
  reviewId: string,
  input: { category: MissedOpportunityCategory; description: string },
): Promise<MissedOpportunity> {
  const { review, reader } = await authorizeCaseRead(deps.db, actor, reviewId);
  const now = deps.clock.now();
  const found: MissedOpportunity = {
    id: newId(now.getTime()),
    reviewId: review.id,
    category: input.category,
    description: required(input.description, 'description', 'say what was missed'),
    recordedBy: reader.userId,
    recordedAt: now,
  };
  await deps.db.transaction(async (tx) => {
    await insertMissedOpportunity(tx, reader.jurisdictionId, found);
    await recordAuditEntries(tx, reader.jurisdictionId, now, [
      {
        ...auditActor(reader),
        action: 'fatality_review.record_missed_opportunity',
        subjectType: 'fatality_review',
        subjectId: review.id,
        purpose: 'fatality_review',
        details: { missed_opportunity_id: found.id, category: found.category },
      },
    ]);
  });
  return found;
}

/** Records a recommendation of the review (a signed member), proposed unless said otherwise, audited. */
export async function recordRecommendation(
  deps: ReviewFindingsDependencies,
  actor: Actor,
  reviewId: string,
  input: {
    text: string;
    responsibleOrganization: string;
    status: RecommendationStatus;
    dueDate: string | null;
  },
): Promise<Recommendation> {
  const { review, reader } = await authorizeCaseRead(deps.db, actor, reviewId);
  const now = deps.clock.now();
  const recommendation: Omit<Recommendation, 'history'> = {
    id: newId(now.getTime()),
    reviewId: review.id,
    text: required(input.text, 'text', 'say what should change'),
    responsibleOrganization: required(
      input.responsibleOrganization,
      'responsible_organization',
      'name the organization responsible',
    ),
    status: input.status,
    dueDate: input.dueDate,
    createdBy: reader.userId,
    createdAt: now,
    updatedAt: now,
  };
  await deps.db.transaction(async (tx) => {
    await insertRecommendation(tx, reader.jurisdictionId, recommendation, newId(now.getTime()));
    await recordAuditEntries(tx, reader.jurisdictionId, now, [
      {
        ...auditActor(reader),
        action: 'fatality_review.record_recommendation',
        subjectType: 'fatality_review',
        subjectId: review.id,
        purpose: 'fatality_review',
        details: { recommendation_id: recommendation.id, status: recommendation.status },
      },
    ]);
  });
  return { ...recommendation, history: [{ status: recommendation.status, movedBy: reader.userId, at: now }] };
}

/**
 * Moves a recommendation to a status (and optionally a new due date), kept in its history (a signed
 * member), audited with the statuses. A move to the status it has is refused as no change.
 */
export async function moveRecommendationStatus(
  deps: ReviewFindingsDependencies,
  actor: Actor,
  reviewId: string,
  recommendationId: string,
  input: { status: RecommendationStatus; dueDate?: string | null },
): Promise<Recommendation> {
  const { review, reader } = await authorizeCaseRead(deps.db, actor, reviewId);
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [current] = await listRecommendations(tx, reader.jurisdictionId, review.id, recommendationId);
    if (!current) throw new SosError('NOT_FOUND', 'No recommendation by that id in this review');
    const dueDate = input.dueDate === undefined ? current.dueDate : input.dueDate;
    if (current.status === input.status && dueDate === current.dueDate) {
      throw new SosError('VALIDATION_FAILED', `status: the recommendation is already ${input.status}`, {
        field: 'status',
      });
    }
    await moveRecommendation(tx, reader.jurisdictionId, {
      id: newId(now.getTime()),
      recommendationId,
      status: input.status,
      dueDate,
      movedBy: reader.userId,
      at: now,
    });
    await recordAuditEntries(tx, reader.jurisdictionId, now, [
      {
        ...auditActor(reader),
        action: 'fatality_review.move_recommendation',
        subjectType: 'fatality_review',
        subjectId: review.id,
        purpose: 'fatality_review',
        details: {
          recommendation_id: recommendationId,
          from: current.status,
          to: input.status,
          due_date: dueDate,
        },
      },
    ]);
    const [moved] = await listRecommendations(tx, reader.jurisdictionId, review.id, recommendationId);
    return moved as Recommendation;
  });
}
