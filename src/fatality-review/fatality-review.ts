/** A review's stages: scheduled (a meeting is set), in review (the team is at work), closed. */
export const reviewStatuses = ['scheduled', 'in_review', 'closed'] as const;
/** One stage of a review. */
export type ReviewStatus = (typeof reviewStatuses)[number];

/** Where a recommendation stands, from proposed to implemented (or not adopted). */
export const recommendationStatuses = [
  'proposed',
  'accepted',
  'in_progress',
  'implemented',
  'not_adopted',
] as const;
/** One status of a recommendation. */
export type RecommendationStatus = (typeof recommendationStatuses)[number];

/**
 * The roles a review may enrol: people who may read identifiable (T3) records for a review. Public
 * safety roles never: nothing in T3 reaches one (the policy refuses them the read as well).
 */
export const memberRoles = ['analyst', 'outreach_coordinator', 'outreach_oversight'] as const;

/** One review as stored. */
export interface FatalityReview {
  jurisdictionId: string;
  id: string;
  overdoseId: string;
  chairId: string;
  meetingDate: string | null;
  status: ReviewStatus;
  openedAt: Date;
  updatedAt: Date;
}

/** One member of a review, with the agreement signed (null: not yet). */
export interface ReviewMember {
  userId: string;
  enrolledBy: string;
  enrolledAt: Date;
  agreement: {
    agreementVersion: string;
    textHash: string;
    signedName: string;
    signedAt: Date;
    recordedBy: string;
  } | null;
}

/** One missed opportunity a review found. */
export interface MissedOpportunity {
  id: string;
  reviewId: string;
  category: string;
  description: string;
  recordedBy: string;
  recordedAt: Date;
}

/** One recommendation of a review, with its history (oldest first). */
export interface Recommendation {
  id: string;
  reviewId: string;
  text: string;
  responsibleOrganization: string;
  status: RecommendationStatus;
  dueDate: string | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  history: { status: RecommendationStatus; movedBy: string; at: Date }[];
}
