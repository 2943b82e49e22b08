import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Keyring } from '../../platform/keyring.js';
import { STOP_LINK_PURPOSE } from './contact-address.js';

/** A new email confirmation token: 32 random bytes, base64url (43 characters). */
export function newConfirmToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored of a confirmation token: its SHA-256 in hex, so a copy of the database confirms nothing. */
export function hashConfirmToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The shape of a confirmation token, checked before any lookup. */
export const CONFIRM_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * The stop link's code of a subscriber: a keyed hash of its ids, so every email can carry a link that
 * stops at once without anything stored, valid across a key rotation (every key is tried).
 */
export function stopCode(keyring: Keyring, jurisdictionId: string, subscriberId: string): string {
  return (keyring.keyedHashes(STOP_LINK_PURPOSE, `${jurisdictionId}/${subscriberId}`)[0] as Buffer).toString(
    'base64url',
  );
}

/** Whether a stop code is a subscriber's under any configured key, in constant time. */
export function stopCodeMatches(
  keyring: Keyring,
  jurisdictionId: string,
  subscriberId: string,
  code: string,
): boolean {
  const given = Buffer.from(code);
  return keyring.keyedHashes(STOP_LINK_PURPOSE, `${jurisdictionId}/${subscriberId}`).some((hash) => {
    const expected = Buffer.from(hash.toString('base64url'));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}

/** The path of a subscriber's stop page. */
export function stopPath(keyring: Keyring, jurisdictionId: string, subscriberId: string): string {
  return `/alerts/stop/${jurisdictionId}/${subscriberId}/${stopCode(keyring, jurisdictionId, subscriberId)}`;
}
