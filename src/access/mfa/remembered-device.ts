import { timingSafeEqual } from 'node:crypto';
import type { Keyring } from '../../platform/keyring.js';
import { hashSecret, newSecret } from '../users/secret-token.js';

// The keyring derives a subkey for this purpose, so this signature says nothing of other uses.
const PURPOSE = 'remembered device';

/** The cookie of a remembered device; sent only to the sign-in routes, like the device cookie. */
export const REMEMBERED_DEVICE_COOKIE = 'sos_remembered_device';

/** How many days a device the user chose to remember skips the second factor. */
export const REMEMBER_DEVICE_DAYS = 30;

/** A new remembered-device cookie, `token.signature`, and the hash of its token that is stored. */
export function newRememberedDeviceCookie(keyring: Keyring): { cookie: string; tokenHash: string } {
  const token = newSecret();
  const signature = (keyring.keyedHashes(PURPOSE, token)[0] as Buffer).toString('base64url');
  return { cookie: `${token}.${signature}`, tokenHash: hashSecret(token) };
}

/** The stored hash of a remembered-device cookie's token when its signature holds, else null. */
export function rememberedDeviceTokenHash(keyring: Keyring, cookie: string): string | null {
  const [token, signature, ...rest] = cookie.split('.');
  if (!token || !signature || rest.length > 0) return null;
  const given = Buffer.from(signature, 'base64url');
  const valid = keyring
    .keyedHashes(PURPOSE, token)
    .some((expected) => expected.length === given.length && timingSafeEqual(expected, given));
  return valid ? hashSecret(token) : null;
}
