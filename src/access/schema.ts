import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  customType,
  date,
  index,
  integer,
  json,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

// Every table carries jurisdiction_id in its primary key and unique constraints, so that the schema
// can be distributed by jurisdiction (Citus) without a rewrite.

/**
 * Jurisdictions: the tenants (state, county, city health departments). A small table that a distributed
 * deployment replicates to every node (a reference table), so its short name can be unique on its own.
 */
export const jurisdictions = pgTable(
  'jurisdictions',
  {
    id: uuid('id').notNull(),
    shortName: text('short_name').notNull(),
    name: text('name').notNull(),
    timeZone: text('time_zone').notNull(),
    parentId: uuid('parent_id'),
    population: integer('population'),
    // How its publications protect small numbers: public k, partner k (1: nothing hidden) and the
    // smallest population of a public area.
    publicK: integer('public_k').notNull().default(10),
    partnerK: integer('partner_k').notNull().default(1),
    publicMinPopulation: integer('public_min_population').notNull().default(20000),
    // Whether its users of roles that read T2 or T3 data (and its administrators) must give a second
    // factor before they do (see src/access/mfa/mfa-requirement.ts). Off by default so that an upgrade
    // locks nobody out; the settings page warns while it is off.
    mfaRequired: boolean('mfa_required').notNull().default(false),
    /** Who hears of unusual reads of identifiable data (many persons, out of hours, broken glasses). */
    privacyContactEmail: text('privacy_contact_email'),
    // Session lifetimes in minutes per group of roles (src/access/sessions/session-lifetime.ts): idle
    // timeout and absolute lifetime for T3 roles, for T2 roles and administrators, and for the others.
    // Null: the default of the group.
    sessionIdleMinutesT3: integer('session_idle_minutes_t3'),
    sessionAbsoluteMinutesT3: integer('session_absolute_minutes_t3'),
    sessionIdleMinutesT2: integer('session_idle_minutes_t2'),
    sessionAbsoluteMinutesT2: integer('session_absolute_minutes_t2'),
    sessionIdleMinutesOther: integer('session_idle_minutes_other'),
    sessionAbsoluteMinutesOther: integer('session_absolute_minutes_other'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.id] }), uniqueIndex('jurisdictions_short_name_key').on(t.shortName)],
);

/** Organizations: agencies inside a jurisdiction that send or use data. */
export const organizations = pgTable(
  'organizations',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    type: text('type').notNull(),
    // Its intake profile: extra keys of its records that the raw payload may keep (default none).
    allowedRawKeys: text('allowed_raw_keys').array().notNull().default(sql`'{}'::text[]`),
    /** Whom to call there: `{ name, role, email, phone }[]` (staff, not survivors). */
    contacts: jsonb('contacts').notNull().default(sql`'[]'::jsonb`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionId, t.id] })],
);

/**
 * Users who sign in with a password; their role decides what they may do and see. An email names one
 * user in the whole deployment (sign-in has no jurisdiction to choose from), so its unique index is
 * the one without jurisdiction_id: users is small and would be a reference table under Citus.
 */
export const users = pgTable(
  'users',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    email: text('email').notNull(),
    displayName: text('display_name').notNull(),
    role: text('role').notNull(),
    organizationId: uuid('organization_id'),
    // Null for a user who signs in only through single sign-on, or who has not yet set a password
    // from an invitation: no password then opens the account.
    passwordHash: text('password_hash'),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.id] }),
    uniqueIndex('users_email_key').on(sql`lower(${t.email})`),
  ],
);

/**
 * Failed sign-ins counted per client address, per email and per device, each row under a keyed hash
 * of what it counts, so neither tried emails nor addresses are kept. In the database so that every
 * server counts alike and a restart forgets nothing. No jurisdiction_id: an unknown email has none;
 * under Citus this stays a local table on the coordinator (see ARCHITECTURE.md).
 */
export const signInThrottles = pgTable(
  'sign_in_throttles',
  {
    key: text('key').notNull(),
    failures: integer('failures').notNull(),
    lastFailureAt: timestamp('last_failure_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.key] }), index('sign_in_throttles_last_failure_idx').on(t.lastFailureAt)],
);

/**
 * Sign-in sessions; only a hash of the cookie token is stored, so a database leak yields no session.
 * `id` names a session in lists and revocations without revealing anything of its token.
 */
export const sessions = pgTable(
  'sessions',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    id: uuid('id').notNull().default(sql`gen_random_uuid()`),
    userId: uuid('user_id').notNull(),
    /** How the user proved who they are: `password` or `oidc`. */
    authMethod: text('auth_method').notNull().default('password'),
    /** True while the user owes a second factor: such a session is no actor until it is given. */
    secondFactorDue: boolean('second_factor_due').notNull().default(false),
    /** When a second factor was given in this session (null: none was). */
    secondFactorAt: timestamp('second_factor_at', { withTimezone: true }),
    /** The last time the user proved who they are in this session (sign-in or re-authentication). */
    authenticatedAt: timestamp('authenticated_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }).notNull().defaultNow(),
    /** The browser's user agent and the client address at sign-in, to tell one's sessions apart. */
    userAgent: text('user_agent'),
    clientAddress: text('client_address'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.tokenHash] }),
    index('sessions_token_idx').on(t.tokenHash),
    index('sessions_user_idx').on(t.jurisdictionId, t.userId),
  ],
);

/**
 * API keys of an organization's systems, scoped to actions. A rotated key names the key that replaced
 * it and works until its `expires_at` (the overlap the administrator chose), so senders can switch.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    organizationId: uuid('organization_id').notNull(),
    name: text('name').notNull(),
    keyHash: text('key_hash').notNull(),
    scopes: text('scopes').array().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** The user who issued it (null: the command line or setup). */
    createdBy: uuid('created_by'),
    /** Last accepted, at most a minute stale (written at most once a minute per key). */
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    /** No longer accepted from then on (null: no expiry); set by a rotation to the end of its overlap. */
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    /** The key issued by rotating this one. */
    replacedBy: uuid('replaced_by'),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionId, t.id] }), index('api_keys_hash_idx').on(t.keyHash)],
);

/** Append-only, hash-chained audit trail; one chain per jurisdiction. */
export const auditEntries = pgTable(
  'audit_entries',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorType: text('actor_type').notNull(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id'),
    purpose: text('purpose'),
    details: jsonb('details').notNull().default(sql`'{}'::jsonb`),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.seq] }),
    // The trail page filters by user and by dates; its pages run newest first. The unusual-read watch
    // reads the hour before each run's new entries by time.
    index('audit_entries_actor_idx').on(t.jurisdictionId, t.actorId, t.seq),
    index('audit_entries_at_idx').on(t.jurisdictionId, t.at),
  ],
);

/**
 * Unusual reads found in the audit trail (many persons in an hour, reads out of hours, broken
 * glasses), each tied to the entry that showed it; listed on the trail page and mailed to the
 * jurisdiction's privacy contact at most once per kind, user and local day.
 */
export const auditFindings = pgTable(
  'audit_findings',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    kind: text('kind').notNull(),
    actorId: text('actor_id').notNull(),
    /** The jurisdiction's local day of the entry. */
    day: date('day').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    details: jsonb('details').notNull().default(sql`'{}'::jsonb`),
    foundAt: timestamp('found_at', { withTimezone: true }).notNull(),
    mailedAt: timestamp('mailed_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.id] }),
    uniqueIndex('audit_findings_entry_key').on(t.jurisdictionId, t.kind, t.seq),
    index('audit_findings_day_idx').on(t.jurisdictionId, t.kind, t.actorId, t.day),
  ],
);

/** How far the unusual-read watch has read each jurisdiction's chain. */
export const auditFindingCursors = pgTable(
  'audit_finding_cursors',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionId] })],
);

/**
 * The last link of each jurisdiction's audit chain. Kept apart from the entries so that deleting the
 * newest entries is caught too: the head would then point past the end of the chain.
 */
export const auditChainHeads = pgTable(
  'audit_chain_heads',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionId] })],
);

/**
 * Broken glasses: a user's emergency access to one record, with the reason given, until it expires.
 * Kept beside the audit entry written when the glass is broken, so later reads can find it.
 */
export const glassBreaks = pgTable(
  'glass_breaks',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    userId: uuid('user_id').notNull(),
    action: text('action').notNull(),
    resourceType: text('resource_type').notNull(),
    resourceId: text('resource_id').notNull(),
    reason: text('reason').notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.id] }),
    index('glass_breaks_user_resource_idx').on(t.jurisdictionId, t.userId, t.resourceType, t.resourceId),
  ],
);

/**
 * Sharing agreements as data: which organizations share which categories of data, for what purpose,
 * on what legal basis, from when until when, with the signed document. Every flow of identifiable data
 * across organizations names one (and the survivor's consent); public ones are listed on a public page.
 */
export const sharingAgreements = pgTable(
  'sharing_agreements',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    title: text('title').notNull(),
    /** The jurisdiction's organizations that are parties: `uuid[]`. */
    partyOrganizationIds: json('party_organization_ids').notNull(),
    purpose: text('purpose').notNull(),
    /** The categories of data it covers (the agreement vocabulary): `string[]`. */
    dataCategories: json('data_categories').notNull(),
    /** The legal basis in words (a memorandum of understanding, a business associate agreement...). */
    legalBasis: text('legal_basis').notNull(),
    startsOn: date('starts_on').notNull(),
    /** The last day in force (null: until ended). */
    endsOn: date('ends_on'),
    /** The signed document (file name, media type, base64 content, SHA-256 of the bytes). */
    documentName: text('document_name'),
    documentType: text('document_type'),
    documentBase64: text('document_base64'),
    documentSha256: text('document_sha256'),
    /** Listed on the public page. */
    public: boolean('public').notNull().default(false),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionId, t.id] })],
);

/**
 * Invitations: the one-time links that let an invited user set a password. Only the token's hash is
 * kept, so a copy of the database opens no link; a link is good once (`used_at`), until `expires_at`,
 * and until a newer one replaces it (`revoked_at`).
 */
export const userInvitations = pgTable(
  'user_invitations',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    userId: uuid('user_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    /** The administrator who sent it (null: the host). */
    invitedBy: uuid('invited_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.id] }),
    index('user_invitations_token_idx').on(t.tokenHash),
    index('user_invitations_user_idx').on(t.jurisdictionId, t.userId),
  ],
);

const bytea = customType<{ data: Uint8Array }>({ dataType: () => 'bytea' });

/**
 * Identity providers a jurisdiction's users may sign in with (OpenID Connect). The client secret is
 * sealed with the keyring (`client_secret_key_id` names the key). `role_rules` are ordered claim-to-role
 * rules, first match wins (see src/access/sso/role-rules.ts). The id is unique on its own too: the
 * sign-in routes name a provider before any jurisdiction is known.
 */
export const identityProviders = pgTable(
  'identity_providers',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    displayName: text('display_name').notNull(),
    issuerUrl: text('issuer_url').notNull(),
    clientId: text('client_id').notNull(),
    clientSecretKeyId: text('client_secret_key_id').notNull(),
    clientSecretSealed: bytea('client_secret_sealed').notNull(),
    scopes: text('scopes').array().notNull().default(sql`'{openid,email,profile}'::text[]`),
    enabled: boolean('enabled').notNull().default(true),
    /** Unknown users whose claims match a role rule get an account on first sign-in. */
    jitAccounts: boolean('jit_accounts').notNull().default(false),
    /** The rules also set the role of existing users at each sign-in (else only of new accounts). */
    managesRoles: boolean('manages_roles').notNull().default(false),
    roleRules: jsonb('role_rules').notNull().default(sql`'[]'::jsonb`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionId, t.id] }), index('identity_providers_id_idx').on(t.id)],
);

/** Which user an identity provider's subject (`sub`) is: set at the first single sign-on. */
export const identityProviderLinks = pgTable(
  'identity_provider_links',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    providerId: uuid('provider_id').notNull(),
    oidcSubject: text('oidc_subject').notNull(),
    userId: uuid('user_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.providerId, t.oidcSubject] }),
    uniqueIndex('identity_provider_links_user_key').on(t.jurisdictionId, t.providerId, t.userId),
  ],
);
