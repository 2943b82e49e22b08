import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/database.js';
import { SosError } from '../../platform/errors.js';
import type { Keyring } from '../../platform/keyring.js';
import { appendAuditEntries } from '../audit/audit-repository.js';
import { authorizeUser } from '../authorize.js';
import type { Actor } from '../roles.js';
import { hashPassword, verifyPassword } from './password.js';
import { assertStrongPassword } from './password-policy.js';
import { SignInThrottle } from './sign-in-throttle.js';
import { findPasswordOf, revokeSessionsOfUser, setPasswordHash } from './user-account-repository.js';
import { normalizeEmail } from './user-repository.js';

/**
 * Changes the signed-in user's own password: the current one proves it is the user (not someone at
 * an unlocked screen, tries counted as failed sign-ins are), the new one passes the policy, and every other session of the user is revoked
 * (whoever held one loses it) in the same transaction, audited. A wrong current password is audited
 * too, as a failed sign-in is.
 */
export async function changeOwnPassword(
  deps: { db: Database; clock: Clock; keyring: Keyring },
  actor: Actor,
  input: { current_password: string; new_password: string },
): Promise<{ revoked_sessions: number }> {
  authorizeUser(actor, 'account.manage_own');
  const stored = await findPasswordOf(deps.db, actor.jurisdictionId, actor.userId);
  if (!stored) throw new SosError('NOT_FOUND', 'No such user');
  if (!stored.passwordHash) throw new SosError('PASSWORD_NOT_SET');
  const now = deps.clock.now();
  const audit = (action: string, details: Record<string, unknown>) => ({
    actorType: 'user',
    actorId: actor.userId,
    action,
    subjectType: 'user',
    subjectId: actor.userId,
    purpose: null,
    details,
  });
  // The current password is guessed against the account's sign-in count: a session left open must not
  // let someone try passwords faster than the sign-in page would.
  const throttle = new SignInThrottle(deps.db, deps.keyring);
  const subjects = [{ kind: 'account', value: normalizeEmail(stored.email) }] as const;
  const waitUntil = await throttle.claimAttempt(subjects, now);
  if (waitUntil) {
    throw new SosError(
      'RATE_LIMITED',
      `Too many wrong passwords; try again in ${Math.ceil((waitUntil.getTime() - now.getTime()) / 60_000)} minute(s)`,
    );
  }
  if (!(await verifyPassword(input.current_password, stored.passwordHash))) {
    await deps.db.transaction((tx) =>
      appendAuditEntries(tx, actor.jurisdictionId, now, [audit('user.password_change_failed', {})]),
    );
    throw new SosError('CURRENT_PASSWORD_WRONG', undefined, { field: 'current_password' });
  }
  await throttle.attemptSucceeded(subjects, now);
  assertStrongPassword(input.new_password, stored.email, 'The new password');
  const passwordHash = await hashPassword(input.new_password);
  return deps.db.transaction(async (tx) => {
    await setPasswordHash(tx, actor.jurisdictionId, actor.userId, passwordHash);
    const revoked = await revokeSessionsOfUser(
      tx,
      actor.jurisdictionId,
      actor.userId,
      now,
      actor.session?.id ?? null,
    );
    await appendAuditEntries(tx, actor.jurisdictionId, now, [
      audit('user.password_change', { revoked_sessions: revoked }),
    ]);
    return { revoked_sessions: revoked };
  });
}
