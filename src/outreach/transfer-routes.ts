import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../platform/http/error-response.js';
import type { OutreachDependencies } from './outreach-dependencies.js';
import { transferCase } from './transfer-service.js';

const caseParams = z.object({ caseId: z.uuid() }).strict();

/** POST /cases/:caseId/transfer. */
const transferBody = z
  .object({
    to_program_id: z.uuid(),
    consent_id: z.uuid().describe("The survivor's transfer_to_program consent naming the receiving program"),
    agreement_id: z.uuid().describe("The sharing agreement between both programs' organizations"),
    reason: z.string().max(1000).optional(),
  })
  .strict();

const transferDone = z.object({ transfer_id: z.uuid(), to_case_id: z.uuid(), disclosure_id: z.uuid() });

/** Transfers of a case to another program. */
export function registerTransferRoutes(app: FastifyInstance, deps: OutreachDependencies): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/v1/outreach/cases/:caseId/transfer',
    {
      schema: {
        tags: ['outreach'],
        summary:
          "Transfer an outreach case to another program under the survivor's consent naming it (CONSENT_REQUIRED) and a sharing agreement (AGREEMENT_REQUIRED): opens the case there, closes this one as moved, records the disclosure",
        params: caseParams,
        body: transferBody,
        response: { 201: transferDone, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await transferCase(deps, request.actor, request.params.caseId, request.body)),
  );
}
