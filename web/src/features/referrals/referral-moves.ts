import type { ReferralStatus } from './referral-contract.js';

/** A move the receiving organization may make, as the provider's page offers it. */
export interface ReceiverMove {
  to: ReferralStatus;
  /** The button's words. */
  label: string;
  /** The move asks why (a rejection, a failure). */
  needsReason: boolean;
  /** The move may record the day the survivor first attended. */
  asksFirstAttended: boolean;
}

const MOVES: Record<ReferralStatus, ReceiverMove['to'][]> = {
  requested: ['accepted', 'rejected'],
  accepted: ['in-progress', 'on-hold', 'completed', 'failed'],
  'in-progress': ['on-hold', 'completed', 'failed'],
  'on-hold': ['in-progress', 'failed'],
  rejected: [],
  completed: [],
  cancelled: [],
  failed: [],
};

const LABELS: Partial<Record<ReferralStatus, string>> = {
  accepted: 'Accept',
  rejected: 'Reject',
  'in-progress': 'Start',
  'on-hold': 'Put on hold',
  completed: 'Complete',
  failed: 'Mark failed',
};

/**
 * The moves the receiving side may make from a status (the contract's transitions less the
 * referrer's own, cancel): none from a final status. From on-hold, going on is "Resume".
 */
export function receiverMoves(status: ReferralStatus): ReceiverMove[] {
  return MOVES[status].map((to) => ({
    to,
    label: status === 'on-hold' && to === 'in-progress' ? 'Resume' : (LABELS[to] ?? to),
    needsReason: to === 'rejected' || to === 'failed',
    asksFirstAttended: to === 'completed' || to === 'in-progress',
  }));
}

/** A move the referring program may make from a case. */
export interface ReferrerMove {
  to: 'cancelled' | 'completed' | 'failed';
  label: string;
  /** The move asks why (a cancellation, a failure). */
  needsReason: boolean;
  /** The move records the day the survivor first attended. */
  asksFirstAttended: boolean;
}

/**
 * The moves the referring program may make (api.md): cancel any referral still open; and, for a
 * service with no provider login (nobody answers for it in SOS), record in its stead that the
 * survivor attended (completed) or did not (failed), which a referral on hold cannot go to directly.
 */
export function referrerMoves(status: ReferralStatus, hasReceiver: boolean): ReferrerMove[] {
  if (MOVES[status].length === 0) return [];
  const moves: ReferrerMove[] = [];
  if (!hasReceiver && status !== 'on-hold')
    moves.push({ to: 'completed', label: 'Attended', needsReason: false, asksFirstAttended: true });
  if (!hasReceiver)
    moves.push({ to: 'failed', label: 'Did not attend', needsReason: true, asksFirstAttended: false });
  moves.push({ to: 'cancelled', label: 'Cancel referral', needsReason: true, asksFirstAttended: false });
  return moves;
}
