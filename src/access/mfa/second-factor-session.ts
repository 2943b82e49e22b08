import type { Queryable } from '../../platform/database.js';

/**
 * Records that the session's user gave a second factor now: the session stops owing one, counts as
 * having given it, and its user proved who they are now. Used by the sign-in step and by single
 * sign-on when the identity provider asserts multi-factor authentication.
 */
export async function markSecondFactorGiven(
  tx: Queryable,
  jurisdictionId: string,
  sessionId: string,
  now: Date,
): Promise<void> {
  await tx.query(
    `update sessions set second_factor_due = false, second_factor_at = $3, authenticated_at = $3
     where jurisdiction_id = $1 and id = $2 and revoked_at is null`,
    [jurisdictionId, sessionId, now],
  );
}

/**
 * After the user confirmed a new factor in this session: the session counts as having given a second
 * factor (so a jurisdiction's requirement is met without signing in again), but this proves nothing
 * new about who the user is, so `authenticated_at` stays.
 */
export async function countEnrolmentAsSecondFactor(
  tx: Queryable,
  jurisdictionId: string,
  sessionId: string,
  now: Date,
): Promise<void> {
  await tx.query(
    `update sessions set second_factor_at = $3
     where jurisdiction_id = $1 and id = $2 and revoked_at is null and second_factor_at is null`,
    [jurisdictionId, sessionId, now],
  );
}
