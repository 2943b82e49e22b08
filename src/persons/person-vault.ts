import { recordAuditEntries } from '../access/audit/audit-log.js';
import { authorize, type EmergencyUse } from '../access/authorize.js';
import type { Purpose } from '../access/purpose.js';
import type { Resource } from '../access/resource.js';
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
 * are opened only for an actor the policy allows `person.read` of that person for a purpose of use,
 * with an audit entry written in the same transaction as the read.
 */

/** A person sealed for storage, with its match keys under every configured key (the first is stored). */
export interface SealedPerson extends Sealed {
  id: string;
  matchKeys: Buffer[];
}

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

/**
 * What opening a person needs: whose, which, why, and the outreach case it is read through (its
 * program and assigned worker), which the policy tests: a person belongs to no program of its own.
 */
export interface PersonReadRequest {
  jurisdictionId: string;
  personId: string;
  use: Purpose | EmergencyUse;
  programId?: string;
  assignedTo?: string;
  /** The organization a referral of the case was sent to (a provider reads the person it receives). */
  organizationId?: string;
}

/**
 * Opens one person's details. `person.read` is asked first, of the person as a T3 record of the
 * case's program and worker, for the stated purpose (the policy says which purposes serve); then
 * the read and its audit entry (who, which person, why) happen in one transaction, so no read goes
 * unlogged.
 */
export async function openPerson(
  db: Database,
  keyring: Keyring,
  actor: Actor,
  request: PersonReadRequest,
  now: Date,
): Promise<PersonInput> {
  authorizePersonRead(actor, request);
  return db.transaction((tx) => openAuthorizedPerson(tx, keyring, actor, request, now));
}

/**
 * Opens one person inside the caller's transaction (a flow that reads and writes in one), asked of the
 * policy and audited exactly as `openPerson`.
 */
export async function openPersonWithin(
  tx: Queryable,
  keyring: Keyring,
  actor: Actor,
  request: PersonReadRequest,
  now: Date,
): Promise<PersonInput> {
  authorizePersonRead(actor, request);
  return openAuthorizedPerson(tx, keyring, actor, request, now);
}

/**
 * Seals a copy of a person under the current key and stores it, inside the caller's transaction: a case
 * transferred to another program holds its own copy, so that purging one program's case under its
 * retention leaves the other's whole. The read of the original is asked and audited as `openPerson`.
 * Returns the copy's id.
 */
export async function copyPerson(
  tx: Queryable,
  keyring: Keyring,
  actor: Actor,
  request: PersonReadRequest,
  now: Date,
): Promise<string> {
  const person = await openPersonWithin(tx, keyring, actor, request, now);
  const copy = sealPerson(keyring, person);
  await storeSealedPersons(tx, request.jurisdictionId, [copy]);
  return copy.id;
}

/** Asks `person.read` of the person as a T3 record of the case's program and worker, for the purpose. */
function authorizePersonRead(actor: Actor, request: PersonReadRequest): void {
  const { jurisdictionId, personId, use, programId, assignedTo, organizationId } = request;
  authorize(
    actor,
    'person.read',
    {
      type: 'person',
      id: personId,
      jurisdictionId,
      tier: 'T3',
      ...(programId ? { programId } : {}),
      ...(assignedTo ? { assignedTo } : {}),
      ...(organizationId ? { organizationId } : {}),
    },
    use,
  );
}

/** The read of an authorized person and its audit entry, in the caller's transaction. */
async function openAuthorizedPerson(
  tx: Queryable,
  keyring: Keyring,
  actor: Actor,
  request: PersonReadRequest,
  now: Date,
): Promise<PersonInput> {
  const { jurisdictionId, personId, use } = request;
  const stored = await findSealedPerson(tx, jurisdictionId, personId);
  if (!stored) throw new SosError('NOT_FOUND', 'No person by that id');
  await recordAuditEntries(tx, jurisdictionId, now, [
    {
      ...auditActor(actor),
      action: 'person.read',
      subjectType: 'person',
      subjectId: personId,
      purpose: typeof use === 'object' ? use.purpose : use,
      details: {},
    },
  ]);
  return keyring.open<PersonInput>(stored.keyId, stored.sealed);
}

/** A decedent's identifiers as a fatality review reads them: name and birth date, nothing else. */
export interface DecedentIdentifiers {
  firstName: string | null;
  lastName: string | null;
  birthDate: string | null;
}

/**
 * Opens the identifiers of a fatal overdose's person for a fatality review: `fatality_review.read` is asked
 * of the review (its signed members only, purpose `fatality_review`) rather than `person.read`, since a
 * decedent belongs to no outreach program; then each read is audited in the caller's transaction with the
 * review's id. Only the name and birth date leave the vault (never the phone, email or address). The first
 * person of `personIds` that is stored is the one opened.
 */
export async function openDecedentForReview(
  tx: Queryable,
  keyring: Keyring,
  actor: Actor,
  review: Resource & { id: string },
  personIds: readonly string[],
  now: Date,
): Promise<DecedentIdentifiers | null> {
  authorize(actor, 'fatality_review.read', review, 'fatality_review');
  for (const personId of personIds) {
    const stored = await findSealedPerson(tx, review.jurisdictionId, personId);
    if (!stored) continue;
    await recordAuditEntries(tx, review.jurisdictionId, now, [
      {
        ...auditActor(actor),
        action: 'person.read',
        subjectType: 'person',
        subjectId: personId,
        purpose: 'fatality_review',
        details: { fatality_review_id: review.id },
      },
    ]);
    const person = keyring.open<PersonInput>(stored.keyId, stored.sealed);
    return {
      firstName: person.first_name ?? null,
      lastName: person.last_name ?? null,
      birthDate: person.birth_date ?? null,
    };
  }
  return null;
}
