import type { Queryable } from '../../platform/database.js';
import { SosError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { decodePageCursor, encodePageCursor } from '../../platform/page-cursor.js';
import { appendAuditEntries } from '../audit/audit-repository.js';
import { authorizeUser, type SignedInUser } from '../authorize.js';
import { invitationMail } from '../invitations/invitation-mail.js';
import { insertInvitation, revokePendingInvitations } from '../invitations/invitation-repository.js';
import { hashInvitationToken, invitationLink, newInvitationToken } from '../invitations/invitation-token.js';
import {
  findJurisdiction,
  findOrganization,
  listOrganizations,
} from '../jurisdictions/jurisdiction-service.js';
import { type Actor, auditActor, organizationBoundRoles, type Role, roles } from '../roles.js';
import type { PeopleDependencies } from './people-dependencies.js';
import { programRoles } from './program-membership.js';
import { type PresentedUserAccount, presentUserAccount } from './user-account-presenter.js';
import {
  findUserAccount,
  findUserAccounts,
  lockActiveAdministrators,
  revokeSessionsOfUser,
  setUserDisabled,
  type UserAccount,
  type UserFilter,
  updateUserProfile,
} from './user-account-repository.js';
import { insertUser, normalizeEmail } from './user-repository.js';
import { leavesNoAdministrator } from './user-status.js';

/** The most users one page lists. */
export const MAX_USERS_PAGE = 200;

/** One page of users and the cursor of the next (null: the last page). */
export interface UserPage {
  users: PresentedUserAccount[];
  next_cursor: string | null;
}

/** The users of the administrator's jurisdiction, newest first, filtered by role, organization and status. */
export async function listUsers(
  deps: PeopleDependencies,
  actor: Actor,
  query: UserFilter & { cursor?: string | undefined; limit?: number | undefined },
): Promise<UserPage> {
  const admin = administrator(actor);
  const after = query.cursor ? decodePageCursor(query.cursor) : null;
  const limit = Math.min(query.limit ?? 50, MAX_USERS_PAGE);
  const rows = await findUserAccounts(deps.db, admin.jurisdictionId, query, after, limit);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    users: await present(deps, admin.jurisdictionId, page),
    next_cursor: rows.length > limit && last ? encodePageCursor({ at: last.createdAt, id: last.id }) : null,
  };
}

/** One user of the administrator's jurisdiction; NOT_FOUND for anyone else's. */
export async function readUser(deps: PeopleDependencies, actor: Actor, userId: string) {
  const admin = administrator(actor);
  return presentOne(deps, admin.jurisdictionId, userId);
}

/** What the invite and edit forms choose from: roles, the jurisdiction's organizations and programs. */
export async function userChoices(deps: PeopleDependencies, actor: Actor) {
  const admin = administrator(actor);
  const organizations = await listOrganizations(deps.db, admin.jurisdictionId);
  return {
    roles: [...roles],
    organization_bound_roles: [...organizationBoundRoles],
    program_roles: [...programRoles],
    organizations: organizations.map((o) => ({ id: o.id, name: o.name, type: o.type })),
    programs: await deps.programs.programs(deps.db, admin.jurisdictionId),
  };
}

/** What an invitation names: the user to create. */
export interface InviteInput {
  email: string;
  display_name: string;
  role: Role;
  organization_id: string | null;
  program_ids: string[];
}

/**
 * Invites a user: creates the account with no password, its programs and a one-time link (its hash
 * kept), audited in one transaction, then mails the link. The mail goes after the commit so that a slow
 * SMTP server holds no transaction; if it fails, the user stays invited and the link can be sent again.
 */
export async function inviteUser(
  deps: PeopleDependencies,
  actor: Actor,
  input: InviteInput,
  requestOrigin: string,
): Promise<PresentedUserAccount> {
  const admin = administrator(actor);
  requireMailer(deps);
  const email = normalizeEmail(input.email);
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    throw new SosError('VALIDATION_FAILED', `"${input.email}" is not an email address`, { field: 'email' });
  const organization = await checkOrganization(
    deps.db,
    admin.jurisdictionId,
    input.role,
    input.organization_id,
  );
  const id = newId();
  const now = deps.clock.now();
  const token = newInvitationToken();
  const expiresAt = new Date(now.getTime() + deps.invitationHours * 3_600_000);
  await deps.db.transaction(async (tx) => {
    await insertUser(tx, {
      jurisdictionId: admin.jurisdictionId,
      id,
      email,
      displayName: input.display_name,
      role: input.role,
      organizationId: input.organization_id,
      passwordHash: null,
    });
    const programs = await deps.programs.setUserPrograms(
      tx,
      admin.jurisdictionId,
      { id, displayName: input.display_name, role: input.role, agency: organization?.name ?? '' },
      input.program_ids,
      now,
    );
    await insertInvitation(tx, {
      jurisdictionId: admin.jurisdictionId,
      id: newId(),
      userId: id,
      tokenHash: hashInvitationToken(token),
      invitedBy: admin.userId,
      createdAt: now,
      expiresAt,
    });
    await audit(tx, admin, now, 'user.invite', id, {
      email,
      role: input.role,
      organization_id: input.organization_id,
      program_ids: programs.joined,
      expires_at: expiresAt.toISOString(),
    });
  });
  await mailInvitation(deps, admin.jurisdictionId, id, { email, displayName: input.display_name }, token, {
    siteUrl: deps.publicUrl ?? requestOrigin,
    expiresAt,
  });
  return presentOne(deps, admin.jurisdictionId, id);
}

/** Sends a user's invitation again with a new link; the old link stops working. Audited. */
export async function resendInvitation(
  deps: PeopleDependencies,
  actor: Actor,
  userId: string,
  requestOrigin: string,
): Promise<PresentedUserAccount> {
  const admin = administrator(actor);
  requireMailer(deps);
  const user = await accountOf(deps.db, admin.jurisdictionId, userId);
  if (user.hasPassword || user.disabledAt) {
    throw new SosError(
      'VALIDATION_FAILED',
      user.disabledAt
        ? 'This user is disabled: enable the account before inviting again'
        : 'This user has already set a password: there is no invitation to send',
      { field: 'id' },
    );
  }
  const now = deps.clock.now();
  const token = newInvitationToken();
  const expiresAt = new Date(now.getTime() + deps.invitationHours * 3_600_000);
  await deps.db.transaction(async (tx) => {
    await revokePendingInvitations(tx, admin.jurisdictionId, userId, now);
    await insertInvitation(tx, {
      jurisdictionId: admin.jurisdictionId,
      id: newId(),
      userId,
      tokenHash: hashInvitationToken(token),
      invitedBy: admin.userId,
      createdAt: now,
      expiresAt,
    });
    await audit(tx, admin, now, 'user.invite_resend', userId, { expires_at: expiresAt.toISOString() });
  });
  await mailInvitation(deps, admin.jurisdictionId, userId, user, token, {
    siteUrl: deps.publicUrl ?? requestOrigin,
    expiresAt,
  });
  return presentOne(deps, admin.jurisdictionId, userId);
}

/** The changes an administrator may make to a user (the fields given). */
export interface UserChange {
  display_name?: string | undefined;
  role?: Role | undefined;
  organization_id?: string | null | undefined;
  program_ids?: string[] | undefined;
}

/**
 * Changes a user's display name, role, organization or programs, audited. A user moved to a role that
 * works in no program leaves its programs; the last active administrator cannot be demoted.
 */
export async function updateUser(
  deps: PeopleDependencies,
  actor: Actor,
  userId: string,
  change: UserChange,
): Promise<PresentedUserAccount> {
  const admin = administrator(actor);
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const user = await accountOf(tx, admin.jurisdictionId, userId);
    const role = change.role ?? user.role;
    const organizationId =
      change.organization_id === undefined ? user.organizationId : change.organization_id;
    const organization = await checkOrganization(tx, admin.jurisdictionId, role, organizationId);
    if (user.role === 'administrator' && role !== 'administrator') {
      await assertNotLastAdministrator(tx, admin.jurisdictionId, userId, 'demote');
    }
    const displayName = change.display_name ?? user.displayName;
    await updateUserProfile(tx, admin.jurisdictionId, userId, { displayName, role, organizationId });
    const currentPrograms =
      (await deps.programs.programsOfUsers(tx, admin.jurisdictionId, [userId])).get(userId) ?? [];
    const programIds =
      change.program_ids ?? (programRoles.includes(role) ? currentPrograms.map((p) => p.id) : []);
    const programs = await deps.programs.setUserPrograms(
      tx,
      admin.jurisdictionId,
      { id: userId, displayName, role, agency: organization?.name ?? '' },
      programIds,
      now,
    );
    await audit(tx, admin, now, 'user.update', userId, {
      ...(change.display_name !== undefined && change.display_name !== user.displayName
        ? { display_name: { from: user.displayName, to: displayName } }
        : {}),
      ...(role !== user.role ? { role: { from: user.role, to: role } } : {}),
      ...(organizationId !== user.organizationId
        ? { organization_id: { from: user.organizationId, to: organizationId } }
        : {}),
      ...(programs.joined.length > 0 ? { programs_joined: programs.joined } : {}),
      ...(programs.left.length > 0 ? { programs_left: programs.left } : {}),
    });
  });
  return presentOne(deps, admin.jurisdictionId, userId);
}

/**
 * Disables a user: no sign-in, every session revoked and every open link closed, in one transaction,
 * audited. The last active administrator cannot be disabled.
 */
export async function disableUser(
  deps: PeopleDependencies,
  actor: Actor,
  userId: string,
): Promise<PresentedUserAccount> {
  const admin = administrator(actor);
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const user = await accountOf(tx, admin.jurisdictionId, userId);
    if (user.disabledAt) return;
    if (user.role === 'administrator')
      await assertNotLastAdministrator(tx, admin.jurisdictionId, userId, 'disable');
    await setUserDisabled(tx, admin.jurisdictionId, userId, now);
    const revoked = await revokeSessionsOfUser(tx, admin.jurisdictionId, userId, now);
    await revokePendingInvitations(tx, admin.jurisdictionId, userId, now);
    await audit(tx, admin, now, 'user.disable', userId, { revoked_sessions: revoked });
  });
  return presentOne(deps, admin.jurisdictionId, userId);
}

/** Enables a disabled user again (an invited user needs the invitation sent again), audited. */
export async function enableUser(
  deps: PeopleDependencies,
  actor: Actor,
  userId: string,
): Promise<PresentedUserAccount> {
  const admin = administrator(actor);
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const user = await accountOf(tx, admin.jurisdictionId, userId);
    if (!user.disabledAt) return;
    await setUserDisabled(tx, admin.jurisdictionId, userId, null);
    await audit(tx, admin, now, 'user.enable', userId, {});
  });
  return presentOne(deps, admin.jurisdictionId, userId);
}

/** The signed-in administrator: `user.manage` asked first, in the actor's own jurisdiction. */
function administrator(actor: Actor): SignedInUser {
  authorizeUser(actor, 'user.manage');
  return actor;
}

function requireMailer(deps: PeopleDependencies): void {
  if (!deps.mailer.configured) {
    throw new SosError(
      'MAIL_NOT_CONFIGURED',
      'This server has no SMTP server (SOS_SMTP_URL) to mail invitations from; add users with `sos user create` meanwhile',
    );
  }
}

/** The organization of a user of this role: required for an organization-bound role, and the jurisdiction's. */
async function checkOrganization(
  db: Queryable,
  jurisdictionId: string,
  role: Role,
  organizationId: string | null,
) {
  if (organizationId === null) {
    if (organizationBoundRoles.includes(role)) {
      throw new SosError('VALIDATION_FAILED', `A ${role} user belongs to an organization`, {
        field: 'organization_id',
      });
    }
    return null;
  }
  const organization = await findOrganization(db, jurisdictionId, organizationId);
  if (!organization) {
    throw new SosError('VALIDATION_FAILED', `No organization ${organizationId} in this jurisdiction`, {
      field: 'organization_id',
    });
  }
  return organization;
}

/** LAST_ADMINISTRATOR when the user is the jurisdiction's only active administrator. */
async function assertNotLastAdministrator(
  tx: Queryable,
  jurisdictionId: string,
  userId: string,
  what: 'disable' | 'demote',
): Promise<void> {
  if (leavesNoAdministrator(await lockActiveAdministrators(tx, jurisdictionId), userId)) {
    throw new SosError(
      'LAST_ADMINISTRATOR',
      `This is the jurisdiction's last active administrator: make another user administrator before you ${what} this one`,
    );
  }
}

async function accountOf(db: Queryable, jurisdictionId: string, userId: string): Promise<UserAccount> {
  const user = await findUserAccount(db, jurisdictionId, userId);
  if (!user) throw new SosError('NOT_FOUND', 'No user by that id in this jurisdiction');
  return user;
}

async function present(deps: PeopleDependencies, jurisdictionId: string, users: readonly UserAccount[]) {
  const programs = await deps.programs.programsOfUsers(
    deps.db,
    jurisdictionId,
    users.map((u) => u.id),
  );
  return users.map((u) => presentUserAccount(u, programs.get(u.id) ?? []));
}

async function presentOne(deps: PeopleDependencies, jurisdictionId: string, userId: string) {
  const [user] = await present(deps, jurisdictionId, [await accountOf(deps.db, jurisdictionId, userId)]);
  return user as PresentedUserAccount;
}

/** Mails an invitation's link; INVITATION_NOT_MAILED (the user stays invited) when the SMTP server refuses. */
async function mailInvitation(
  deps: PeopleDependencies,
  jurisdictionId: string,
  userId: string,
  user: { email: string; displayName: string },
  token: string,
  link: { siteUrl: string; expiresAt: Date },
): Promise<void> {
  const jurisdiction = await findJurisdiction(deps.db, jurisdictionId);
  try {
    await deps.mailer.send(
      invitationMail({
        to: user.email,
        displayName: user.displayName,
        jurisdictionName: jurisdiction?.name ?? 'your jurisdiction',
        link: invitationLink(link.siteUrl, token),
        expiresAt: link.expiresAt,
      }),
    );
  } catch (error) {
    throw new SosError(
      'INVITATION_NOT_MAILED',
      `The invitation to ${user.email} could not be mailed (${error instanceof Error ? error.message : String(error)}); send it again`,
      { user_id: userId },
    );
  }
}

/** An audit entry of the administration, in the change's transaction. Never a token or a password. */
function audit(
  tx: Queryable,
  admin: SignedInUser,
  at: Date,
  action: string,
  userId: string,
  details: Record<string, unknown>,
) {
  return appendAuditEntries(tx, admin.jurisdictionId, at, [
    { ...auditActor(admin), action, subjectType: 'user', subjectId: userId, purpose: null, details },
  ]);
}
