import type { Keyring } from '../platform/keyring.js';
import type { PersonInput } from './person-input.js';

/** Lower case, accents and everything but letters and digits dropped: "O'Brien-Núñez" is "obriennunez". */
function normalizeName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/**
 * What two reports of one person share: the normalized last and first name and the birth date, or null
 * when any is missing (a partial identity would join different people). Sources spell names with or
 * without accents, hyphens and apostrophes, so those do not count.
 */
export function matchIdentity(person: PersonInput): string | null {
  const last = normalizeName(person.last_name ?? '');
  const first = normalizeName(person.first_name ?? '');
  if (!last || !first || !person.birth_date) return null;
  return `${last}|${first}|${person.birth_date}`;
}

/**
 * The person's match keys, one per configured encryption key (the current key's first, which is the
 * one stored); none when the person cannot be identified. A keyed hash, not a plain one: a name and
 * birth date are easy to guess, and without the key the stored value cannot be checked against them.
 */
export function personMatchKeys(keyring: Keyring, person: PersonInput): Buffer[] {
  const identity = matchIdentity(person);
  return identity === null ? [] : keyring.keyedHashes('person match', identity);
}
