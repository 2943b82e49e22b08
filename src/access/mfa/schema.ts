import { bigint, customType, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Uint8Array }>({ dataType: () => 'bytea' });

/**
 * Users' second factors: TOTP authenticators (their secret sealed with the keyring) and WebAuthn
 * passkeys (their public key). A TOTP factor is pending until a first code confirms it, so a secret
 * that was shown but never typed back opens nothing.
 */
export const secondFactors = pgTable(
  'second_factors',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    userId: uuid('user_id').notNull(),
    /** `totp` or `webauthn`. */
    kind: text('kind').notNull(),
    /** The name the user gave it ("Phone", "Laptop key"). */
    name: text('name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** When a first code confirmed it (null: enrolment not finished, it opens nothing). */
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    totpSecretKeyId: text('totp_secret_key_id'),
    totpSecretSealed: bytea('totp_secret_sealed'),
    /** The last 30-second step whose code was accepted: a code of it or an earlier step is refused. */
    totpLastStep: bigint('totp_last_step', { mode: 'number' }),
    /** The passkey's credential id (base64url), public key (COSE) and signature counter. */
    webauthnCredentialId: text('webauthn_credential_id'),
    webauthnPublicKey: bytea('webauthn_public_key'),
    webauthnCounter: bigint('webauthn_counter', { mode: 'number' }),
    webauthnTransports: text('webauthn_transports').array(),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.id] }),
    index('second_factors_user_idx').on(t.jurisdictionId, t.userId),
  ],
);

/** One-time recovery codes, stored as hashes; each opens one sign-in when the factors are out of reach. */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    userId: uuid('user_id').notNull(),
    codeHash: text('code_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionId, t.userId, t.codeHash] })],
);

/**
 * Devices where a user chose "remember this device": the hash of the random token of a signed
 * HttpOnly cookie, until it expires or the user's factors are reset.
 */
export const rememberedDevices = pgTable(
  'remembered_devices',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    userId: uuid('user_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.tokenHash] }),
    index('remembered_devices_user_idx').on(t.jurisdictionId, t.userId),
  ],
);

/**
 * The open WebAuthn challenge of a session, one per ceremony (`register` or `authenticate`): a
 * response must answer the challenge this server issued, once, before it expires.
 */
export const webauthnChallenges = pgTable(
  'webauthn_challenges',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    sessionId: uuid('session_id').notNull(),
    ceremony: text('ceremony').notNull(),
    challenge: text('challenge').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionId, t.sessionId, t.ceremony] })],
);
