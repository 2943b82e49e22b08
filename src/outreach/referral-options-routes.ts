import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../platform/http/error-response.js';
import type { OutreachDependencies } from './outreach-dependencies.js';
import { referralOptionsSchema } from './referral-options-presenter.js';
import { readReferralOptions } from './referral-options-service.js';

/** GET /outreach/cases/:caseId/referral-options: the consents and agreements a referral form offers. */
export function registerReferralOptionsRoutes(app: FastifyInstance, deps: OutreachDependencies): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/outreach/cases/:caseId/referral-options',
    {
      schema: {
        tags: ['outreach'],
        summary:
          "What a referral of the case to a directory service may name: the service's provider, the case's consents naming it, the sharing agreements in force covering the flow (who may refer from the case; audited)",
        params: z.object({ caseId: z.uuid() }).strict(),
        querystring: z.object({ service_id: z.string().min(1).max(200) }).strict(),
        response: { 200: referralOptionsSchema, ...errorResponses },
      },
    },
    async (request) =>
      readReferralOptions(deps, request.actor, request.params.caseId, request.query.service_id),
  );
}
