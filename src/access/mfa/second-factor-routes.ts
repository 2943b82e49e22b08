import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/database.js';
import { SosError } from '../../platform/errors.js';
import { errorResponses } from '../../platform/http/error-response.js';
import type { Keyring } from '../../platform/keyring.js';
import { presentSignedIn, signedInSchema } from '../actor-presenter.js';
import { DEVICE_COOKIE, SESSION_COOKIE } from '../routes.js';
import { relyingParty } from './relying-party.js';
import { REMEMBER_DEVICE_DAYS, REMEMBERED_DEVICE_COOKIE } from './remembered-device.js';
import {
  presentSecondFactors,
  presentTotpEnrolment,
  recoveryCodesSchema,
  secondFactorListSchema,
  totpEnrolmentSchema,
} from './second-factor-presenter.js';
import { SecondFactorService } from './second-factor-service.js';
import {
  type SecondFactorAttempt,
  type SecondFactorGiven,
  SecondFactorSignIn,
} from './second-factor-sign-in.js';

/** What the second-factor routes need. */
export interface SecondFactorRouteDependencies {
  db: Database;
  clock: Clock;
  keyring: Keyring;
  publicUrl: string | null;
  secureCookies: boolean;
}

const tags = ['second-factors'];
const base64url = z
  .string()
  .min(1)
  .max(16_384)
  .regex(/^[A-Za-z0-9_-]+$/, 'base64url');
const code = z.string().trim().min(6).max(40);
const name = z.string().trim().min(1).max(60);
const idParams = z.object({ id: z.uuid() }).strict();
const extensions = z.record(z.string(), z.unknown());
/** What the browser's navigator.credentials.create() made, as JSON (WebAuthn Level 3 toJSON). */
const registrationResponse = z.object({
  id: base64url,
  rawId: base64url,
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: base64url,
    attestationObject: base64url,
    authenticatorData: base64url.optional(),
    publicKey: base64url.optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    transports: z.array(z.string().max(40)).max(10).optional(),
  }),
  clientExtensionResults: extensions,
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
});
/** What the browser's navigator.credentials.get() signed, as JSON. */
const authenticationResponse = z.object({
  id: base64url,
  rawId: base64url,
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: base64url,
    authenticatorData: base64url,
    signature: base64url,
    userHandle: base64url.optional(),
  }),
  clientExtensionResults: extensions,
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
});
const webauthnOptions = z
  .record(z.string(), z.unknown())
  .describe('Options for navigator.credentials (WebAuthn JSON), with the challenge this session must answer');
const rememberDevice = z
  .boolean()
  .default(false)
  .describe(`Skip the second factor on this device for ${REMEMBER_DEVICE_DAYS} days`);

/** TOTP and passkeys on one's own account, the sign-in's second step, and an administrator's reset. */
export function registerSecondFactorRoutes(app: FastifyInstance, deps: SecondFactorRouteDependencies): void {
  const factors = new SecondFactorService(deps.db, deps.clock, deps.keyring);
  const signIn = new SecondFactorSignIn(deps.db, deps.clock, deps.keyring);
  const rp = (request: FastifyRequest) => relyingParty(deps.publicUrl, request);
  const attempt = (request: FastifyRequest): SecondFactorAttempt => ({
    sessionToken: request.cookies[SESSION_COOKIE] ?? null,
    client: request.ip,
    deviceCookie: request.cookies[DEVICE_COOKIE] ?? null,
  });
  /** Answers a second factor given like a sign-in, with the remembered device's cookie when asked. */
  const signedIn = (reply: FastifyReply, given: SecondFactorGiven) => {
    if (given.rememberedDeviceCookie) {
      reply.setCookie(REMEMBERED_DEVICE_COOKIE, given.rememberedDeviceCookie, {
        httpOnly: true,
        sameSite: 'strict',
        secure: deps.secureCookies,
        path: '/api/v1/auth',
        maxAge: REMEMBER_DEVICE_DAYS * 24 * 60 * 60,
      });
    }
    return presentSignedIn(given.user, null);
  };
  /** Sends RATE_LIMITED with its Retry-After header, like the sign-in. */
  const throttled = (reply: FastifyReply) => (error: unknown) => {
    const details = error instanceof SosError ? (error.details as { retry_after_seconds?: number }) : null;
    if (details?.retry_after_seconds) reply.header('retry-after', String(details.retry_after_seconds));
    throw error;
  };
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get(
    '/api/v1/account/second-factors',
    {
      schema: {
        tags,
        summary: 'Your second factors (TOTP apps and passkeys) and how many recovery codes are left',
        response: { 200: secondFactorListSchema, ...errorResponses },
      },
    },
    async (request) => presentSecondFactors(await factors.list(request.actor)),
  );
  typed.post(
    '/api/v1/account/second-factors/totp',
    {
      schema: {
        tags,
        summary: 'Begin adding an authenticator app: its secret, shown once, to confirm with a code',
        body: z.object({ name }).strict(),
        response: { 201: totpEnrolmentSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(presentTotpEnrolment(await factors.startTotp(request.actor, request.body.name))),
  );
  typed.post(
    '/api/v1/account/second-factors/totp/:id/confirm',
    {
      schema: {
        tags,
        summary: 'Confirm an authenticator app with its current code; recovery codes shown once; audited',
        params: idParams,
        body: z.object({ code }).strict(),
        response: { 200: recoveryCodesSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { recoveryCodes } = await factors.confirmTotp(
        request.actor,
        request.params.id,
        request.body.code,
      );
      return { recovery_codes: recoveryCodes };
    },
  );
  typed.post(
    '/api/v1/account/second-factors/webauthn/options',
    {
      schema: {
        tags,
        summary: 'Options for the browser to make a passkey for your account',
        response: { 200: webauthnOptions, ...errorResponses },
      },
    },
    async (request) => ({ ...(await factors.passkeyRegistrationOptions(request.actor, rp(request))) }),
  );
  typed.post(
    '/api/v1/account/second-factors/webauthn',
    {
      schema: {
        tags,
        summary: 'Add the passkey the browser made; recovery codes shown once; audited',
        body: z.object({ name, response: registrationResponse }).strict(),
        response: { 201: recoveryCodesSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { recoveryCodes } = await factors.registerPasskey(
        request.actor,
        rp(request),
        request.body.response as RegistrationResponseJSON,
        request.body.name,
      );
      return reply.code(201).send({ recovery_codes: recoveryCodes });
    },
  );
  typed.post(
    '/api/v1/account/second-factors/recovery-codes',
    {
      schema: {
        tags,
        summary: 'New recovery codes in place of the old ones, shown once (after a recent sign-in); audited',
        response: { 200: recoveryCodesSchema, ...errorResponses },
      },
    },
    async (request) => ({
      recovery_codes: (await factors.regenerateRecoveryCodes(request.actor)).recoveryCodes,
    }),
  );
  typed.delete(
    '/api/v1/account/second-factors/:id',
    {
      schema: {
        tags,
        summary:
          'Remove one of your second factors (not the last where your jurisdiction requires one); audited',
        params: idParams,
        response: { 204: z.null().meta({ type: 'null', description: 'Removed' }), ...errorResponses },
      },
    },
    async (request, reply) => {
      await factors.remove(request.actor, request.params.id);
      return reply.status(204).send(null);
    },
  );
  typed.post(
    '/api/v1/admin/users/:id/second-factors/reset',
    {
      schema: {
        tags,
        summary:
          "Reset a user's second factors (administrators): factors, recovery codes and remembered devices go, the user's sessions end; audited",
        params: idParams,
        response: {
          200: z.object({ factors_removed: z.number().int(), sessions_revoked: z.number().int() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const done = await factors.reset(request.actor, request.params.id);
      return { factors_removed: done.factorsRemoved, sessions_revoked: done.sessionsRevoked };
    },
  );

  typed.post(
    '/api/v1/auth/second-factor/totp',
    {
      schema: {
        tags,
        summary: 'Second step of a sign-in: the code of your authenticator app',
        body: z.object({ code, remember_device: rememberDevice }).strict(),
        response: { 200: signedInSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      signedIn(
        reply,
        await signIn
          .withTotp(attempt(request), request.body.code, request.body.remember_device)
          .catch(throttled(reply)),
      ),
  );
  typed.post(
    '/api/v1/auth/second-factor/recovery',
    {
      schema: {
        tags,
        summary: 'Second step of a sign-in: one of your recovery codes (each works once)',
        body: z.object({ code }).strict(),
        response: { 200: signedInSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      signedIn(
        reply,
        await signIn.withRecoveryCode(attempt(request), request.body.code).catch(throttled(reply)),
      ),
  );
  typed.post(
    '/api/v1/auth/second-factor/webauthn/options',
    {
      schema: {
        tags,
        summary: 'Second step of a sign-in: options for the browser to sign with one of your passkeys',
        response: { 200: webauthnOptions, ...errorResponses },
      },
    },
    async (request) => ({
      ...(await signIn.passkeyOptions(request.cookies[SESSION_COOKIE] ?? null, rp(request))),
    }),
  );
  typed.post(
    '/api/v1/auth/second-factor/webauthn',
    {
      schema: {
        tags,
        summary: 'Second step of a sign-in: the passkey signature the browser made',
        body: z.object({ response: authenticationResponse, remember_device: rememberDevice }).strict(),
        response: { 200: signedInSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      signedIn(
        reply,
        await signIn
          .withPasskey(
            attempt(request),
            rp(request),
            request.body.response as AuthenticationResponseJSON,
            request.body.remember_device,
          )
          .catch(throttled(reply)),
      ),
  );
}
