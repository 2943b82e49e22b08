import type { Queryable } from '../../platform/database.js';
import type { Role } from '../roles.js';
import type { UserRecord } from '../users/user-repository.js';

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
}

interface LiveSessionRow {
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
       s.last_used_at, s.created_at, s.expires_at, j.mfa_required, u.id as user_id, u.email, u.display_name, u.role,
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
