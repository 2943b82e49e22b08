import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorAnswers } from '../../platform/http/error-response.js';
import { presentSignedIn, signedInSchema } from '../actor-presenter.js';
import { setSignInCookies } from '../routes.js';
import type { PeopleDependencies } from '../users/people-dependencies.js';
import { acceptInvitation, lookUpInvitation } from './invitation-service.js';

/** The header the welcome page sends the token in: never in a URL, so no log holds it. */
export const INVITATION_TOKEN_HEADER = 'x-invitation-token';

const tags = ['access'];
const token = z.string().min(1).max(200).describe('The token of the link (after #token=)');

/** Taking up an invitation: who it is for, then a password and a session. */
export function registerInvitationRoutes(
  app: FastifyInstance,
  deps: PeopleDependencies,
  secureCookies: boolean,
): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    '/api/v1/auth/invitations/lookup',
    {
      schema: {
        tags,
        summary: `Who an invitation is for; the token goes in the ${INVITATION_TOKEN_HEADER} header, never the URL`,
        headers: z.object({ [INVITATION_TOKEN_HEADER]: token }),
        response: {
          200: z.object({ email: z.string(), display_name: z.string() }),
          ...errorAnswers('INVITATION_INVALID', 'VALIDATION_FAILED'),
        },
      },
    },
    async (request) => lookUpInvitation(deps, request.headers[INVITATION_TOKEN_HEADER]),
  );
  typed.post(
    '/api/v1/auth/invitations/accept',
    {
      schema: {
        tags,
        summary:
          'Take up an invitation: set the password (the policy checked), the link used once, signed in as by a sign-in',
        body: z.object({ token, password: z.string().min(1).max(1000) }).strict(),
        response: {
          200: signedInSchema,
          ...errorAnswers('INVITATION_INVALID', 'PASSWORD_TOO_WEAK', 'VALIDATION_FAILED'),
        },
      },
    },
    async (request, reply) => {
      const signedIn = await acceptInvitation(deps, {
        token: request.body.token,
        password: request.body.password,
        client: request.ip,
        userAgent: request.headers['user-agent']?.slice(0, 400) ?? null,
      });
      setSignInCookies(reply, signedIn, secureCookies);
      return presentSignedIn(signedIn.user);
    },
  );
}
