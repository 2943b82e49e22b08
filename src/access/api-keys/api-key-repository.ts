import type { Queryable } from '../../platform/database.js';
import type { ApiKeyRecord } from './api-key.js';

const COLUMNS = `jurisdiction_id as "jurisdictionId", id, organization_id as "organizationId", name, scopes,
  created_at as "createdAt", created_by as "createdBy", last_used_at as "lastUsedAt",
  expires_at as "expiresAt", replaced_by as "replacedBy", revoked_at as "revokedAt"`;

/** Stores a new key under the hash of its secret. */
export async function insertApiKey(
  tx: Queryable,
  key: Pick<
    ApiKeyRecord,
    'jurisdictionId' | 'id' | 'organizationId' | 'name' | 'scopes' | 'createdAt' | 'createdBy'
  >,
  keyHash: string,
): Promise<void> {
  await tx.query(
    `insert into api_keys (jurisdiction_id, id, organization_id, name, key_hash, scopes, created_at, created_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      key.jurisdictionId,
      key.id,
      key.organizationId,
      key.name,
      keyHash,
      key.scopes,
      key.createdAt,
      key.createdBy,
    ],
  );
}

/** The key with this hash that is accepted at `now`: not revoked and not past its expiry. */
export async function findAcceptedApiKey(
  db: Queryable,
  keyHash: string,
  now: Date,
): Promise<ApiKeyRecord | null> {
  const [row] = await db.query<ApiKeyRecord>(
    `select ${COLUMNS} from api_keys
     where key_hash = $1 and revoked_at is null and (expires_at is null or expires_at > $2)`,
    [keyHash, now],
  );
  return row ?? null;
}

/** Writes down a use of the key, unless another request did in the last minute. */
export async function recordApiKeyUse(
  db: Queryable,
  jurisdictionId: string,
  id: string,
  now: Date,
): Promise<void> {
  await db.query(
    `update api_keys set last_used_at = $3
     where jurisdiction_id = $1 and id = $2
       and (last_used_at is null or last_used_at <= $3::timestamptz - interval '1 minute')`,
    [jurisdictionId, id, now],
  );
}

/** One key of a jurisdiction, locked for the transaction's change when `forUpdate`. */
export async function findApiKey(
  db: Queryable,
  jurisdictionId: string,
  id: string,
  forUpdate = false,
): Promise<ApiKeyRecord | null> {
  const [row] = await db.query<ApiKeyRecord>(
    `select ${COLUMNS} from api_keys where jurisdiction_id = $1 and id::text = $2${forUpdate ? ' for update' : ''}`,
    [jurisdictionId, id],
  );
  return row ?? null;
}

/** The keys of a jurisdiction (of one organization when given), newest first. */
export async function listApiKeys(
  db: Queryable,
  jurisdictionId: string,
  organizationId: string | null,
): Promise<ApiKeyRecord[]> {
  return db.query<ApiKeyRecord>(
    `select ${COLUMNS} from api_keys
     where jurisdiction_id = $1 and ($2::uuid is null or organization_id = $2::uuid)
     order by created_at desc, id desc`,
    [jurisdictionId, organizationId],
  );
}

/** Ends a rotated key at `expiresAt` and names the key that replaced it. */
export async function markApiKeyReplaced(
  tx: Queryable,
  jurisdictionId: string,
  id: string,
  replacedBy: string,
  expiresAt: Date,
): Promise<void> {
  await tx.query(
    'update api_keys set replaced_by = $3, expires_at = $4 where jurisdiction_id = $1 and id = $2',
    [jurisdictionId, id, replacedBy, expiresAt],
  );
}

/** Ends a key at once. */
export async function markApiKeyRevoked(
  tx: Queryable,
  jurisdictionId: string,
  id: string,
  now: Date,
): Promise<void> {
  await tx.query('update api_keys set revoked_at = $3 where jurisdiction_id = $1 and id = $2', [
    jurisdictionId,
    id,
    now,
  ]);
}
