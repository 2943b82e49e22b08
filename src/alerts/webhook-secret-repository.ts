import type { Queryable } from '../platform/database.js';

/** A rule's sealed webhook secret, as a key rotation reads it. */
export interface SealedWebhookSecret {
  jurisdictionId: string;
  ruleId: string;
  keyId: string;
  sealed: Uint8Array;
}

/** Alert rules with a webhook secret, per key id that sealed it. */
export async function countWebhookSecretsByKey(db: Queryable): Promise<Record<string, number>> {
  const rows = await db.query<{ key_id: string; n: number }>(
    `select webhook_secret_key_id as key_id, count(*)::int as n from alert_rules
     where webhook_secret_key_id is not null group by webhook_secret_key_id`,
  );
  return Object.fromEntries(rows.map((r) => [r.key_id, r.n]));
}

/** Locks and returns up to `limit` webhook secrets not sealed with `currentKeyId`. */
export async function lockWebhookSecretsSealedWithOtherKeys(
  tx: Queryable,
  currentKeyId: string,
  limit: number,
): Promise<SealedWebhookSecret[]> {
  const rows = await tx.query<{ jurisdiction_id: string; id: string; key_id: string; sealed: Uint8Array }>(
    `select jurisdiction_id, id, webhook_secret_key_id as key_id, webhook_secret_sealed as sealed
     from alert_rules where webhook_secret_key_id <> $1 limit $2 for update`,
    [currentKeyId, limit],
  );
  return rows.map((r) => ({
    jurisdictionId: r.jurisdiction_id,
    ruleId: r.id,
    keyId: r.key_id,
    sealed: r.sealed,
  }));
}

/** Replaces a rule's sealed webhook secret (after re-sealing under another key). */
export async function updateWebhookSecret(
  tx: Queryable,
  secret: { jurisdictionId: string; ruleId: string; keyId: string; sealed: Buffer },
): Promise<void> {
  await tx.query(
    `update alert_rules set webhook_secret_key_id = $3, webhook_secret_sealed = $4
     where jurisdiction_id = $1 and id = $2`,
    [secret.jurisdictionId, secret.ruleId, secret.keyId, secret.sealed],
  );
}
