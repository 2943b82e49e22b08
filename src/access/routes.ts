import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SosError } from '../platform/errors.js';
import { type AccessService, SESSION_MS } from './access-service.js';
import { actorTier } from './policy.js';
import type { Actor } from './roles.js';

/** The session cookie: HttpOnly (no script reads it), SameSite=Strict (no cross-site sends). */
export const SESSION_COOKIE = 'sos_session';

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
      },
    },
    async (request, reply) => {
      const { token, user } = await access.login(request.body.email, request.body.password, request.ip);
      reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: secureCookies,
        path: '/',
        maxAge: SESSION_MS / 1000,
      });
      return { user: { id: user.id, email: user.email, display_name: user.displayName, role: user.role } };
    },
  );
  typed.post(
    '/api/v1/auth/logout',
    { schema: { tags: ['access'], summary: 'Sign out' } },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await access.logout(token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  );
  typed.get('/api/v1/me', { schema: { tags: ['access'], summary: 'Who is signed in' } }, async (request) => {
    const actor = request.actor;
    if (actor.kind === 'public') throw new SosError('UNAUTHENTICATED');
    if (actor.kind === 'user') {
      return {
        kind: 'user',
        id: actor.userId,
        role: actor.role,
        jurisdiction_id: actor.jurisdictionId,
        organization_id: actor.organizationId,
        tier: actorTier(actor),
      };
    }
    if (actor.kind === 'api_key') {
      return {
        kind: 'api_key',
        id: actor.keyId,
        organization_id: actor.organizationId,
        scopes: actor.scopes,
      };
    }
    return { kind: 'system' };
  });
}
