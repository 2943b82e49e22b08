import type { Queryable } from '../../platform/database.js';

/** A second factor as stored; the TOTP secret still sealed. */
export interface SecondFactorRecord {
  id: string;
  userId: string;
  kind: 'totp' | 'webauthn';
  name: string;
  createdAt: Date;
  confirmedAt: Date | null;
  lastUsedAt: Date | null;
  totpSecretKeyId: string | null;
  totpSecretSealed: Uint8Array | null;
  totpLastStep: number | null;
  webauthnCredentialId: string | null;
  webauthnPublicKey: Uint8Array | null;
  webauthnCounter: number | null;
  webauthnTransports: string[] | null;
}

const COLUMNS = `id, user_id as "userId", kind, name, created_at as "createdAt", confirmed_at as "confirmedAt",
  last_used_at as "lastUsedAt", totp_secret_key_id as "totpSecretKeyId", totp_secret_sealed as "totpSecretSealed",
  totp_last_step::float8 as "totpLastStep", webauthn_credential_id as "webauthnCredentialId",
  webauthn_public_key as "webauthnPublicKey", webauthn_counter::float8 as "webauthnCounter",
  webauthn_transports as "webauthnTransports"`;

/** A user's factors, oldest first; pending TOTP enrolments only when asked. */
export async function listSecondFactors(
  db: Queryable,
  jurisdictionId: string,
  userId: string,
  options: { includePending?: boolean } = {},
): Promise<SecondFactorRecord[]> {
  return db.query<SecondFactorRecord>(
    `select ${COLUMNS} from second_factors where jurisdiction_id = $1 and user_id = $2
       ${options.includePending ? '' : 'and confirmed_at is not null'}
     order by created_at, id`,
    [jurisdictionId, userId],
  );
}

/** One of a user's factors (pending or not), or null. */
export async function findSecondFactor(
  db: Queryable,
  jurisdictionId: string,
  userId: string,
  id: string,
): Promise<SecondFactorRecord | null> {
  const [row] = await db.query<SecondFactorRecord>(
    `select ${COLUMNS} from second_factors where jurisdiction_id = $1 and user_id = $2 and id = $3`,
    [jurisdictionId, userId, id],
  );
  return row ?? null;
}

/** Stores a TOTP factor not yet confirmed, dropping the user's earlier unfinished enrolments. */
export async function insertPendingTotp(
  tx: Queryable,
  f: {
    jurisdictionId: string;
    id: string;
    userId: string;
    name: string;
    keyId: string;
    sealed: Uint8Array;
    now: Date;
  },
): Promise<void> {
  await tx.query(
    `delete from second_factors where jurisdiction_id = $1 and user_id = $2 and kind = 'totp' and confirmed_at is null`,
    [f.jurisdictionId, f.userId],
  );
  await tx.query(
    `insert into second_factors (jurisdiction_id, id, user_id, kind, name, created_at, totp_secret_key_id, totp_secret_sealed)
     values ($1, $2, $3, 'totp', $4, $5, $6, $7)`,
    [f.jurisdictionId, f.id, f.userId, f.name, f.now, f.keyId, f.sealed],
  );
}

/**
 * Takes a TOTP step for a factor: true when no code of this step or a later one was accepted before
 * (two requests with the same code race here, and only one wins). Confirms a pending factor; a
 * confirmed one counts as used.
 */
export async function claimTotpStep(
  tx: Queryable,
  jurisdictionId: string,
  id: string,
  step: number,
  now: Date,
): Promise<boolean> {
  const rows = await tx.query(
    `update second_factors set totp_last_step = $3, confirmed_at = coalesce(confirmed_at, $4),
       last_used_at = case when confirmed_at is null then last_used_at else $4 end
     where jurisdiction_id = $1 and id = $2 and (totp_last_step is null or totp_last_step < $3)
     returning id`,
    [jurisdictionId, id, step, now],
  );
  return rows.length === 1;
}

/** Stores a confirmed passkey. */
export async function insertPasskey(
  tx: Queryable,
  f: {
    jurisdictionId: string;
    id: string;
    userId: string;
    name: string;
    credentialId: string;
    publicKey: Uint8Array;
    counter: number;
    transports: string[];
    now: Date;
  },
): Promise<void> {
  await tx.query(
    `insert into second_factors (jurisdiction_id, id, user_id, kind, name, created_at, confirmed_at,
       webauthn_credential_id, webauthn_public_key, webauthn_counter, webauthn_transports)
     values ($1, $2, $3, 'webauthn', $4, $5, $5, $6, $7, $8, $9)`,
    [f.jurisdictionId, f.id, f.userId, f.name, f.now, f.credentialId, f.publicKey, f.counter, f.transports],
  );
}

/** Records a passkey's use and its authenticator's new signature counter. */
export async function notePasskeyUse(
  tx: Queryable,
  jurisdictionId: string,
  id: string,
  counter: number,
  now: Date,
): Promise<void> {
  await tx.query(
    `update second_factors set webauthn_counter = $3, last_used_at = $4 where jurisdiction_id = $1 and id = $2`,
    [jurisdictionId, id, counter, now],
  );
}

/** Deletes one of a user's factors; false when the user has no such factor. */
export async function deleteSecondFactor(
  tx: Queryable,
  jurisdictionId: string,
  userId: string,
  id: string,
): Promise<boolean> {
  const rows = await tx.query(
    'delete from second_factors where jurisdiction_id = $1 and user_id = $2 and id = $3 returning id',
    [jurisdictionId, userId, id],
  );
  return rows.length === 1;
}

/** Replaces a user's recovery codes with new ones (their hashes). */
export async function replaceRecoveryCodes(
  tx: Queryable,
  jurisdictionId: string,
  userId: string,
  hashes: readonly string[],
  now: Date,
): Promise<void> {
  await tx.query('delete from recovery_codes where jurisdiction_id = $1 and user_id = $2', [
    jurisdictionId,
    userId,
  ]);
  for (const hash of hashes) {
    await tx.query(
      'insert into recovery_codes (jurisdiction_id, user_id, code_hash, created_at) values ($1, $2, $3, $4)',
      [jurisdictionId, userId, hash, now],
    );
  }
}

/** Uses up a recovery code: true when it was the user's and unused (it is used from now on). */
export async function useRecoveryCode(
  tx: Queryable,
  jurisdictionId: string,
  userId: string,
  hash: string,
  now: Date,
): Promise<boolean> {
  const rows = await tx.query(
    `update recovery_codes set used_at = $4
     where jurisdiction_id = $1 and user_id = $2 and code_hash = $3 and used_at is null returning code_hash`,
    [jurisdictionId, userId, hash, now],
  );
  return rows.length === 1;
}

/** How many of a user's recovery codes are unused. */
export async function countRecoveryCodesLeft(
  db: Queryable,
  jurisdictionId: string,
  userId: string,
): Promise<number> {
  const [row] = await db.query<{ left: number }>(
    'select count(*)::int as "left" from recovery_codes where jurisdiction_id = $1 and user_id = $2 and used_at is null',
    [jurisdictionId, userId],
  );
  return row?.left ?? 0;
}

/** Remembers a device for a user until `expiresAt`. */
export async function insertRememberedDevice(
  tx: Queryable,
  d: { jurisdictionId: string; tokenHash: string; userId: string; now: Date; expiresAt: Date },
): Promise<void> {
  await tx.query(
    `insert into remembered_devices (jurisdiction_id, token_hash, user_id, created_at, expires_at)
     values ($1, $2, $3, $4, $5)`,
    [d.jurisdictionId, d.tokenHash, d.userId, d.now, d.expiresAt],
  );
}

/** Whether the device with this token hash is remembered for the user now. */
export async function isDeviceRemembered(
  db: Queryable,
  jurisdictionId: string,
  userId: string,
  tokenHash: string,
  now: Date,
): Promise<boolean> {
  const rows = await db.query(
    `select 1 from remembered_devices
     where jurisdiction_id = $1 and token_hash = $2 and user_id = $3 and expires_at > $4`,
    [jurisdictionId, tokenHash, userId, now],
  );
  return rows.length === 1;
}

/**
 * Forgets everything a user's second factors open: the factors, the recovery codes and the remembered
 * devices, and revokes the user's sessions. Returns how many factors there were.
 */
export async function resetSecondFactors(
  tx: Queryable,
  jurisdictionId: string,
  userId: string,
  now: Date,
): Promise<{ factors: number; sessions: number }> {
  const factors = await tx.query(
    'delete from second_factors where jurisdiction_id = $1 and user_id = $2 returning id',
    [jurisdictionId, userId],
  );
  await tx.query('delete from recovery_codes where jurisdiction_id = $1 and user_id = $2', [
    jurisdictionId,
    userId,
  ]);
  await tx.query('delete from remembered_devices where jurisdiction_id = $1 and user_id = $2', [
    jurisdictionId,
    userId,
  ]);
  const sessions = await tx.query(
    `update sessions set revoked_at = $3 where jurisdiction_id = $1 and user_id = $2 and revoked_at is null
     returning id`,
    [jurisdictionId, userId, now],
  );
  return { factors: factors.length, sessions: sessions.length };
}

/** Opens a WebAuthn ceremony for a session: the challenge it must answer, replacing an earlier one. */
export async function saveWebauthnChallenge(
  tx: Queryable,
  c: {
    jurisdictionId: string;
    sessionId: string;
    ceremony: 'register' | 'authenticate';
    challenge: string;
    expiresAt: Date;
  },
): Promise<void> {
  await tx.query(
    `insert into webauthn_challenges (jurisdiction_id, session_id, ceremony, challenge, expires_at)
     values ($1, $2, $3, $4, $5)
     on conflict (jurisdiction_id, session_id, ceremony) do update set challenge = $4, expires_at = $5`,
    [c.jurisdictionId, c.sessionId, c.ceremony, c.challenge, c.expiresAt],
  );
}

/** Takes (and deletes) a session's open challenge; null when there is none or it expired. */
export async function takeWebauthnChallenge(
  tx: Queryable,
  jurisdictionId: string,
  sessionId: string,
  ceremony: 'register' | 'authenticate',
  now: Date,
): Promise<string | null> {
  const [row] = await tx.query<{ challenge: string; expires_at: Date }>(
    `delete from webauthn_challenges where jurisdiction_id = $1 and session_id = $2 and ceremony = $3
     returning challenge, expires_at`,
    [jurisdictionId, sessionId, ceremony],
  );
  return row && new Date(row.expires_at) > now ? row.challenge : null;
}

/** The owner of second factors: a user of the jurisdiction, and whether it requires MFA. */
export interface FactorOwner {
  id: string;
  email: string;
  displayName: string;
  role: string;
  jurisdictionRequiresMfa: boolean;
}

/** A user of a jurisdiction with the jurisdiction's MFA rule, or null. */
export async function findFactorOwner(
  db: Queryable,
  jurisdictionId: string,
  userId: string,
): Promise<FactorOwner | null> {
  const [row] = await db.query<FactorOwner>(
    `select u.id, u.email, u.display_name as "displayName", u.role, j.mfa_required as "jurisdictionRequiresMfa"
     from users u join jurisdictions j on j.id = u.jurisdiction_id
     where u.jurisdiction_id = $1 and u.id = $2`,
    [jurisdictionId, userId],
  );
  return row ?? null;
}

/**
 * Deletes remembered devices and WebAuthn challenges past their expiry: neither opens anything once
 * expired, so keeping them would only grow the tables. Returns how many of each went.
 */
export async function deleteExpiredSecondFactorRows(
  db: Queryable,
  now: Date,
): Promise<{ rememberedDevices: number; webauthnChallenges: number }> {
  const devices = await db.query('delete from remembered_devices where expires_at <= $1 returning 1', [now]);
  const challenges = await db.query('delete from webauthn_challenges where expires_at <= $1 returning 1', [
    now,
  ]);
  return { rememberedDevices: devices.length, webauthnChallenges: challenges.length };
}
