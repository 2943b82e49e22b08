import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/database.js';
import { errorAnswers } from '../../platform/http/error-response.js';
import type { Keyring } from '../../platform/keyring.js';
import { changeOwnPassword } from './own-password-service.js';

/** The signed-in user's own password. */
export function registerOwnPasswordRoutes(
  app: FastifyInstance,
  deps: { db: Database; clock: Clock; keyring: Keyring },
): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/v1/account/password',
    {
      schema: {
        tags: ['account'],
        summary:
          "Change one's own password (the current one asked); every other session of the user is revoked; audited",
        body: z
          .object({
            current_password: z.string().min(1).max(1000),
            new_password: z.string().min(1).max(1000),
          })
          .strict(),
        response: {
          200: z.object({
            revoked_sessions: z.number().int().describe('How many other sessions were signed out'),
          }),
          ...errorAnswers(
            'CURRENT_PASSWORD_WRONG',
            'PASSWORD_TOO_WEAK',
            'PASSWORD_NOT_SET',
            'FORBIDDEN',
            'NOT_FOUND',
            'VALIDATION_FAILED',
            'RATE_LIMITED',
          ),
        },
      },
    },
    async (request) => changeOwnPassword(deps, request.actor, request.body),
  );
}
