import type { Queryable } from '../../platform/database.js';
import { SosError } from '../../platform/errors.js';
import type { Role } from '../roles.js';

/** A user as stored, with the fields sign-in needs. */
export interface UserRecord {
  jurisdictionId: string;
  id: string;
  email: string;
  displayName: string;
  role: Role;
  organizationId: string | null;
  /** Null: no password opens the account (single sign-on only, or an invitation not yet taken up). */
  passwordHash: string | null;
  disabledAt: Date | null;
}

/** The user columns under their camelCase names, optionally prefixed with a table alias. */
function columns(alias = ''): string {
  const p = alias ? `${alias}.` : '';
  return `${p}jurisdiction_id as "jurisdictionId", ${p}id, ${p}email, ${p}display_name as "displayName", ${p}role,
    ${p}organization_id as "organizationId", ${p}password_hash as "passwordHash",
    ${p}disabled_at as "disabledAt"`;
}

/** An email as stored and looked up: trimmed and in lower case, as the unique index on lower(email) compares. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Inserts a user; EMAIL_TAKEN when another user, in any jurisdiction, has the email. */
export async function insertUser(db: Queryable, u: Omit<UserRecord, 'disabledAt'>) {
  const email = normalizeEmail(u.email);
  try {
    await db.query(
      `insert into users (jurisdiction_id, id, email, display_name, role, organization_id, password_hash)
       values ($1,$2,$3,$4,$5,$6,$7)`,
      [u.jurisdictionId, u.id, email, u.displayName, u.role, u.organizationId, u.passwordHash],
    );
  } catch (error) {
    const { code, constraint } = error as { code?: string; constraint?: string };
    if (code === '23505' && constraint === 'users_email_key') {
      throw new SosError(
        'EMAIL_TAKEN',
        `Another user already has the email ${email} (an email names one user across all jurisdictions)`,
        { field: 'email' },
      );
    }
    throw error;
  }
}

/** The user with this email, whatever the jurisdiction (emails are unique across the deployment), or null. */
export async function findUserByEmail(db: Queryable, email: string): Promise<UserRecord | null> {
  const [user] = await db.query<UserRecord>(`select ${columns()} from users where lower(email) = $1`, [
    normalizeEmail(email),
  ]);
  return user ?? null;
}

/**
 * Which of these emails belong to active (not disabled) analysts of the jurisdiction, normalized:
 * who may receive the jurisdiction's internal (analyst-tier) reports by name.
 */
export async function findActiveAnalystEmails(
  db: Queryable,
  jurisdictionId: string,
  emails: readonly string[],
): Promise<Set<string>> {
  if (emails.length === 0) return new Set();
  const rows = await db.query<{ email: string }>(
    `select lower(email) as email from users
     where jurisdiction_id = $1 and role = 'analyst' and disabled_at is null and lower(email) = any($2::text[])`,
    [jurisdictionId, emails.map(normalizeEmail)],
  );
  return new Set(rows.map((r) => r.email));
}

/** The name shown for each of these users of the jurisdiction (display name, else email), by user id. */
export async function findUserNames(
  db: Queryable,
  jurisdictionId: string,
  userIds: readonly string[],
): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.query<{ id: string; name: string }>(
    `select id::text as id, coalesce(nullif(display_name, ''), email) as name from users
     where jurisdiction_id = $1 and id::text = any($2::text[])`,
    [jurisdictionId, [...userIds]],
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The role of each of these users of the jurisdiction that is active (not disabled), by user id. */
export async function findActiveUserRoles(
  db: Queryable,
  jurisdictionId: string,
  userIds: readonly string[],
): Promise<Map<string, Role>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.query<{ id: string; role: Role }>(
    `select id::text as id, role from users
     where jurisdiction_id = $1 and disabled_at is null and id::text = any($2::text[])`,
    [jurisdictionId, [...userIds]],
  );
  return new Map(rows.map((r) => [r.id, r.role]));
}

/** The email of each of these users of the jurisdiction who is active (not disabled) and has one of the roles, by user id. */
export async function findActiveUserEmails(
  db: Queryable,
  jurisdictionId: string,
  userIds: readonly string[],
  roles: readonly Role[],
): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.query<{ id: string; email: string }>(
    `select id::text as id, email from users
     where jurisdiction_id = $1 and id::text = any($2::text[]) and role = any($3::text[]) and disabled_at is null`,
    [jurisdictionId, [...userIds], [...roles]],
  );
  return new Map(rows.map((r) => [r.id, r.email]));
}

/** Whether any administrator exists anywhere (first start creates one otherwise). */
export async function administratorExists(db: Queryable): Promise<boolean> {
  const rows = await db.query("select 1 from users where role = 'administrator' limit 1");
  return rows.length > 0;
}

/** The active users of the jurisdiction who have one of the roles, with their shown names, by name. */
export async function findActiveUsersWithRoles(
  db: Queryable,
  jurisdictionId: string,
  roles: readonly Role[],
): Promise<{ id: string; name: string; role: Role }[]> {
  return db.query<{ id: string; name: string; role: Role }>(
    `select id::text as id, coalesce(nullif(display_name, ''), email) as name, role from users
     where jurisdiction_id = $1 and disabled_at is null and role = any($2::text[])
     order by 2, 1`,
    [jurisdictionId, [...roles]],
  );
}
