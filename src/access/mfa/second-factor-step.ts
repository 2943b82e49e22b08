import type { Queryable } from '../../platform/database.js';
import type { Keyring } from '../../platform/keyring.js';
import { rememberedDeviceTokenHash } from './remembered-device.js';
import { countRecoveryCodesLeft, isDeviceRemembered, listSecondFactors } from './second-factor-repository.js';

/** The ways a user may give a second factor at sign-in. */
export const secondFactorMethods = ['totp', 'webauthn', 'recovery_code'] as const;
/** A way to give a second factor. */
export type SecondFactorMethod = (typeof secondFactorMethods)[number];

/** What a new session owes after the password: a second factor (and by which methods), or nothing. */
export type SecondFactorStep =
  | { due: false; givenAt: Date | null }
  | { due: true; methods: SecondFactorMethod[] };

/**
 * What a user who just gave a correct password still owes: nothing without a confirmed factor;
 * nothing on a device the user chose to remember (it counts as a second factor given now); else a
 * second factor by any of the methods the user has.
 */
export async function secondFactorStep(
  db: Queryable,
  keyring: Keyring,
  user: { jurisdictionId: string; id: string },
  rememberedDeviceCookie: string | null,
  now: Date,
): Promise<SecondFactorStep> {
  const factors = await listSecondFactors(db, user.jurisdictionId, user.id);
  if (factors.length === 0) return { due: false, givenAt: null };
  const tokenHash = rememberedDeviceCookie
    ? rememberedDeviceTokenHash(keyring, rememberedDeviceCookie)
    : null;
  if (tokenHash && (await isDeviceRemembered(db, user.jurisdictionId, user.id, tokenHash, now))) {
    return { due: false, givenAt: now };
  }
  const methods = secondFactorMethods.filter((method) =>
    method === 'recovery_code' ? false : factors.some((f) => f.kind === method),
  );
  if ((await countRecoveryCodesLeft(db, user.jurisdictionId, user.id)) > 0) methods.push('recovery_code');
  return { due: true, methods };
}
