import { recordAuditEntries } from '../access/audit/audit-log.js';
import { authorize } from '../access/authorize.js';
import { type Actor, auditActor } from '../access/roles.js';
import type { SealedStore } from '../platform/sealed-store.js';
import {
  countConnectorSecretsByKey,
  lockConnectorSecretsSealedWithOtherKeys,
  updateConnectorSecret,
} from './connector-repository.js';

/** Push connectors' shared secrets as a key rotation sees them; `actor` is who re-seals (the rotation job). */
export function connectorSecretStore(actor: Actor): SealedStore {
  authorize(actor, 'jurisdiction.manage');
  return {
    name: 'push connector secrets',
    countByKey: (db) => countConnectorSecretsByKey(db),
    resealBatch: async (tx, keyring, now, limit) => {
      const rows = await lockConnectorSecretsSealedWithOtherKeys(tx, keyring.currentKeyId, limit);
      const byJurisdiction = new Map<string, number>();
      for (const row of rows) {
        const fresh = keyring.seal(keyring.open<string>(row.secretKeyId, row.secretSealed));
        await updateConnectorSecret(tx, { jurisdictionId: row.jurisdictionId, id: row.id, ...fresh });
        byJurisdiction.set(row.jurisdictionId, (byJurisdiction.get(row.jurisdictionId) ?? 0) + 1);
      }
      for (const [jurisdictionId, count] of byJurisdiction) {
        await recordAuditEntries(tx, jurisdictionId, now, [
          {
            ...auditActor(actor),
            action: 'interop_connectors.reseal',
            subjectType: 'interop_connector',
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
