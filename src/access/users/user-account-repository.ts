import type { Queryable } from '../../platform/database.js';
import type { PagePosition } from '../../platform/page-cursor.js';
import type { Role } from '../roles.js';
import type { UserStatus } from './user-status.js';

/** A user as the administration lists one: the account, its organization, sign-ins and invitation. */
export interface UserAccount {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  organizationId: string | null;
  organizationName: string | null;
  hasPassword: boolean;
  /** Ever sent an invitation. */
  invited: boolean;
  /** When the newest link still open expires (null: none open). */
  invitationExpiresAt: Date | null;
  lastSignInAt: Date | null;
  disabledAt: Date | null;
  createdAt: Date;
}

/** The filters of the users list. */
export interface UserFilter {
  role?: Role | undefined;
  organizationId?: string | undefined;
  status?: UserStatus | undefined;
}

// One row per user with what the list shows; `status` follows user-status.ts (disabled, then a user
// without a password who was invited, else active), in SQL so that the list can filter and page on it.
const ACCOUNT_SELECT = `
  select * from (
    select u.jurisdiction_id, u.id, u.email, u.display_name as "displayName", u.role,
      u.organization_id as "organizationId", o.name as "organizationName",
      u.password_hash is not null as "hasPassword", coalesce(i.invited, false) as invited,
      i.open_expires_at as "invitationExpiresAt", s.last_sign_in_at as "lastSignInAt",
      u.disabled_at as "disabledAt", u.created_at as "createdAt",
      case when u.disabled_at is not null then 'disabled'
           when u.password_hash is null and coalesce(i.invited, false) then 'invited'
           else 'active' end as status
    from users u
    left join organizations o on o.jurisdiction_id = u.jurisdiction_id and o.id = u.organization_id
    left join lateral (
      select true as invited,
        max(expires_at) filter (where used_at is null and revoked_at is null) as open_expires_at
      from user_invitations where jurisdiction_id = u.jurisdiction_id and user_id = u.id
      having count(*) > 0
    ) i on true
    left join lateral (
      select max(created_at) as last_sign_in_at from sessions
      where jurisdiction_id = u.jurisdiction_id and user_id = u.id
    ) s on true
  ) a`;

function account(row: UserAccount & { status?: string; jurisdiction_id?: string }): UserAccount {
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    role: row.role,
    organizationId: row.organizationId,
    organizationName: row.organizationName,
    hasPassword: row.hasPassword,
    invited: row.invited,
    invitationExpiresAt: row.invitationExpiresAt ? new Date(row.invitationExpiresAt) : null,
    lastSignInAt: row.lastSignInAt ? new Date(row.lastSignInAt) : null,
    disabledAt: row.disabledAt ? new Date(row.disabledAt) : null,
    createdAt: new Date(row.createdAt),
  };
}

/** One page of the jurisdiction's users, newest first, after `after`; one more row than `limit` says there is more. */
export async function findUserAccounts(
  db: Queryable,
  jurisdictionId: string,
  filter: UserFilter,
  after: PagePosition | null,
  limit: number,
): Promise<UserAccount[]> {
  const params: unknown[] = [jurisdictionId];
  const where = ['a.jurisdiction_id = $1'];
  const add = (clause: (n: number) => string, value: unknown) => {
    params.push(value);
    where.push(clause(params.length));
  };
  if (filter.role) add((n) => `a.role = $${n}`, filter.role);
  if (filter.organizationId) add((n) => `a."organizationId" = $${n}::uuid`, filter.organizationId);
  if (filter.status) add((n) => `a.status = $${n}`, filter.status);
  if (after) {
    params.push(after.at, after.id);
    where.push(`(a."createdAt", a.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(limit + 1);
  const rows = await db.query<UserAccount>(
    `${ACCOUNT_SELECT} where ${where.join(' and ')} order by a."createdAt" desc, a.id desc limit $${params.length}`,
    params,
  );
  return rows.map(account);
}

/** One user of the jurisdiction as the administration shows it, or null. */
export async function findUserAccount(
  db: Queryable,
  jurisdictionId: string,
  userId: string,
): Promise<UserAccount | null> {
  const [row] = await db.query<UserAccount>(`${ACCOUNT_SELECT} where a.jurisdiction_id = $1 and a.id = $2`, [
    jurisdictionId,
    userId,
  ]);
  return row ? account(row) : null;
}

/**
 * The jurisdiction's administrators who can act (not disabled, not merely invited), their rows locked
 * until the transaction ends so that two administrators cannot demote each other at once.
 */
export async function lockActiveAdministrators(db: Queryable, jurisdictionId: string): Promise<string[]> {
  const rows = await db.query<{ id: string; active: boolean }>(
    `select u.id, u.disabled_at is null and (u.password_hash is not null or not exists (
         select 1 from user_invitations i where i.jurisdiction_id = u.jurisdiction_id and i.user_id = u.id
       )) as active
     from users u where u.jurisdiction_id = $1 and u.role = 'administrator' for update of u`,
    [jurisdictionId],
  );
  return rows.filter((r) => r.active).map((r) => r.id);
}

/** Writes a user's display name, role and organization. */
export async function updateUserProfile(
  db: Queryable,
  jurisdictionId: string,
  userId: string,
  profile: { displayName: string; role: Role; organizationId: string | null },
): Promise<void> {
  await db.query(
    `update users set display_name = $3, role = $4, organization_id = $5 where jurisdiction_id = $1 and id = $2`,
    [jurisdictionId, userId, profile.displayName, profile.role, profile.organizationId],
  );
}

/** Disables a user (a date) or enables one again (null). */
export async function setUserDisabled(
  db: Queryable,
  jurisdictionId: string,
  userId: string,
  disabledAt: Date | null,
): Promise<void> {
  await db.query('update users set disabled_at = $3 where jurisdiction_id = $1 and id = $2', [
    jurisdictionId,
    userId,
    disabledAt,
  ]);
}

/** Sets a user's password hash. */
export async function setPasswordHash(
  db: Queryable,
  jurisdictionId: string,
  userId: string,
  passwordHash: string,
): Promise<void> {
  await db.query('update users set password_hash = $3 where jurisdiction_id = $1 and id = $2', [
    jurisdictionId,
    userId,
    passwordHash,
  ]);
}

/** A user's password hash and email, or null when there is no such user. */
export async function findPasswordOf(
  db: Queryable,
  jurisdictionId: string,
  userId: string,
): Promise<{ email: string; passwordHash: string | null } | null> {
  const [row] = await db.query<{ email: string; passwordHash: string | null }>(
    'select email, password_hash as "passwordHash" from users where jurisdiction_id = $1 and id = $2',
    [jurisdictionId, userId],
  );
  return row ?? null;
}

/**
 * Revokes the user's live sessions, all of them or all but one (the session changing its own
 * password stays); answers how many were revoked.
 */
export async function revokeSessionsOfUser(
  db: Queryable,
  jurisdictionId: string,
  userId: string,
  now: Date,
  keepSessionId: string | null = null,
): Promise<number> {
  const rows = await db.query<{ id: string }>(
    `update sessions set revoked_at = $3
     where jurisdiction_id = $1 and user_id = $2 and revoked_at is null and expires_at > $3
       and ($4::uuid is null or id <> $4::uuid)
     returning id`,
    [jurisdictionId, userId, now, keepSessionId],
  );
  return rows.length;
}
