import { recordAuditEntries } from '../access/audit/audit-log.js';
import { authorize } from '../access/authorize.js';
import { type Actor, auditActor } from '../access/roles.js';
import type { Queryable } from '../platform/database.js';
import type { Keyring } from '../platform/keyring.js';
import type { SealedStore } from '../platform/sealed-store.js';
import type { PersonInput } from './person-input.js';
import { personMatchKeys } from './person-match.js';
import {
  countPersonsByKey,
  lockPersonsSealedWithOtherKeys,
  updateSealedPerson,
} from './person-repository.js';

/** One page of re-sealing inside the caller's transaction, audited per jurisdiction; returns its size. */
async function resealPersonPage(
  tx: Queryable,
  keyring: Keyring,
  actor: Actor,
  now: Date,
  limit: number,
): Promise<number> {
  const rows = await lockPersonsSealedWithOtherKeys(tx, keyring.currentKeyId, limit);
  const byJurisdiction = new Map<string, number>();
  for (const row of rows) {
    const person = keyring.open<PersonInput>(row.keyId, row.sealed);
    const fresh = keyring.seal(person);
    // The stored match key follows the sealing key, so a retired key takes nothing with it.
    await updateSealedPerson(tx, {
      jurisdictionId: row.jurisdictionId,
      id: row.id,
      keyId: fresh.keyId,
      sealed: fresh.sealed,
      matchKey: personMatchKeys(keyring, person)[0] ?? null,
    });
    byJurisdiction.set(row.jurisdictionId, (byJurisdiction.get(row.jurisdictionId) ?? 0) + 1);
  }
  for (const [jurisdictionId, count] of byJurisdiction) {
    await recordAuditEntries(tx, jurisdictionId, now, [
      {
        ...auditActor(actor),
        action: 'persons.reseal',
        subjectType: 'persons',
        subjectId: null,
        purpose: 'key rotation',
        details: { count, keyId: keyring.currentKeyId },
      },
    ]);
  }
  return rows.length;
}

/** The persons as a key rotation sees them; `actor` is who re-seals (the rotation job). */
export function personSealedStore(actor: Actor): SealedStore {
  authorize(actor, 'jurisdiction.manage');
  return {
    name: 'persons',
    countByKey: (db) => countPersonsByKey(db),
    resealBatch: (tx, keyring, now, limit) => resealPersonPage(tx, keyring, actor, now, limit),
  };
}
