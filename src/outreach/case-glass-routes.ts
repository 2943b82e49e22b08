import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../platform/http/error-response.js';
import { breakCaseGlass } from './case-glass-service.js';
import type { OutreachDependencies } from './outreach-dependencies.js';

/** POST /api/v1/outreach/cases/:caseId/break-the-glass: why the case must be read now. */
const glassBody = z
  .object({ reason: z.string().describe('Why, in a few words (10 characters or more)') })
  .strict();

/** What a broken glass answers: until when the case opens with purpose emergency. */
const glassAnswer = z.object({ expires_at: z.iso.datetime({ offset: true }) }).strict();

/** The break-the-glass route of outreach cases, for coordinators of another program. */
export function registerCaseGlassRoutes(scope: FastifyInstance, deps: OutreachDependencies): void {
  scope.withTypeProvider<ZodTypeProvider>().post(
    '/api/v1/outreach/cases/:caseId/break-the-glass',
    {
      schema: {
        tags: ['outreach'],
        summary:
          "Break the glass on another program's case (coordinators): it opens with purpose emergency for a limited time; audited, and the program's privacy contact is emailed",
        params: z.object({ caseId: z.uuid() }).strict(),
        body: glassBody,
        response: { 201: glassAnswer, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { expiresAt } = await breakCaseGlass(
        deps,
        request.actor,
        request.params.caseId,
        request.body.reason,
      );
      return reply.status(201).send({ expires_at: expiresAt.toISOString() });
    },
  );
}
