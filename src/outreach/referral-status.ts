import { SosError } from '../platform/errors.js';

/** A referral's status: the HL7 SDOH Clinical Care task states (FHIR Task.status codes). */
export const referralStatuses = [
  'requested',
  'accepted',
  'rejected',
  'in-progress',
  'on-hold',
  'completed',
  'cancelled',
  'failed',
] as const;
/** One status of a referral. */
export type ReferralStatus = (typeof referralStatuses)[number];

/** How the survivor was handed to the service: not at all, introduced in person or on a call, or taken there. */
export const referralHandoffs = ['none', 'warm_handoff', 'transport'] as const;
/** A referral's handoff. */
export type ReferralHandoff = (typeof referralHandoffs)[number];

/** Who moves a referral: the program that referred, the organization that receives, or a job. */
export type ReferralSide = 'referrer' | 'receiver' | 'system';

/** The moves of the task flow; the statuses with none are final. */
export const referralTransitions: Readonly<Record<ReferralStatus, readonly ReferralStatus[]>> = {
  requested: ['accepted', 'rejected', 'cancelled'],
  accepted: ['in-progress', 'on-hold', 'completed', 'cancelled', 'failed'],
  'in-progress': ['on-hold', 'completed', 'failed', 'cancelled'],
  'on-hold': ['in-progress', 'cancelled', 'failed'],
  rejected: [],
  completed: [],
  cancelled: [],
  failed: [],
};

/** The statuses only the receiving organization answers with (the referrer only withdraws: cancelled). */
const receiverMoves: readonly ReferralStatus[] = [
  'accepted',
  'rejected',
  'in-progress',
  'on-hold',
  'completed',
  'failed',
];

/** Whether the flow allows the move, whoever makes it. */
export function transitionAllowed(from: ReferralStatus, to: ReferralStatus): boolean {
  return referralTransitions[from].includes(to);
}

/**
 * The statuses a referral passes through when a side moves it to `to`, or REFERRAL_TRANSITION_INVALID.
 * The receiver makes its answers and the referrer cancels; a service nobody answers for in SOS (no
 * provider login) has the referrer record the outcome (completed, failed) in its stead, and a referral
 * still requested then passes through accepted first, since the service took the survivor in.
 */
export function referralPath(
  from: ReferralStatus,
  to: ReferralStatus,
  side: 'referrer' | 'receiver',
  hasReceiver: boolean,
): ReferralStatus[] {
  const refuse = (why: string) =>
    new SosError('REFERRAL_TRANSITION_INVALID', `A referral ${from} cannot move to ${to}: ${why}`, {
      field: 'status',
    });
  if (side === 'receiver' && to === 'cancelled') {
    throw refuse('only the referring program cancels a referral');
  }
  if (side === 'referrer' && to !== 'cancelled') {
    if (hasReceiver) throw refuse('the receiving organization answers it through its own login');
    if (to !== 'completed' && to !== 'failed') {
      throw refuse('the referring program records only cancelled, completed or failed');
    }
  }
  if (side === 'receiver' && !receiverMoves.includes(to)) throw refuse('not an answer of the receiver');
  if (transitionAllowed(from, to)) return [to];
  if (side === 'referrer' && from === 'requested' && transitionAllowed('accepted', to)) {
    return ['accepted', to];
  }
  const next = referralTransitions[from];
  throw refuse(next.length === 0 ? `${from} is final` : `from ${from} it may move to ${next.join(', ')}`);
}

/** Which side made a stored move, from the rules above: the referrer requests and cancels, and answers for a service no one receives for. */
export function sideOfMove(status: ReferralStatus, actorType: string, hasReceiver: boolean): ReferralSide {
  if (actorType === 'system') return 'system';
  if (status === 'requested' || status === 'cancelled' || !hasReceiver) return 'referrer';
  return 'receiver';
}

/** Whether a referral waits past its program's answer window: still requested, referred more than `days` ago. */
export function answerOverdue(
  referral: { status: ReferralStatus; referredAt: Date },
  answerDays: number,
  now: Date,
): boolean {
  return (
    referral.status === 'requested' && now.getTime() - referral.referredAt.getTime() > answerDays * 86_400_000
  );
}

/** The FHIR security labels of a referral to a 42 CFR Part 2 program (its records and answers). */
export function securityLabels(part2: boolean): string[] {
  return part2 ? ['42CFRPart2', 'ETH'] : [];
}
