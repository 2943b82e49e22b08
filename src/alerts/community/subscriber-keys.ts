import { recordAuditEntries } from '../../access/audit/audit-log.js';
import { authorize } from '../../access/authorize.js';
import { type Actor, auditActor } from '../../access/roles.js';
import type { SealedStore } from '../../platform/sealed-store.js';
import { addressHashes } from './contact-address.js';
import {
  countSubscribersByKey,
  lockSubscribersSealedWithOtherKeys,
  updateSealedAddress,
} from './subscriber-repository.js';

/** Community alert subscribers' addresses as a key rotation sees them; `actor` is who re-seals (the rotation job). */
export function subscriberAddressStore(actor: Actor): SealedStore {
  authorize(actor, 'jurisdiction.manage');
  return {
    name: 'community alert subscribers',
    countByKey: (db) => countSubscribersByKey(db),
    resealBatch: async (tx, keyring, now, limit) => {
      const rows = await lockSubscribersSealedWithOtherKeys(tx, keyring.currentKeyId, limit);
      const byJurisdiction = new Map<string, number>();
      for (const row of rows) {
        const opened = keyring.open<{ address: string }>(row.keyId, row.sealed);
        const fresh = keyring.seal(opened);
        // The lookup hash follows the sealing key, so a retired key takes nothing with it.
        const [hash] = addressHashes(keyring, row.channel, opened.address) as [string];
        await updateSealedAddress(tx, { ...row, keyId: fresh.keyId, sealed: fresh.sealed, hash });
        byJurisdiction.set(row.jurisdictionId, (byJurisdiction.get(row.jurisdictionId) ?? 0) + 1);
      }
      for (const [jurisdictionId, count] of byJurisdiction) {
        await recordAuditEntries(tx, jurisdictionId, now, [
          {
            ...auditActor(actor),
            action: 'community_subscribers.reseal',
            subjectType: 'community_subscribers',
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
