import { recordAuditEntries } from '../access/audit/audit-log.js';
import { authorize } from '../access/authorize.js';
import { type Actor, auditActor } from '../access/roles.js';
import type { Database } from '../platform/database.js';
import type { Keyring } from '../platform/keyring.js';
import type { PersonInput } from './person-input.js';
import { personMatchKeys } from './person-match.js';
import { lockPersonsSealedWithOtherKeys, updateSealedPerson } from './person-repository.js';

/**
 * Re-seals every person record not sealed with the current key (step two of a key rotation; see
 * docs/operations.md). Runs in pages, each its own transaction, so it can be stopped and resumed.
 */
export async function resealPersons(
  db: Database,
  keyring: Keyring,
  actor: Actor,
  now: Date,
): Promise<number> {
  authorize(actor, 'jurisdiction.manage');
  let total = 0;
  for (;;) {
    const done = await db.transaction(async (tx) => {
      const rows = await lockPersonsSealedWithOtherKeys(tx, keyring.currentKeyId, 500);
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
    });
    total += done;
    if (done === 0) return total;
  }
}
