/** The exceptional acts the register holds: never outreach, recorded apart so they cannot feed a case. */
export const coerciveActKinds = ['warrant_check', 'arrest', 'involuntary_commitment_petition'] as const;
/** One kind of coercive act. */
export type CoerciveActKind = (typeof coerciveActKinds)[number];

/** One act of the register as stored: who performed it, when, why and under which written policy. */
export interface CoerciveAct {
  jurisdictionId: string;
  id: string;
  programId: string;
  kind: CoerciveActKind;
  performedAt: Date;
  performedBy: string;
  justification: string;
  policyReference: string;
  recordedBy: string;
  recordedAt: Date;
}

/** How many acts of each kind: what program metrics receive of the register (counts, never rows). */
export type CoerciveActCounts = Record<CoerciveActKind, number>;
