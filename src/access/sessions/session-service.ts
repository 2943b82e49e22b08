import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/database.js';
import { SosError } from '../../platform/errors.js';
import type { Keyring } from '../../platform/keyring.js';
import { appendAuditEntries } from '../audit/audit-repository.js';
import { authorizeUser, type SignedInUser } from '../authorize.js';
import { type Actor, auditActor } from '../roles.js';
import { verifyPassword } from '../users/password.js';
import { SignInThrottle } from '../users/sign-in-throttle.js';
import { normalizeEmail } from '../users/user-repository.js';
import { lifetimeFor, sessionState } from './session-lifetime.js';
import { type PresentedSession, presentSession } from './session-presenter.js';
import {
  findSessionOwner,
  listUserSessions,
  markAuthenticated,
  readLifetimes,
  revokeUserSessions,
  type SessionOwner,
} from './session-repository.js';

/** What the session service needs. */
export interface SessionDependencies {
  db: Database;
  clock: Clock;
  keyring: Keyring;
}

/** A user's sessions alive under the role's lifetime, newest use first; `currentId` marks the caller's. */
async function aliveSessions(
  deps: SessionDependencies,
  jurisdictionId: string,
  owner: SessionOwner,
  currentId: string | null,
): Promise<PresentedSession[]> {
  const now = deps.clock.now();
  const lifetime = lifetimeFor(owner.role, await readLifetimes(deps.db, jurisdictionId));
  const sessions = await listUserSessions(deps.db, jurisdictionId, owner.id, now);
  return sessions
    .filter((s) => sessionState({ ...s, revokedAt: null }, lifetime, now) === 'alive')
    .map((s) => {
      const capped = s.createdAt.getTime() + lifetime.absoluteMinutes * 60_000;
      const endsAt = new Date(Math.min(s.expiresAt.getTime(), capped));
      return presentSession(s, endsAt, s.id === currentId);
    });
}

/** The signed-in user's own record (a session's user always exists; a deleted one would be no actor). */
async function ownerOf(deps: SessionDependencies, actor: SignedInUser): Promise<SessionOwner> {
  const owner = await findSessionOwner(deps.db, actor.jurisdictionId, actor.userId);
  if (!owner) throw new SosError('UNAUTHENTICATED');
  return owner;
}

/** A user of the administrator's jurisdiction, or 404. */
async function userOfJurisdiction(
  deps: SessionDependencies,
  actor: SignedInUser,
  userId: string,
): Promise<SessionOwner> {
  const owner = await findSessionOwner(deps.db, actor.jurisdictionId, userId);
  if (!owner) throw new SosError('NOT_FOUND', 'No user by that id in your jurisdiction');
  return owner;
}

/** Revokes sessions of a user and audits it (`session.revoke`) in one transaction; the ids revoked. */
async function revokeAudited(
  deps: SessionDependencies,
  actor: SignedInUser,
  userId: string,
  which: { only?: string; except?: string },
  scope: 'one' | 'others' | 'all',
): Promise<string[]> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const revoked = await revokeUserSessions(tx, actor.jurisdictionId, userId, now, which);
    if (revoked.length > 0) {
      await appendAuditEntries(tx, actor.jurisdictionId, now, [
        {
          ...auditActor(actor),
          action: 'session.revoke',
          subjectType: 'user',
          subjectId: userId,
          purpose: null,
          details: { session_ids: revoked, scope },
        },
      ]);
    }
    return revoked;
  });
}

/** The caller's own live sessions, the current one marked. */
export async function listOwnSessions(deps: SessionDependencies, actor: Actor): Promise<PresentedSession[]> {
  authorizeUser(actor, 'account.manage_own');
  return aliveSessions(deps, actor.jurisdictionId, await ownerOf(deps, actor), actor.session?.id ?? null);
}

/** Ends one of the caller's own sessions (the current one too: that signs out); 404 when none alive has the id. */
export async function revokeOwnSession(
  deps: SessionDependencies,
  actor: Actor,
  sessionId: string,
): Promise<string[]> {
  authorizeUser(actor, 'account.manage_own');
  const revoked = await revokeAudited(deps, actor, actor.userId, { only: sessionId }, 'one');
  if (revoked.length === 0) throw new SosError('NOT_FOUND', 'None of your sessions has that id');
  return revoked;
}

/** Ends every session of the caller but the current one. */
export async function revokeOtherOwnSessions(deps: SessionDependencies, actor: Actor): Promise<string[]> {
  authorizeUser(actor, 'account.manage_own');
  if (!actor.session) throw new SosError('FORBIDDEN', 'Only a signed-in session tells which one to keep');
  return revokeAudited(deps, actor, actor.userId, { except: actor.session.id }, 'others');
}

/** An administrator's view of a user's live sessions (the administrator's own marked current). */
export async function listUserSessionsOf(
  deps: SessionDependencies,
  actor: Actor,
  userId: string,
): Promise<PresentedSession[]> {
  authorizeUser(actor, 'user.manage');
  const owner = await userOfJurisdiction(deps, actor, userId);
  return aliveSessions(deps, actor.jurisdictionId, owner, actor.session?.id ?? null);
}

/** An administrator ends every session of a user of the jurisdiction (the user must sign in again). */
export async function revokeUserSessionsOf(
  deps: SessionDependencies,
  actor: Actor,
  userId: string,
): Promise<string[]> {
  authorizeUser(actor, 'user.manage');
  const owner = await userOfJurisdiction(deps, actor, userId);
  return revokeAudited(deps, actor, owner.id, {}, 'all');
}

/**
 * The signed-in user proves who they are again with their password: the session's authenticated_at
 * becomes now, which the exports and breaking the glass ask to be recent. Wrong passwords count
 * against the account as failed sign-ins do, so a stolen session cannot guess at leisure. A user with
 * no password (single sign-on only) is answered REAUTHENTICATION_REQUIRED with `method: sso`. Returns
 * the new authenticated_at.
 */
export async function reauthenticate(
  deps: SessionDependencies,
  actor: Actor,
  password: string,
): Promise<Date> {
  authorizeUser(actor, 'account.manage_own');
  if (!actor.session) throw new SosError('FORBIDDEN', 'Only a signed-in session re-authenticates');
  const owner = await ownerOf(deps, actor);
  if (owner.passwordHash === null) {
    throw new SosError(
      'REAUTHENTICATION_REQUIRED',
      'You sign in through single sign-on: sign out and sign in again to confirm who you are',
      { method: 'sso' },
    );
  }
  const now = deps.clock.now();
  const throttle = new SignInThrottle(deps.db, deps.keyring);
  const subjects = [{ kind: 'account' as const, value: normalizeEmail(owner.email) }];
  const waitUntil = await throttle.claimAttempt(subjects, now);
  if (waitUntil) {
    const seconds = Math.ceil((waitUntil.getTime() - now.getTime()) / 1000);
    throw new SosError(
      'RATE_LIMITED',
      `Too many wrong passwords; try again in ${Math.ceil(seconds / 60)} minute(s)`,
      {
        retry_after_seconds: seconds,
      },
    );
  }
  const matches = await verifyPassword(password, owner.passwordHash);
  await deps.db.transaction(async (tx) => {
    if (matches) await markAuthenticated(tx, actor.jurisdictionId, actor.session?.id as string, now);
    await appendAuditEntries(tx, actor.jurisdictionId, now, [
      {
        ...auditActor(actor),
        action: matches ? 'auth.reauthenticate' : 'auth.reauthenticate_failed',
        subjectType: 'user',
        subjectId: actor.userId,
        purpose: null,
        details: { session_id: actor.session?.id },
      },
    ]);
  });
  if (!matches) throw new SosError('REAUTHENTICATION_FAILED');
  await throttle.attemptSucceeded(subjects, now);
  return now;
}
