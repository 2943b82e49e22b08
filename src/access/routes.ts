import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SosError } from '../platform/errors.js';
import { errorAnswers } from '../platform/http/error-response.js';
import { type AccessService, SESSION_MS } from './access-service.js';
import {
  presentActor,
  presentedActorSchema,
  presentSignedIn,
  sessionSchema,
  signedInSchema,
} from './actor-presenter.js';
import { REMEMBERED_DEVICE_COOKIE } from './mfa/remembered-device.js';
import type { Actor } from './roles.js';

/** The session cookie: HttpOnly (no script reads it), SameSite=Strict (no cross-site sends). */
export const SESSION_COOKIE = 'sos_session';
/** The signed cookie of a device where a user signed in before; sent only to the sign-in routes. */
export const DEVICE_COOKIE = 'sos_device';
const DEVICE_COOKIE_PATH = '/api/v1/auth';
const DEVICE_COOKIE_SECONDS = 180 * 24 * 60 * 60;

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking: resolved from an API key or a session cookie before any handler runs. */
    actor: Actor;
  }
  interface FastifyContextConfig {
    /**
     * A public (T0) route: it answers everyone alike, so credentials are not read (not even checked)
     * and every caller is the public, signed in or not, with a key or without.
     */
    answersEveryoneAlike?: boolean;
  }
}

/** Reads the API key from `Authorization: Bearer` or `X-API-Key`. */
export function apiKeyOf(request: FastifyRequest): string | null {
  const auth = request.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  const header = request.headers['x-api-key'];
  return typeof header === 'string' ? header.trim() : null;
}

/** Sets the cookies of a sign-in: the session's, and the device's that lets it past the failure count next time. */
export function setSignInCookies(
  reply: FastifyReply,
  signedIn: { token: string; deviceCookie: string },
  secureCookies: boolean,
): void {
  // The session cookie first: clients that keep one cookie take the first.
  reply.setCookie(SESSION_COOKIE, signedIn.token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: secureCookies,
    path: '/',
    maxAge: SESSION_MS / 1000,
  });
  reply.setCookie(DEVICE_COOKIE, signedIn.deviceCookie, {
    httpOnly: true,
    sameSite: 'strict',
    secure: secureCookies,
    path: DEVICE_COOKIE_PATH,
    maxAge: DEVICE_COOKIE_SECONDS,
  });
}

/** Resolves the actor of every request, then registers sign-in, sign-out and "who am I". */
export function registerAccessRoutes(
  app: FastifyInstance,
  access: AccessService,
  secureCookies: boolean,
): void {
  // Null until the onRequest hook below sets it; declared up front so every request has the same shape.
  app.decorateRequest('actor', null as never);
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config.answersEveryoneAlike) {
      request.actor = { kind: 'public' };
      return;
    }
    const key = apiKeyOf(request);
    if (key) {
      const actor = await access.actorForApiKey(key);
      if (!actor) throw new SosError('UNAUTHENTICATED', 'The API key is not valid or was revoked');
      request.actor = actor;
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    request.actor = (token && (await access.actorForSession(token))) || { kind: 'public' };
  });

  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.post(
    '/api/v1/auth/login',
    {
      schema: {
        tags: ['access'],
        summary: 'Sign in with email and password; sets the session cookie',
        body: z.object({ email: z.string().min(3).max(320), password: z.string().min(1).max(1000) }),
        response: { 200: signedInSchema, ...errorAnswers('INVALID_CREDENTIALS', 'RATE_LIMITED') },
      },
    },
    async (request, reply) => {
      const { token, user, deviceCookie, secondFactor } = await access
        .login(
          request.body.email,
          request.body.password,
          request.ip,
          request.cookies[DEVICE_COOKIE] ?? null,
          request.headers['user-agent']?.slice(0, 400) ?? null,
          request.cookies[REMEMBERED_DEVICE_COOKIE] ?? null,
        )
        .catch((error: unknown) => {
          const details =
            error instanceof SosError ? (error.details as { retry_after_seconds?: number }) : null;
          if (details?.retry_after_seconds) reply.header('retry-after', String(details.retry_after_seconds));
          throw error;
        });
      setSignInCookies(reply, { token, deviceCookie }, secureCookies);
      return presentSignedIn(user, secondFactor);
    },
  );
  typed.post(
    '/api/v1/auth/logout',
    {
      schema: {
        tags: ['access'],
        summary: 'Sign out',
        response: {
          204: z
            .null()
            .meta({ type: 'null', description: 'Signed out: the session ends and its cookie is cleared' }),
        },
      },
    },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await access.logout(token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );
  typed.get(
    '/api/v1/me',
    { schema: { tags: ['access'], summary: 'Who is signed in', response: { 200: presentedActorSchema } } },
    async (request) => {
      if (request.actor.kind === 'public') throw new SosError('UNAUTHENTICATED');
      return presentActor(request.actor);
    },
  );
  // The app asks this on every load, before it knows whether anyone is signed in: being signed out is
  // an answer here, not an error, so the sign-in page opens without a failed request.
  typed.get(
    '/api/v1/auth/session',
    {
      schema: {
        tags: ['access'],
        summary: 'Whether the request is signed in, and as whom (200 either way)',
        response: { 200: sessionSchema },
      },
    },
    async (request) =>
      request.actor.kind === 'public'
        ? { signed_in: false, me: null }
        : { signed_in: true, me: presentActor(request.actor) },
  );
}
