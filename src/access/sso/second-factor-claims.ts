/**
 * Authentication method references (RFC 8176) that show the provider checked more than one factor
 * (or a factor that is itself strong: a hardware or software key, a biometric): `mfa` itself, a
 * one-time code, a key, a fingerprint, the face, the iris, a retina, a smart card, a voice print.
 */
const SECOND_FACTOR_METHODS = new Set([
  'mfa',
  'otp',
  'hwk',
  'swk',
  'fpt',
  'face',
  'iris',
  'retina',
  'sc',
  'vbm',
]);

/** Whether the ID token's `amr` claim shows that the provider checked a second factor. Pure. */
export function amrShowsSecondFactor(amr: unknown): boolean {
  return (
    Array.isArray(amr) &&
    amr.some((method) => typeof method === 'string' && SECOND_FACTOR_METHODS.has(method))
  );
}
