import type { SealedStore } from '../../platform/sealed-store.js';
import { recordAuditEntries } from '../audit/audit-log.js';
import { authorize } from '../authorize.js';
import { type Actor, auditActor } from '../roles.js';
import {
  countClientSecretsByKey,
  lockClientSecretsSealedWithOtherKeys,
  updateClientSecret,
} from './identity-provider-repository.js';

/**
 * Identity providers' client secrets as a key rotation sees them (the composition root lists it with
 * the other sealed stores); `actor` is who re-seals (the rotation job).
 */
export function identityProviderSecretStore(actor: Actor): SealedStore {
  authorize(actor, 'jurisdiction.manage');
  return {
    name: 'identity provider client secrets',
    countByKey: (db) => countClientSecretsByKey(db),
    resealBatch: async (tx, keyring, now, limit) => {
      const rows = await lockClientSecretsSealedWithOtherKeys(tx, keyring.currentKeyId, limit);
      const byJurisdiction = new Map<string, number>();
      for (const row of rows) {
        const fresh = keyring.seal(keyring.open<string>(row.secret.keyId, row.secret.sealed));
        await updateClientSecret(tx, row.jurisdictionId, row.id, fresh);
        byJurisdiction.set(row.jurisdictionId, (byJurisdiction.get(row.jurisdictionId) ?? 0) + 1);
      }
      for (const [jurisdictionId, count] of byJurisdiction) {
        await recordAuditEntries(tx, jurisdictionId, now, [
          {
            ...auditActor(actor),
            action: 'identity_provider.reseal',
            subjectType: 'identity_provider',
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
