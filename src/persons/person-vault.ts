import { recordAuditEntries } from '../access/audit/audit-log.js';
import { authorize } from '../access/authorize.js';
import { type Actor, auditActor } from '../access/roles.js';
import type { Database, Queryable } from '../platform/database.js';
import { SosError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import type { Keyring, Sealed } from '../platform/keyring.js';
import type { PersonInput } from './person-input.js';
import { personMatchKeys } from './person-match.js';
import { findPersonsSharingKeys, findSealedPerson, insertPersons } from './person-repository.js';

/**
 * The T3 vault: the only way into the `persons` table. Intake seals persons and stores them, linkage
 * asks which persons share a match key (pseudonymous hashes, nothing opened), and a person's details
 * are opened only for an actor allowed `person.read`, with a purpose of use, and an audit entry
 * written in the same transaction as the read.
 */

/** A person sealed for storage, with its match keys under every configured key (the first is stored). */
export interface SealedPerson extends Sealed {
  id: string;
  matchKeys: Buffer[];
}

/** The purposes for which a person's details may be opened (DESIGN: T3, purpose outreach). */
export const personReadPurposes = ['outreach'] as const;

/** A purpose for which a person's details may be opened. */
export type PersonReadPurpose = (typeof personReadPurposes)[number];

/** Seals a person under the current key and computes its match keys; touches no database. */
export function sealPerson(keyring: Keyring, person: PersonInput): SealedPerson {
  return { id: newId(), ...keyring.seal(person), matchKeys: personMatchKeys(keyring, person) };
}

/** Stores sealed persons inside the caller's transaction (intake's), one statement for the lot. */
export async function storeSealedPersons(
  tx: Queryable,
  jurisdictionId: string,
  persons: readonly SealedPerson[],
): Promise<void> {
  await insertPersons(
    tx,
    jurisdictionId,
    persons.map((p) => ({ id: p.id, keyId: p.keyId, sealed: p.sealed, matchKey: p.matchKeys[0] ?? null })),
  );
}

/**
 * The persons that the same name and birth date identify as any of `personIds` or any of `matchKeys`,
 * each with its match key in hex (the key groups one person's records). Opens nothing.
 */
export async function personsSharingMatchKeys(
  tx: Queryable,
  jurisdictionId: string,
  of: { personIds: readonly string[]; matchKeys: readonly Buffer[] },
): Promise<Map<string, string>> {
  return findPersonsSharingKeys(tx, jurisdictionId, of.personIds, of.matchKeys);
}

/** What opening a person needs: whose, which, and why. */
export interface PersonReadRequest {
  jurisdictionId: string;
  personId: string;
  purpose: string;
}

/**
 * Opens one person's details. The permission comes first, then the purpose and the jurisdiction; the
 * audit entry (who, which person, why) is written in the read's transaction, so no read goes unlogged.
 */
export async function openPerson(
  db: Database,
  keyring: Keyring,
  actor: Actor,
  request: PersonReadRequest,
  now: Date,
): Promise<PersonInput> {
  authorize(actor, 'person.read');
  if (!(personReadPurposes as readonly string[]).includes(request.purpose)) {
    throw new SosError(
      'PURPOSE_NOT_ALLOWED',
      `A person is opened only for ${personReadPurposes.join(', ')}, not "${request.purpose}"`,
    );
  }
  if ((actor.kind === 'user' || actor.kind === 'api_key') && actor.jurisdictionId !== request.jurisdictionId)
    throw new SosError('FORBIDDEN', 'You may not read persons of another jurisdiction');
  return db.transaction(async (tx) => {
    const stored = await findSealedPerson(tx, request.jurisdictionId, request.personId);
    if (!stored) throw new SosError('NOT_FOUND', 'No person by that id');
    await recordAuditEntries(tx, request.jurisdictionId, now, [
      {
        ...auditActor(actor),
        action: 'person.read',
        subjectType: 'person',
        subjectId: request.personId,
        purpose: request.purpose,
        details: {},
      },
    ]);
    return keyring.open<PersonInput>(stored.keyId, stored.sealed);
  });
}
