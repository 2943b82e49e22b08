import { z } from 'zod';
import type { SecondFactorList, TotpEnrolment } from './second-factor-service.js';

/** One second factor as the Account page lists it: never its secret or public key. */
export const secondFactorSchema = z.object({
  id: z.uuid(),
  kind: z.enum(['totp', 'webauthn']),
  name: z.string(),
  created_at: z.iso.datetime(),
  last_used_at: z.iso.datetime().nullable(),
});

/** The user's factors, how many recovery codes are left, and whether a factor is required. */
export const secondFactorListSchema = z.object({
  factors: z.array(secondFactorSchema),
  recovery_codes_left: z.number().int(),
  required: z
    .boolean()
    .describe('The jurisdiction requires a second factor of your role: the last one stays'),
});

/** A TOTP enrolment begun: the secret, shown this once, as text, URI and QR code. */
export const totpEnrolmentSchema = z.object({
  id: z.uuid().describe('Confirm the enrolment under this id'),
  secret: z.string().describe('The secret in base32, to type into an authenticator app'),
  otpauth_uri: z.string(),
  qr_svg: z.string().describe('The otpauth URI as a QR code (SVG)'),
});

/** Recovery codes, shown once (null: the user still has unused ones from before). */
export const recoveryCodesSchema = z.object({
  recovery_codes: z
    .array(z.string())
    .nullable()
    .describe('Shown this once; each opens one sign-in. Null: your earlier codes stay'),
});

/** The fields of a user's second factors that leave. */
export function presentSecondFactors(list: SecondFactorList): z.infer<typeof secondFactorListSchema> {
  return {
    factors: list.factors.map((f) => ({
      id: f.id,
      kind: f.kind,
      name: f.name,
      created_at: new Date(f.createdAt).toISOString(),
      last_used_at: f.lastUsedAt ? new Date(f.lastUsedAt).toISOString() : null,
    })),
    recovery_codes_left: list.recoveryCodesLeft,
    required: list.required,
  };
}

/** The fields of a TOTP enrolment that leave (once). */
export function presentTotpEnrolment(e: TotpEnrolment): z.infer<typeof totpEnrolmentSchema> {
  return { id: e.id, secret: e.secret, otpauth_uri: e.otpauthUri, qr_svg: e.qrSvg };
}
