import type { Actor } from '../access/roles.js';
import { auditActor } from '../access/roles.js';
import type { Queryable } from '../platform/database.js';
import { SosError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { DEVICE_CLOCK_LEEWAY_MS } from './case-record-access.js';
import type { ReferralRecord } from './referral-presenter.js';
import {
  insertReferralEvent,
  listReferralEvents,
  type StoredReferral,
  updateReferralStatus,
} from './referral-repository.js';
import { type ReferralStatus, referralPath } from './referral-status.js';

/** A status move as either side sends it. */
export interface ReferralMove {
  status: ReferralStatus;
  reason?: string | undefined;
  first_attended_at?: string | undefined;
}

/** The statuses that may carry the date the survivor first attended the service. */
const attendedStatuses: readonly ReferralStatus[] = ['in-progress', 'completed'];

/**
 * When the survivor first attended, as sent with a move: only with in-progress or completed, not before
 * the referral, not in the future beyond a fast device clock's leeway (then taken as now).
 */
function firstAttendedAt(referral: StoredReferral, move: ReferralMove, now: Date): Date | null {
  if (move.first_attended_at === undefined) return referral.firstAttendedAt;
  const field = { field: 'first_attended_at' };
  if (!attendedStatuses.includes(move.status)) {
    throw new SosError('VALIDATION_FAILED', 'first_attended_at goes with in-progress or completed', field);
  }
  const at = new Date(move.first_attended_at);
  if (at.getTime() > now.getTime() + DEVICE_CLOCK_LEEWAY_MS) {
    throw new SosError(
      'VALIDATION_FAILED',
      `first_attended_at is in the future (now is ${now.toISOString()})`,
      field,
    );
  }
  if (at.getTime() < referral.referredAt.getTime()) {
    throw new SosError(
      'VALIDATION_FAILED',
      `first_attended_at is before the referral (${referral.referredAt.toISOString()})`,
      field,
    );
  }
  return at.getTime() > now.getTime() ? now : at;
}

/**
 * Moves a referral (locked by the caller) along the task flow for one side, in the caller's
 * transaction: the path checked (REFERRAL_TRANSITION_INVALID), the dates set (accepted_at on the first
 * acceptance, completed_at on completion, first_attended_at as sent), every status passed through
 * stored as an event. Returns the referral as it now stands and the statuses it passed through.
 */
export async function moveReferral(
  tx: Queryable,
  referral: StoredReferral,
  move: ReferralMove,
  side: 'referrer' | 'receiver',
  actor: Actor,
  now: Date,
): Promise<{ referral: ReferralRecord; path: ReferralStatus[] }> {
  const path = referralPath(referral.status, move.status, side, referral.receivingOrganizationId !== null);
  const reason = move.reason?.trim() || null;
  const moved: StoredReferral = {
    ...referral,
    status: move.status,
    statusReason: reason,
    acceptedAt: referral.acceptedAt ?? (path.includes('accepted') ? now : null),
    completedAt: move.status === 'completed' ? now : referral.completedAt,
    firstAttendedAt: firstAttendedAt(referral, move, now),
    lastStatusAt: now,
  };
  await updateReferralStatus(tx, moved);
  const before = await listReferralEvents(tx, referral.jurisdictionId, [referral.id]);
  const by = auditActor(actor);
  for (const [i, status] of path.entries()) {
    await insertReferralEvent(tx, referral.jurisdictionId, newId(now.getTime()), {
      referralId: referral.id,
      position: before.length + i,
      status,
      reason: status === move.status ? reason : null,
      actorType: by.actorType,
      actorId: by.actorId,
      at: now,
    });
  }
  const history = await listReferralEvents(tx, referral.jurisdictionId, [referral.id]);
  return { referral: { ...moved, history }, path };
}
