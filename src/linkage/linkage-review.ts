/** The states of a candidate link in the review queue. */
export const linkageReviewStatuses = ['pending', 'confirmed', 'rejected'] as const;

/** The state of a candidate link in the review queue. */
export type LinkageReviewStatus = (typeof linkageReviewStatuses)[number];

/** A candidate link in the review queue, as stored. */
export interface LinkageReviewRow {
  id: string;
  reportId: string;
  reportOverdoseId: string;
  candidateOverdoseId: string;
  score: number;
  reasons: unknown;
  status: LinkageReviewStatus;
  createdAt: Date;
  decidedByType: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
}
