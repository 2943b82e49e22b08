import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorAnswers } from '../../platform/http/error-response.js';
import { revokedSessionsSchema, sessionListSchema } from './session-presenter.js';
import {
  listOwnSessions,
  listUserSessionsOf,
  reauthenticate,
  revokeOtherOwnSessions,
  revokeOwnSession,
  revokeUserSessionsOf,
  type SessionDependencies,
} from './session-service.js';

const tags = ['access'];
const sessionParams = z.object({ id: z.uuid() }).strict();
const userParams = z.object({ id: z.uuid() }).strict();
const reauthenticateBody = z.object({ password: z.string().min(1).max(1000) }).strict();
const reauthenticated = z.object({ authenticated_at: z.iso.datetime({ offset: true }) });

/** Own sessions, administrators' view of a user's sessions, and re-authentication. */
export function registerSessionRoutes(app: FastifyInstance, deps: SessionDependencies): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    '/api/v1/account/sessions',
    {
      schema: {
        tags,
        summary:
          'Your sessions that are still alive: device, address, sign-in method, last use; yours marked current',
        response: { 200: sessionListSchema, ...errorAnswers('FORBIDDEN') },
      },
    },
    async (request) => ({ sessions: await listOwnSessions(deps, request.actor) }),
  );
  typed.post(
    '/api/v1/account/sessions/:id/revoke',
    {
      schema: {
        tags,
        summary: 'End one of your sessions (the current one signs you out); audited',
        params: sessionParams,
        response: { 200: revokedSessionsSchema, ...errorAnswers('FORBIDDEN', 'NOT_FOUND') },
      },
    },
    async (request) => ({ revoked: await revokeOwnSession(deps, request.actor, request.params.id) }),
  );
  typed.post(
    '/api/v1/account/sessions/revoke-others',
    {
      schema: {
        tags,
        summary: 'End all your sessions but this one; audited',
        response: { 200: revokedSessionsSchema, ...errorAnswers('FORBIDDEN') },
      },
    },
    async (request) => ({ revoked: await revokeOtherOwnSessions(deps, request.actor) }),
  );
  typed.get(
    '/api/v1/admin/users/:id/sessions',
    {
      schema: {
        tags,
        summary: "A user's live sessions (administrators, own jurisdiction)",
        params: userParams,
        response: { 200: sessionListSchema, ...errorAnswers('FORBIDDEN', 'MFA_REQUIRED', 'NOT_FOUND') },
      },
    },
    async (request) => ({ sessions: await listUserSessionsOf(deps, request.actor, request.params.id) }),
  );
  typed.post(
    '/api/v1/admin/users/:id/sessions/revoke',
    {
      schema: {
        tags,
        summary: 'End every session of a user (administrators, own jurisdiction); audited',
        params: userParams,
        response: { 200: revokedSessionsSchema, ...errorAnswers('FORBIDDEN', 'MFA_REQUIRED', 'NOT_FOUND') },
      },
    },
    async (request) => ({ revoked: await revokeUserSessionsOf(deps, request.actor, request.params.id) }),
  );
  typed.post(
    '/api/v1/auth/reauthenticate',
    {
      schema: {
        tags,
        summary:
          'Confirm who you are with your password, for the exports and emergency reads that ask for a recent sign-in (REAUTHENTICATION_REQUIRED with method sso: sign in again)',
        body: reauthenticateBody,
        response: {
          200: reauthenticated,
          ...errorAnswers(
            'FORBIDDEN',
            'REAUTHENTICATION_FAILED',
            'REAUTHENTICATION_REQUIRED',
            'RATE_LIMITED',
          ),
        },
      },
    },
    async (request) => ({
      authenticated_at: (await reauthenticate(deps, request.actor, request.body.password)).toISOString(),
    }),
  );
}
