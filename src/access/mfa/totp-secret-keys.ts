import type { Queryable } from '../../platform/database.js';
import type { SealedStore } from '../../platform/sealed-store.js';
import { recordAuditEntries } from '../audit/audit-log.js';
import { authorize } from '../authorize.js';
import { type Actor, auditActor } from '../roles.js';

/** Authenticator apps' TOTP secrets as a key rotation sees them; `actor` is who re-seals (the rotation job). */
export function totpSecretStore(actor: Actor): SealedStore {
  authorize(actor, 'jurisdiction.manage');
  return {
    name: 'authenticator app secrets',
    countByKey: async (db: Queryable) => {
      const rows = await db.query<{ key_id: string; count: number }>(
        `select totp_secret_key_id as key_id, count(*)::int as count from second_factors
         where totp_secret_key_id is not null group by totp_secret_key_id`,
      );
      return Object.fromEntries(rows.map((r) => [r.key_id, Number(r.count)]));
    },
    resealBatch: async (tx, keyring, now, limit) => {
      const rows = await tx.query<{
        jurisdiction_id: string;
        id: string;
        key_id: string;
        sealed: Uint8Array;
      }>(
        `select jurisdiction_id, id, totp_secret_key_id as key_id, totp_secret_sealed as sealed from second_factors
         where totp_secret_key_id is not null and totp_secret_key_id <> $1
         order by jurisdiction_id, id limit $2 for update`,
        [keyring.currentKeyId, limit],
      );
      const byJurisdiction = new Map<string, number>();
      for (const row of rows) {
        const fresh = keyring.seal(keyring.open<unknown>(row.key_id, row.sealed));
        await tx.query(
          `update second_factors set totp_secret_key_id = $3, totp_secret_sealed = $4
           where jurisdiction_id = $1 and id = $2`,
          [row.jurisdiction_id, row.id, fresh.keyId, fresh.sealed],
        );
        byJurisdiction.set(row.jurisdiction_id, (byJurisdiction.get(row.jurisdiction_id) ?? 0) + 1);
      }
      for (const [jurisdictionId, count] of byJurisdiction) {
        await recordAuditEntries(tx, jurisdictionId, now, [
          {
            ...auditActor(actor),
            action: 'second_factors.reseal',
            subjectType: 'second_factors',
            subjectId: null,
            purpose: 'key rotation',
            details: { count, keyId: keyring.currentKeyId },
          },
        ]);
      }
      return rows.length;
    },
  };
}
