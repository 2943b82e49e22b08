import { normalizeKey } from './identifying-keys.js';
import type { PersonInput } from './person-input.js';

/** What makes a person's contact details unusable for outreach: no phone to call or text, no address. */
export const contactFlags = ['no_phone', 'no_address'] as const;
/** One of the contact flags. */
export type ContactFlag = (typeof contactFlags)[number];

/** The fewest digits a phone number can have and still be dialled (a ten-digit North American number). */
const PHONE_MIN_DIGITS = 10;

/** Name parts of an identifying field sent outside `person` that holds a phone number (`Cell Phone`, `mobile`). */
const PHONE_PARTS = new Set(['phone', 'telephone', 'mobile', 'cell']);
/** Name parts of one that holds a street address (`Home Address`, `residence_street`), email addresses aside. */
const ADDRESS_PARTS = new Set(['address', 'street', 'residence']);

/** The values of the identifying fields sent outside `person` (a CSV's own columns) whose name says what they hold. */
function otherValues(person: PersonInput | null, holds: (parts: string[]) => boolean): string[] {
  return Object.entries(person?.other ?? {}).flatMap(([key, value]) =>
    (typeof value === 'string' || typeof value === 'number') && holds(normalizeKey(key).split('_'))
      ? [String(value)]
      : [],
  );
}

/**
 * The contact flags of a report's person, computed at intake where the details are still in the clear,
 * so that programs can tell the data partner whose reports carry no usable contact. A file's own
 * phone or address column counts as much as the JSON `person` fields.
 */
export function contactFlagsOf(person: PersonInput | null): ContactFlag[] {
  const flags: ContactFlag[] = [];
  const phones = [
    person?.phone ?? '',
    ...otherValues(person, (parts) => parts.some((p) => PHONE_PARTS.has(p))),
  ];
  if (!phones.some((phone) => phone.replace(/\D/g, '').length >= PHONE_MIN_DIGITS)) flags.push('no_phone');
  const addresses = [
    person?.address ?? '',
    ...otherValues(person, (parts) => !parts.includes('email') && parts.some((p) => ADDRESS_PARTS.has(p))),
  ];
  if (!addresses.some((address) => address.trim())) flags.push('no_address');
  return flags;
}
