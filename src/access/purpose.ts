/**
 * Purposes of use: why a record is read. Every T2/T3 read states one and its audit entry keeps it;
 * a policy rule may allow an action for some purposes only. `emergency` is the purpose of a
 * break-the-glass read: it opens nothing an ordinary read would not, unless a break-the-glass rule does.
 */
export const purposes = [
  'treatment',
  'surveillance',
  'operations',
  'audit',
  'emergency',
  'fatality_review',
] as const;

/** Why a record is read: outreach and treatment, surveillance, operations, audit, an emergency, or a fatality review. */
export type Purpose = (typeof purposes)[number];
