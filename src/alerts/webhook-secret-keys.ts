import { recordAuditEntries } from '../access/audit/audit-log.js';
import { authorize } from '../access/authorize.js';
import { type Actor, auditActor } from '../access/roles.js';
import type { SealedStore } from '../platform/sealed-store.js';
import {
  countWebhookSecretsByKey,
  lockWebhookSecretsSealedWithOtherKeys,
  updateWebhookSecret,
} from './webhook-secret-repository.js';

/** Alert rules' webhook secrets as a key rotation sees them; `actor` is who re-seals (the rotation job). */
export function webhookSecretStore(actor: Actor): SealedStore {
  authorize(actor, 'jurisdiction.manage');
  return {
    name: 'alert webhook secrets',
    countByKey: (db) => countWebhookSecretsByKey(db),
    resealBatch: async (tx, keyring, now, limit) => {
      const rows = await lockWebhookSecretsSealedWithOtherKeys(tx, keyring.currentKeyId, limit);
      const byJurisdiction = new Map<string, number>();
      for (const row of rows) {
        const fresh = keyring.seal(keyring.open<string>(row.keyId, row.sealed));
        await updateWebhookSecret(tx, { jurisdictionId: row.jurisdictionId, ruleId: row.ruleId, ...fresh });
        byJurisdiction.set(row.jurisdictionId, (byJurisdiction.get(row.jurisdictionId) ?? 0) + 1);
      }
      for (const [jurisdictionId, count] of byJurisdiction) {
        await recordAuditEntries(tx, jurisdictionId, now, [
          {
            ...auditActor(actor),
            action: 'alert_rules.reseal',
            subjectType: 'alert_rules',
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
