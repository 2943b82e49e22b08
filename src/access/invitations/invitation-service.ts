import type { Queryable } from '../../platform/database.js';
import { SosError } from '../../platform/errors.js';
import { appendAuditEntries } from '../audit/audit-repository.js';
import { signDeviceCookie } from '../users/device-cookie.js';
import { hashPassword } from '../users/password.js';
import { assertStrongPassword } from '../users/password-policy.js';
import type { PeopleDependencies } from '../users/people-dependencies.js';
import { setPasswordHash } from '../users/user-account-repository.js';
import type { UserRecord } from '../users/user-repository.js';
import {
  type FoundInvitation,
  findInvitationByTokenHash,
  markInvitationUsed,
  revokePendingInvitations,
} from './invitation-repository.js';
import { hashInvitationToken, INVITATION_TOKEN_PATTERN, invitationUsable } from './invitation-token.js';

// Taking up an invitation needs no actor: the token is the proof, as a password is at sign-in. An
// unknown, used, replaced or expired token (or one of a disabled user) gets one answer, so that the
// answers tell nothing about which links exist.

/** The invitation a token opens, still usable at `now`; INVITATION_INVALID otherwise. */
async function usableInvitation(
  deps: PeopleDependencies,
  token: string,
  db: Queryable = deps.db,
  lock = false,
): Promise<FoundInvitation> {
  const invitation = INVITATION_TOKEN_PATTERN.test(token)
    ? await findInvitationByTokenHash(db, hashInvitationToken(token), lock)
    : null;
  if (
    !invitation ||
    !invitationUsable({ ...invitation, userDisabled: invitation.user.disabledAt !== null }, deps.clock.now())
  ) {
    throw new SosError('INVITATION_INVALID');
  }
  return invitation;
}

/** Who an invitation is for (email and display name), for the welcome page to show before a password is chosen. */
export async function lookUpInvitation(
  deps: PeopleDependencies,
  token: string,
): Promise<{ email: string; display_name: string }> {
  const { user } = await usableInvitation(deps, token);
  return { email: user.email, display_name: user.displayName };
}

/**
 * Takes up an invitation: checks the password against the policy, sets it, marks the link used (once:
 * the row is locked, so a second use at the same time fails too) and opens a session as sign-in does,
 * all in one transaction, audited. Answers the session token and device cookie for the cookies.
 */
export async function acceptInvitation(
  deps: PeopleDependencies,
  input: { token: string; password: string; client: string; userAgent: string | null },
): Promise<{ token: string; user: UserRecord; deviceCookie: string }> {
  const { user } = await usableInvitation(deps, input.token);
  assertStrongPassword(input.password, user.email);
  // Hashing is slow on purpose: done before the transaction, which then only writes.
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock.now();
  const token = await deps.db.transaction(async (tx) => {
    const invitation = await usableInvitation(deps, input.token, tx, true);
    await setPasswordHash(tx, invitation.jurisdictionId, invitation.user.id, passwordHash);
    await markInvitationUsed(tx, invitation.jurisdictionId, invitation.id, now);
    await revokePendingInvitations(tx, invitation.jurisdictionId, invitation.user.id, now);
    const session = await deps.access.startSession(
      tx,
      invitation.user,
      { client: input.client, userAgent: input.userAgent },
      now,
    );
    await appendAuditEntries(tx, invitation.jurisdictionId, now, [
      {
        actorType: 'user',
        actorId: invitation.user.id,
        action: 'user.invitation_accept',
        subjectType: 'user',
        subjectId: invitation.user.id,
        purpose: null,
        details: { client: input.client },
      },
    ]);
    return session;
  });
  return {
    token,
    user: { ...user, passwordHash },
    deviceCookie: signDeviceCookie(deps.keyring, user.id),
  };
}
