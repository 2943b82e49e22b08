import type { Queryable } from '../../platform/database.js';
import type { Role } from '../roles.js';
import type { UserRecord } from '../users/user-repository.js';
import type { LifetimeOverrides } from './session-lifetime.js';

/** How a session's user proved who they are. */
export type AuthMethod = 'password' | 'oidc';

/** A new session as stored (only the token's hash). */
export interface NewSession {
  jurisdictionId: string;
  id: string;
  tokenHash: string;
  userId: string;
  authMethod: AuthMethod;
  /** The user owes a second factor before the session acts. */
  secondFactorDue: boolean;
  /** When a second factor was given (a remembered device counts as one), or null. */
  secondFactorAt: Date | null;
  userAgent: string | null;
  clientAddress: string | null;
  now: Date;
  expiresAt: Date;
}

/** Stores a session. */
export async function insertSession(db: Queryable, s: NewSession): Promise<void> {
  await db.query(
    `insert into sessions (jurisdiction_id, token_hash, id, user_id, auth_method, second_factor_due,
       second_factor_at, authenticated_at, last_used_at, user_agent, client_address, created_at, expires_at)
     values ($1,$2,$3,$4,$5,$6,$7,$8,$8,$9,$10,$8,$11)`,
    [
      s.jurisdictionId,
      s.tokenHash,
      s.id,
      s.userId,
      s.authMethod,
      s.secondFactorDue,
      s.secondFactorAt,
      s.now,
      s.userAgent,
      s.clientAddress,
      s.expiresAt,
    ],
  );
}

/** A session that is neither expired nor revoked, with its user and the user's jurisdiction's MFA rule. */
export interface LiveSession {
  id: string;
  jurisdictionId: string;
  authMethod: AuthMethod;
  secondFactorDue: boolean;
  secondFactorAt: Date | null;
  authenticatedAt: Date;
  lastUsedAt: Date;
  createdAt: Date;
  expiresAt: Date;
  user: UserRecord;
  /** The jurisdiction requires a second factor of roles that read T2 or T3 data. */
  mfaRequired: boolean;
  /** The jurisdiction's session lifetimes per group of roles. */
  lifetimes: LifetimeOverrides;
}

/** The jurisdictions columns of the session lifetimes, as `LifetimeOverrides` reads them. */
export const LIFETIME_COLUMNS = `j.session_idle_minutes_t3, j.session_absolute_minutes_t3, j.session_idle_minutes_t2,
  j.session_absolute_minutes_t2, j.session_idle_minutes_other, j.session_absolute_minutes_other`;

/** The lifetime columns of a row. */
export interface LifetimeRow {
  session_idle_minutes_t3: number | null;
  session_absolute_minutes_t3: number | null;
  session_idle_minutes_t2: number | null;
  session_absolute_minutes_t2: number | null;
  session_idle_minutes_other: number | null;
  session_absolute_minutes_other: number | null;
}

/** The overrides of a row's lifetime columns. */
export function lifetimesOf(row: LifetimeRow): LifetimeOverrides {
  return {
    t3: { idleMinutes: row.session_idle_minutes_t3, absoluteMinutes: row.session_absolute_minutes_t3 },
    t2: { idleMinutes: row.session_idle_minutes_t2, absoluteMinutes: row.session_absolute_minutes_t2 },
    other: {
      idleMinutes: row.session_idle_minutes_other,
      absoluteMinutes: row.session_absolute_minutes_other,
    },
  };
}

/** A jurisdiction's session lifetimes per group of roles, or null when there is no such jurisdiction. */
export async function readLifetimes(
  db: Queryable,
  jurisdictionId: string,
): Promise<LifetimeOverrides | null> {
  const [row] = await db.query<LifetimeRow>(
    `select ${LIFETIME_COLUMNS} from jurisdictions j where j.id = $1`,
    [jurisdictionId],
  );
  return row ? lifetimesOf(row) : null;
}

interface LiveSessionRow extends LifetimeRow {
  id: string;
  jurisdiction_id: string;
  auth_method: AuthMethod;
  second_factor_due: boolean;
  second_factor_at: Date | null;
  authenticated_at: Date;
  last_used_at: Date;
  created_at: Date;
  expires_at: Date;
  mfa_required: boolean;
  user_id: string;
  email: string;
  display_name: string;
  role: Role;
  organization_id: string | null;
  password_hash: string | null;
  disabled_at: Date | null;
}

/**
 * The live session with this token hash (not revoked, not past its absolute expiry, its user not
 * disabled), or null. Idle timeouts are the caller's rule: it knows the role.
 */
export async function findLiveSession(
  db: Queryable,
  tokenHash: string,
  now: Date,
): Promise<LiveSession | null> {
  const [row] = await db.query<LiveSessionRow>(
    `select s.id, s.jurisdiction_id, s.auth_method, s.second_factor_due, s.second_factor_at, s.authenticated_at,
       s.last_used_at, s.created_at, s.expires_at, j.mfa_required, ${LIFETIME_COLUMNS}, u.id as user_id, u.email, u.display_name, u.role,
       u.organization_id, u.password_hash, u.disabled_at
     from sessions s
     join users u on u.jurisdiction_id = s.jurisdiction_id and u.id = s.user_id
     join jurisdictions j on j.id = s.jurisdiction_id
     where s.token_hash = $1 and s.revoked_at is null and s.expires_at > $2 and u.disabled_at is null`,
    [tokenHash, now],
  );
  if (!row) return null;
  return {
    id: row.id,
    jurisdictionId: row.jurisdiction_id,
    authMethod: row.auth_method,
    secondFactorDue: row.second_factor_due,
    secondFactorAt: row.second_factor_at ? new Date(row.second_factor_at) : null,
    authenticatedAt: new Date(row.authenticated_at),
    lastUsedAt: new Date(row.last_used_at),
    createdAt: new Date(row.created_at),
    expiresAt: new Date(row.expires_at),
    mfaRequired: row.mfa_required,
    lifetimes: lifetimesOf(row),
    user: {
      jurisdictionId: row.jurisdiction_id,
      id: row.user_id,
      email: row.email,
      displayName: row.display_name,
      role: row.role,
      organizationId: row.organization_id,
      passwordHash: row.password_hash,
      disabledAt: row.disabled_at,
    },
  };
}

/** Revokes one session by its token's hash. */
export async function revokeSession(db: Queryable, tokenHash: string, now: Date): Promise<void> {
  await db.query('update sessions set revoked_at = $2 where token_hash = $1 and revoked_at is null', [
    tokenHash,
    now,
  ]);
}

/**
 * Records that a session was used at `now`, unless another request did within the last minute: the
 * condition makes concurrent requests write once.
 */
export async function touchSession(
  db: Queryable,
  jurisdictionId: string,
  sessionId: string,
  now: Date,
  precisionMs: number,
): Promise<void> {
  await db.query(
    `update sessions set last_used_at = $3
     where jurisdiction_id = $1 and id = $2 and last_used_at <= $4 and revoked_at is null`,
    [jurisdictionId, sessionId, now, new Date(now.getTime() - precisionMs)],
  );
}

/** A session as its lists show it (never its token's hash). */
export interface SessionSummary {
  id: string;
  authMethod: AuthMethod;
  userAgent: string | null;
  clientAddress: string | null;
  createdAt: Date;
  lastUsedAt: Date;
  expiresAt: Date;
}

/**
 * A user's sessions not revoked and not past their expiry, newest use first (the caller applies the
 * role's lifetime rule to leave out those ended since).
 */
export async function listUserSessions(
  db: Queryable,
  jurisdictionId: string,
  userId: string,
  now: Date,
): Promise<SessionSummary[]> {
  const rows = await db.query<{
    id: string;
    auth_method: AuthMethod;
    user_agent: string | null;
    client_address: string | null;
    created_at: Date;
    last_used_at: Date;
    expires_at: Date;
  }>(
    `select id, auth_method, user_agent, client_address, created_at, last_used_at, expires_at from sessions
     where jurisdiction_id = $1 and user_id = $2 and revoked_at is null and expires_at > $3 and not second_factor_due
     order by last_used_at desc, created_at desc, id`,
    [jurisdictionId, userId, now],
  );
  return rows.map((r) => ({
    id: r.id,
    authMethod: r.auth_method,
    userAgent: r.user_agent,
    clientAddress: r.client_address,
    createdAt: new Date(r.created_at),
    lastUsedAt: new Date(r.last_used_at),
    expiresAt: new Date(r.expires_at),
  }));
}

/**
 * Revokes a user's live sessions: the one named by `only`, or all but `except`, or all. Returns the ids
 * revoked.
 */
export async function revokeUserSessions(
  db: Queryable,
  jurisdictionId: string,
  userId: string,
  now: Date,
  which: { only?: string; except?: string } = {},
): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `update sessions set revoked_at = $3
     where jurisdiction_id = $1 and user_id = $2 and revoked_at is null and expires_at > $3
       and ($4::uuid is null or id = $4::uuid) and ($5::uuid is null or id <> $5::uuid)
     returning id`,
    [jurisdictionId, userId, now, which.only ?? null, which.except ?? null],
  );
  return rows.map((r) => r.id).sort();
}

/** Marks that the session's user proved who they are again at `now`. */
export async function markAuthenticated(
  db: Queryable,
  jurisdictionId: string,
  sessionId: string,
  now: Date,
): Promise<void> {
  await db.query(
    'update sessions set authenticated_at = $3, last_used_at = $3 where jurisdiction_id = $1 and id = $2',
    [jurisdictionId, sessionId, now],
  );
}

/** The user a session list names: in the jurisdiction, with what re-authentication needs. */
export interface SessionOwner {
  id: string;
  email: string;
  role: Role;
  passwordHash: string | null;
}

/** A user of the jurisdiction by id (disabled or not), or null. */
export async function findSessionOwner(
  db: Queryable,
  jurisdictionId: string,
  userId: string,
): Promise<SessionOwner | null> {
  const [row] = await db.query<SessionOwner>(
    `select id, email, role, password_hash as "passwordHash" from users where jurisdiction_id = $1 and id = $2`,
    [jurisdictionId, userId],
  );
  return row ?? null;
}
