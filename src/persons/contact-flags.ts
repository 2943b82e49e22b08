import type { PersonInput } from './person-input.js';

/** What makes a person's contact details unusable for outreach: no phone to call or text, no address. */
export const contactFlags = ['no_phone', 'no_address'] as const;
/** One of the contact flags. */
export type ContactFlag = (typeof contactFlags)[number];

/** The fewest digits a phone number can have and still be dialled (a ten-digit North American number). */
const PHONE_MIN_DIGITS = 10;

/**
 * The contact flags of a report's person, computed at intake where the details are still in the clear,
 * so that programs can tell the data partner whose reports carry no usable contact.
 */
export function contactFlagsOf(person: PersonInput | null): ContactFlag[] {
  const flags: ContactFlag[] = [];
  const digits = (person?.phone ?? '').replace(/\D/g, '');
  if (digits.length < PHONE_MIN_DIGITS) flags.push('no_phone');
  if (!person?.address?.trim()) flags.push('no_address');
  return flags;
}
