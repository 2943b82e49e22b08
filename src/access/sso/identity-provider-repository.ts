import type { Queryable } from '../../platform/database.js';
import type { Sealed } from '../../platform/keyring.js';
import type { Role } from '../roles.js';
import type { UserRecord } from '../users/user-repository.js';
import type { RoleRule } from './role-rules.js';

/** An identity provider as stored (its client secret still sealed). */
export interface StoredIdentityProvider {
  jurisdictionId: string;
  id: string;
  displayName: string;
  issuerUrl: string;
  clientId: string;
  clientSecret: Sealed;
  scopes: string[];
  enabled: boolean;
  jitAccounts: boolean;
  managesRoles: boolean;
  roleRules: RoleRule[];
  createdAt: Date;
  updatedAt: Date;
}

/** The settings an administrator writes (the secret sealed by the service). */
export type IdentityProviderWrite = Omit<
  StoredIdentityProvider,
  'jurisdictionId' | 'id' | 'createdAt' | 'updatedAt'
>;

interface ProviderRow {
  jurisdiction_id: string;
  id: string;
  display_name: string;
  issuer_url: string;
  client_id: string;
  client_secret_key_id: string;
  client_secret_sealed: Uint8Array;
  scopes: string[];
  enabled: boolean;
  jit_accounts: boolean;
  manages_roles: boolean;
  role_rules: RoleRule[] | string;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `jurisdiction_id, id, display_name, issuer_url, client_id, client_secret_key_id,
  client_secret_sealed, scopes, enabled, jit_accounts, manages_roles, role_rules, created_at, updated_at`;

function fromRow(row: ProviderRow): StoredIdentityProvider {
  return {
    jurisdictionId: row.jurisdiction_id,
    id: row.id,
    displayName: row.display_name,
    issuerUrl: row.issuer_url,
    clientId: row.client_id,
    clientSecret: { keyId: row.client_secret_key_id, sealed: Buffer.from(row.client_secret_sealed) },
    scopes: row.scopes,
    enabled: row.enabled,
    jitAccounts: row.jit_accounts,
    managesRoles: row.manages_roles,
    roleRules:
      typeof row.role_rules === 'string' ? (JSON.parse(row.role_rules) as RoleRule[]) : row.role_rules,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** The jurisdiction's identity providers, by display name. */
export async function listIdentityProviders(
  db: Queryable,
  jurisdictionId: string,
): Promise<StoredIdentityProvider[]> {
  const rows = await db.query<ProviderRow>(
    `select ${COLUMNS} from identity_providers where jurisdiction_id = $1 order by display_name, id`,
    [jurisdictionId],
  );
  return rows.map(fromRow);
}

/** One identity provider of the jurisdiction, or null. */
export async function findIdentityProvider(
  db: Queryable,
  jurisdictionId: string,
  id: string,
): Promise<StoredIdentityProvider | null> {
  const [row] = await db.query<ProviderRow>(
    `select ${COLUMNS} from identity_providers where jurisdiction_id = $1 and id = $2`,
    [jurisdictionId, id],
  );
  return row ? fromRow(row) : null;
}

/** An enabled identity provider by its id alone (sign-in knows no jurisdiction yet), or null. */
export async function findEnabledIdentityProvider(
  db: Queryable,
  id: string,
): Promise<StoredIdentityProvider | null> {
  const [row] = await db.query<ProviderRow>(
    `select ${COLUMNS} from identity_providers where id = $1 and enabled`,
    [id],
  );
  return row ? fromRow(row) : null;
}

/** Every enabled identity provider's id and display name, by display name: the sign-in page's buttons. */
export async function listEnabledIdentityProviders(
  db: Queryable,
): Promise<{ id: string; displayName: string }[]> {
  return db.query<{ id: string; displayName: string }>(
    `select id, display_name as "displayName" from identity_providers where enabled order by display_name, id`,
  );
}

/** Stores a new identity provider. */
export async function insertIdentityProvider(
  db: Queryable,
  jurisdictionId: string,
  id: string,
  p: IdentityProviderWrite,
  now: Date,
): Promise<void> {
  await db.query(
    `insert into identity_providers (${COLUMNS}) values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$13)`,
    [
      jurisdictionId,
      id,
      p.displayName,
      p.issuerUrl,
      p.clientId,
      p.clientSecret.keyId,
      p.clientSecret.sealed,
      p.scopes,
      p.enabled,
      p.jitAccounts,
      p.managesRoles,
      JSON.stringify(p.roleRules),
      now,
    ],
  );
}

/** Replaces an identity provider's settings. */
export async function updateIdentityProvider(
  db: Queryable,
  jurisdictionId: string,
  id: string,
  p: IdentityProviderWrite,
  now: Date,
): Promise<void> {
  await db.query(
    `update identity_providers set display_name = $3, issuer_url = $4, client_id = $5, client_secret_key_id = $6,
       client_secret_sealed = $7, scopes = $8, enabled = $9, jit_accounts = $10, manages_roles = $11,
       role_rules = $12, updated_at = $13
     where jurisdiction_id = $1 and id = $2`,
    [
      jurisdictionId,
      id,
      p.displayName,
      p.issuerUrl,
      p.clientId,
      p.clientSecret.keyId,
      p.clientSecret.sealed,
      p.scopes,
      p.enabled,
      p.jitAccounts,
      p.managesRoles,
      JSON.stringify(p.roleRules),
      now,
    ],
  );
}

/** Deletes an identity provider and the links of its subjects to users. */
export async function deleteIdentityProvider(
  db: Queryable,
  jurisdictionId: string,
  id: string,
): Promise<void> {
  await db.query('delete from identity_provider_links where jurisdiction_id = $1 and provider_id = $2', [
    jurisdictionId,
    id,
  ]);
  await db.query('delete from identity_providers where jurisdiction_id = $1 and id = $2', [
    jurisdictionId,
    id,
  ]);
}

/** The user a provider's subject was linked to, or null. */
export async function findLinkedUserId(
  db: Queryable,
  jurisdictionId: string,
  providerId: string,
  subject: string,
): Promise<string | null> {
  const [row] = await db.query<{ user_id: string }>(
    `select user_id from identity_provider_links
     where jurisdiction_id = $1 and provider_id = $2 and oidc_subject = $3`,
    [jurisdictionId, providerId, subject],
  );
  return row?.user_id ?? null;
}

/** Links a provider's subject to a user (a user has one subject per provider: the newest wins). */
export async function linkSubject(
  db: Queryable,
  jurisdictionId: string,
  providerId: string,
  subject: string,
  userId: string,
  now: Date,
): Promise<void> {
  await db.query(
    'delete from identity_provider_links where jurisdiction_id = $1 and provider_id = $2 and user_id = $3',
    [jurisdictionId, providerId, userId],
  );
  await db.query(
    `insert into identity_provider_links (jurisdiction_id, provider_id, oidc_subject, user_id, created_at)
     values ($1,$2,$3,$4,$5)`,
    [jurisdictionId, providerId, subject, userId, now],
  );
}

/** Sets a user's role and organization, as the provider's rules give them. */
export async function setUserRole(
  db: Queryable,
  jurisdictionId: string,
  userId: string,
  role: Role,
  organizationId: string | null,
): Promise<void> {
  await db.query('update users set role = $3, organization_id = $4 where jurisdiction_id = $1 and id = $2', [
    jurisdictionId,
    userId,
    role,
    organizationId,
  ]);
}

/** A user of the jurisdiction by id, with the fields sign-in needs, or null. */
export async function findUserById(
  db: Queryable,
  jurisdictionId: string,
  userId: string,
): Promise<UserRecord | null> {
  const [user] = await db.query<UserRecord>(
    `select jurisdiction_id as "jurisdictionId", id, email, display_name as "displayName", role,
       organization_id as "organizationId", password_hash as "passwordHash", disabled_at as "disabledAt"
     from users where jurisdiction_id = $1 and id = $2`,
    [jurisdictionId, userId],
  );
  return user ?? null;
}

/** How many client secrets each key sealed. */
export async function countClientSecretsByKey(db: Queryable): Promise<Record<string, number>> {
  const rows = await db.query<{ key_id: string; n: number }>(
    `select client_secret_key_id as key_id, count(*)::int as n from identity_providers group by client_secret_key_id`,
  );
  return Object.fromEntries(rows.map((r) => [r.key_id, r.n]));
}

/** Locks and returns up to `limit` client secrets not sealed with `currentKeyId`. */
export async function lockClientSecretsSealedWithOtherKeys(
  tx: Queryable,
  currentKeyId: string,
  limit: number,
): Promise<{ jurisdictionId: string; id: string; secret: Sealed }[]> {
  const rows = await tx.query<{ jurisdiction_id: string; id: string; key_id: string; sealed: Uint8Array }>(
    `select jurisdiction_id, id, client_secret_key_id as key_id, client_secret_sealed as sealed
     from identity_providers where client_secret_key_id <> $1 limit $2 for update`,
    [currentKeyId, limit],
  );
  return rows.map((r) => ({
    jurisdictionId: r.jurisdiction_id,
    id: r.id,
    secret: { keyId: r.key_id, sealed: Buffer.from(r.sealed) },
  }));
}

/** Replaces a provider's sealed client secret (a key rotation re-sealing it). */
export async function updateClientSecret(
  tx: Queryable,
  jurisdictionId: string,
  id: string,
  secret: Sealed,
): Promise<void> {
  await tx.query(
    `update identity_providers set client_secret_key_id = $3, client_secret_sealed = $4
     where jurisdiction_id = $1 and id = $2`,
    [jurisdictionId, id, secret.keyId, secret.sealed],
  );
}
