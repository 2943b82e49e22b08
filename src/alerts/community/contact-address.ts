import { SosError } from '../../platform/errors.js';
import type { Keyring } from '../../platform/keyring.js';
import type { CommunityChannel } from './community-vocabulary.js';

/**
 * A phone number as E.164 (`+18605550123`): US numbers may be written with or without the 1, with
 * spaces, dashes, dots or parentheses; others must start with +. VALIDATION_FAILED naming `phone`.
 */
export function normalizePhone(text: string): string {
  const trimmed = text.trim();
  const digits = trimmed.replace(/[\s().-]/g, '');
  if (/^\+[1-9]\d{7,14}$/.test(digits)) return digits;
  if (/^\d{10}$/.test(digits)) return `+1${digits}`;
  if (/^1\d{10}$/.test(digits)) return `+${digits}`;
  throw new SosError(
    'VALIDATION_FAILED',
    'The phone number is not one we can text: write it like 860-555-0123',
    {
      field: 'phone',
    },
  );
}

/** An email address trimmed and lower-cased; VALIDATION_FAILED naming `email` when it is not one. */
export function normalizeEmail(text: string): string {
  const email = text.trim().toLowerCase();
  if (email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    throw new SosError('VALIDATION_FAILED', 'The email address is not valid', { field: 'email' });
  return email;
}

/** The normalized address of a channel. */
export function normalizeAddress(channel: CommunityChannel, text: string): string {
  return channel === 'sms' ? normalizePhone(text) : normalizeEmail(text);
}

/** The keyring purpose subscriber addresses are hashed under. */
export const ADDRESS_HASH_PURPOSE = 'community subscriber address';
/** The keyring purpose of the stop links' signatures. */
export const STOP_LINK_PURPOSE = 'community stop link';

/** The hex keyed hashes of a subscriber's address under every key, the current key's first (what is stored). */
export function addressHashes(keyring: Keyring, channel: CommunityChannel, address: string): string[] {
  return keyring.keyedHashes(ADDRESS_HASH_PURPOSE, `${channel}:${address}`).map((h) => h.toString('hex'));
}
