/** The kinds of linkage decision: reports joined an overdose, or left one for a new overdose. */
export const linkageDecisionKinds = ['merge', 'split'] as const;

/** The kind of a linkage decision. */
export type LinkageDecisionKind = (typeof linkageDecisionKinds)[number];

/** A linkage decision as stored (see the `linkage_decisions` table). */
export interface LinkageDecisionRow {
  id: string;
  kind: LinkageDecisionKind;
  overdoseId: string;
  fromOverdoseId: string | null;
  reportIds: string[];
  reviewId: string | null;
  closedReviewIds: string[];
  score: number | null;
  decidedByType: string;
  decidedBy: string | null;
  decidedAt: Date;
  undoneByType: string | null;
  undoneBy: string | null;
  undoneAt: Date | null;
}

/** A linkage decision to record. */
export type NewLinkageDecision = Omit<
  LinkageDecisionRow,
  'undoneByType' | 'undoneBy' | 'undoneAt' | 'closedReviewIds' | 'reviewId' | 'score' | 'fromOverdoseId'
> &
  Partial<Pick<LinkageDecisionRow, 'closedReviewIds' | 'reviewId' | 'score' | 'fromOverdoseId'>>;

/** Who acted and when (a decision, or its undoing). */
export interface DecisionStamp {
  byType: string;
  by: string | null;
  at: Date;
}
