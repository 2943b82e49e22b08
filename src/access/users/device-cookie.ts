import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Keyring } from '../../platform/keyring.js';

// The keyring derives a subkey for this purpose, so the cookie's signature says nothing of other uses.
const PURPOSE = 'sign-in device';

/** A device where a user signed in before: the user it is for and the device's own random id. */
export interface Device {
  userId: string;
  deviceId: string;
}

/** A new signed device cookie for a user who just signed in: `user.device.signature`. */
export function signDeviceCookie(keyring: Keyring, userId: string): string {
  const body = `${userId}.${randomBytes(16).toString('base64url')}`;
  return `${body}.${(keyring.keyedHashes(PURPOSE, body)[0] as Buffer).toString('base64url')}`;
}

/** The device a cookie names when its signature holds under any configured key, else null. */
export function readDeviceCookie(keyring: Keyring, cookie: string): Device | null {
  const [userId, deviceId, signature, ...rest] = cookie.split('.');
  if (!userId || !deviceId || !signature || rest.length > 0) return null;
  const given = Buffer.from(signature, 'base64url');
  const valid = keyring
    .keyedHashes(PURPOSE, `${userId}.${deviceId}`)
    .some((expected) => expected.length === given.length && timingSafeEqual(expected, given));
  return valid ? { userId, deviceId } : null;
}
