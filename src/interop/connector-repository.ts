import type { Queryable } from '../platform/database.js';

/** A push connector as stored (its secret sealed). */
export interface StoredConnector {
  jurisdictionId: string;
  id: string;
  name: string;
  targetUrl: string;
  organizationId: string | null;
  sharingAgreementId: string;
  secretKeyId: string;
  secretSealed: Uint8Array;
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = `jurisdiction_id as "jurisdictionId", id, name, target_url as "targetUrl",
  organization_id as "organizationId", sharing_agreement_id as "sharingAgreementId",
  secret_key_id as "secretKeyId", secret_sealed as "secretSealed", enabled,
  created_at as "createdAt", updated_at as "updatedAt"`;

/** Stores a new connector. */
export async function insertConnector(tx: Queryable, c: StoredConnector): Promise<void> {
  await tx.query(
    `insert into interop_connectors (jurisdiction_id, id, name, target_url, organization_id,
       sharing_agreement_id, secret_key_id, secret_sealed, enabled, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      c.jurisdictionId,
      c.id,
      c.name,
      c.targetUrl,
      c.organizationId,
      c.sharingAgreementId,
      c.secretKeyId,
      c.secretSealed,
      c.enabled,
      c.createdAt,
      c.updatedAt,
    ],
  );
}

/** Replaces a connector's settings (and its sealed secret). */
export async function updateConnector(tx: Queryable, c: StoredConnector): Promise<void> {
  await tx.query(
    `update interop_connectors set name = $3, target_url = $4, organization_id = $5,
       sharing_agreement_id = $6, secret_key_id = $7, secret_sealed = $8, enabled = $9, updated_at = $10
     where jurisdiction_id = $1 and id = $2`,
    [
      c.jurisdictionId,
      c.id,
      c.name,
      c.targetUrl,
      c.organizationId,
      c.sharingAgreementId,
      c.secretKeyId,
      c.secretSealed,
      c.enabled,
      c.updatedAt,
    ],
  );
}

/** One connector of a jurisdiction, or null. */
export async function findConnector(
  db: Queryable,
  jurisdictionId: string,
  id: string,
): Promise<StoredConnector | null> {
  const [row] = await db.query<StoredConnector>(
    `select ${COLUMNS} from interop_connectors where jurisdiction_id = $1 and id = $2`,
    [jurisdictionId, id],
  );
  return row ?? null;
}

/** The connectors of a jurisdiction, by name; `enabledOnly` for the ones a change is pushed to. */
export function listConnectors(
  db: Queryable,
  jurisdictionId: string,
  options: { enabledOnly?: boolean } = {},
): Promise<StoredConnector[]> {
  return db.query<StoredConnector>(
    `select ${COLUMNS} from interop_connectors where jurisdiction_id = $1 ${options.enabledOnly ? 'and enabled' : ''}
     order by name, id`,
    [jurisdictionId],
  );
}

/** Connectors per key id that sealed their secret (a key rotation counts them). */
export async function countConnectorSecretsByKey(db: Queryable): Promise<Record<string, number>> {
  const rows = await db.query<{ key_id: string; n: number }>(
    'select secret_key_id as key_id, count(*)::int as n from interop_connectors group by secret_key_id',
  );
  return Object.fromEntries(rows.map((r) => [r.key_id, r.n]));
}

/** Locks and returns up to `limit` connectors whose secret another key than `currentKeyId` sealed. */
export function lockConnectorSecretsSealedWithOtherKeys(
  tx: Queryable,
  currentKeyId: string,
  limit: number,
): Promise<StoredConnector[]> {
  return tx.query<StoredConnector>(
    `select ${COLUMNS} from interop_connectors where secret_key_id <> $1 limit $2 for update`,
    [currentKeyId, limit],
  );
}

/** Replaces a connector's sealed secret (re-sealed under another key). */
export async function updateConnectorSecret(
  tx: Queryable,
  secret: { jurisdictionId: string; id: string; keyId: string; sealed: Buffer },
): Promise<void> {
  await tx.query(
    `update interop_connectors set secret_key_id = $3, secret_sealed = $4 where jurisdiction_id = $1 and id = $2`,
    [secret.jurisdictionId, secret.id, secret.keyId, secret.sealed],
  );
}
