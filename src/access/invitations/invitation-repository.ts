import type { Queryable } from '../../platform/database.js';
import type { UserRecord } from '../users/user-repository.js';

/** A new invitation as stored (the token's hash only). */
export interface NewInvitation {
  jurisdictionId: string;
  id: string;
  userId: string;
  tokenHash: string;
  invitedBy: string | null;
  createdAt: Date;
  expiresAt: Date;
}

/** An invitation found by its token, with its user. */
export interface FoundInvitation {
  jurisdictionId: string;
  id: string;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
  user: UserRecord;
}

/** Stores an invitation. */
export async function insertInvitation(db: Queryable, i: NewInvitation): Promise<void> {
  await db.query(
    `insert into user_invitations (jurisdiction_id, id, user_id, token_hash, invited_by, created_at, expires_at)
     values ($1,$2,$3,$4,$5,$6,$7)`,
    [i.jurisdictionId, i.id, i.userId, i.tokenHash, i.invitedBy, i.createdAt, i.expiresAt],
  );
}

/** Replaces every link of the user not yet used: a re-sent invitation leaves only the newest working. */
export async function revokePendingInvitations(
  db: Queryable,
  jurisdictionId: string,
  userId: string,
  now: Date,
): Promise<void> {
  await db.query(
    `update user_invitations set revoked_at = $3
     where jurisdiction_id = $1 and user_id = $2 and used_at is null and revoked_at is null`,
    [jurisdictionId, userId, now],
  );
}

/**
 * The invitation with this token hash and its user, or null; `lock` holds the row until the
 * transaction ends, so that two acceptances of one link cannot both pass.
 */
export async function findInvitationByTokenHash(
  db: Queryable,
  tokenHash: string,
  lock = false,
): Promise<FoundInvitation | null> {
  const [row] = await db.query<{
    jurisdiction_id: string;
    id: string;
    expires_at: Date;
    used_at: Date | null;
    revoked_at: Date | null;
    user_id: string;
    email: string;
    display_name: string;
    role: UserRecord['role'];
    organization_id: string | null;
    password_hash: string | null;
    disabled_at: Date | null;
  }>(
    `select i.jurisdiction_id, i.id, i.expires_at, i.used_at, i.revoked_at, u.id as user_id, u.email,
       u.display_name, u.role, u.organization_id, u.password_hash, u.disabled_at
     from user_invitations i
     join users u on u.jurisdiction_id = i.jurisdiction_id and u.id = i.user_id
     where i.token_hash = $1${lock ? ' for update of i' : ''}`,
    [tokenHash],
  );
  if (!row) return null;
  return {
    jurisdictionId: row.jurisdiction_id,
    id: row.id,
    expiresAt: new Date(row.expires_at),
    usedAt: row.used_at ? new Date(row.used_at) : null,
    revokedAt: row.revoked_at ? new Date(row.revoked_at) : null,
    user: {
      jurisdictionId: row.jurisdiction_id,
      id: row.user_id,
      email: row.email,
      displayName: row.display_name,
      role: row.role,
      organizationId: row.organization_id,
      passwordHash: row.password_hash,
      disabledAt: row.disabled_at ? new Date(row.disabled_at) : null,
    },
  };
}

/** Marks an invitation taken up. */
export async function markInvitationUsed(
  db: Queryable,
  jurisdictionId: string,
  id: string,
  now: Date,
): Promise<void> {
  await db.query('update user_invitations set used_at = $3 where jurisdiction_id = $1 and id = $2', [
    jurisdictionId,
    id,
    now,
  ]);
}
