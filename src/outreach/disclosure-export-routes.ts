import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../platform/http/error-response.js';
import { disclosureLogEntrySchema, exportPackageSchema } from './disclosure-export-presenter.js';
import { exportCaseRecords, readDisclosureLog } from './disclosure-export-service.js';
import type { OutreachDependencies } from './outreach-dependencies.js';

const tags = ['outreach'];
const caseParams = z.object({ caseId: z.uuid() }).strict();

/** POST /cases/:caseId/disclosures. */
const exportBody = z
  .object({
    recipient_organization_id: z.uuid(),
    consent_id: z.uuid().describe("The survivor's share_with_organization consent naming the recipient"),
    agreement_id: z.uuid().describe('The sharing agreement between the program and the recipient'),
    purpose: z.enum(['treatment', 'operations']).describe('Why the records are disclosed (audited)'),
  })
  .strict();

const logQuery = z
  .object({ purpose: z.enum(['treatment', 'operations', 'audit']).default('treatment') })
  .strict();

/** Exports of a case's records to another organization, and the case's disclosure log. */
export function registerDisclosureExportRoutes(app: FastifyInstance, deps: OutreachDependencies): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.post(
    '/api/v1/outreach/cases/:caseId/disclosures',
    {
      schema: {
        tags,
        summary:
          "Disclose a case's records to an organization under the survivor's consent (CONSENT_REQUIRED; written when 42 CFR Part 2 records go) and a sharing agreement (AGREEMENT_REQUIRED); Part 2 records carry their security labels, the 42 CFR 2.32 notice and a copy of the consent; recorded",
        params: caseParams,
        body: exportBody,
        response: { 201: exportPackageSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await exportCaseRecords(deps, request.actor, request.params.caseId, request.body)),
  );
  typed.get(
    '/api/v1/outreach/cases/:caseId/disclosures',
    {
      schema: {
        tags,
        summary:
          "The case's disclosure log: every flow of its identifiable data out of the program (audited)",
        params: caseParams,
        querystring: logQuery,
        response: { 200: z.object({ disclosures: z.array(disclosureLogEntrySchema) }), ...errorResponses },
      },
    },
    async (request) => ({
      disclosures: await readDisclosureLog(deps, request.actor, request.params.caseId, request.query.purpose),
    }),
  );
}
