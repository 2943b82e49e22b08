import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SosError } from '../platform/errors.js';
import { errorAnswers, errorResponseSchema } from '../platform/http/error-response.js';
import { formAdapter, jsonApiAdapter } from './adapters/json-api-adapter.js';
import { intakeBatchSchema, intakeResultSchema, presentIntakeResult } from './intake-presenter.js';
import type { IntakeDependencies } from './intake-service.js';
import { countStatuses } from './intake-service.js';
import { reportItemSchema } from './report-item-schema.js';
import { MAX_BATCH, submitReports } from './submission-service.js';

const submitBodySchema = z.union([
  reportItemSchema,
  z.object({
    organization_id: z.string().uuid().optional(),
    reports: z.array(reportItemSchema).max(MAX_BATCH),
  }),
]);

/** POST /api/v1/reports: one report or a batch of up to 1,000, each answered on its own. */
export function registerIntakeRoutes(app: FastifyInstance, deps: IntakeDependencies): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/v1/reports',
    {
      bodyLimit: 5 * 1024 * 1024,
      // Field-level problems are answered per report, not as one failure of the whole request:
      // the schema documents the body, and each report is validated on its own below.
      attachValidation: true,
      // A NUL in one report rejects that report, not the batch (the guard leaves the body to us).
      config: { bodyNulJudgedPerRecord: true },
      schema: {
        tags: ['intake'],
        summary: 'Submit one suspected overdose report or a batch of up to 1,000',
        description:
          'Authenticate with an API key (Authorization: Bearer sos_...) or a session. Each report is answered ' +
          'accepted, duplicate (same source_record_id and content as stored) or rejected with field-level ' +
          'reasons; a changed report with a known source_record_id is stored as a new version (a correction).',
        body: submitBodySchema,
        response: {
          200: z
            .union([intakeBatchSchema, intakeResultSchema])
            .describe('A batch, each report answered; or one report that is a duplicate'),
          201: intakeResultSchema.describe('One report, accepted'),
          422: z
            .union([intakeResultSchema, errorResponseSchema])
            .describe('One report, rejected with its problems; or Error: NUL_CHARACTER in the query'),
          ...errorAnswers('FORBIDDEN', 'UNKNOWN_ORGANIZATION', 'BATCH_TOO_LARGE'),
        },
      },
    },
    async (request, reply) => {
      const body = request.body as unknown;
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw new SosError('VALIDATION_FAILED', 'Send a report object, or {"reports": [...]}');
      }
      const record = body as Record<string, unknown>;
      const isBatch = 'reports' in record;
      if (isBatch && !Array.isArray(record.reports))
        throw new SosError('VALIDATION_FAILED', '"reports" must be a list');
      const reports = (isBatch ? record.reports : [record]) as unknown[];
      if (reports.length > MAX_BATCH) {
        throw new SosError(
          'BATCH_TOO_LARGE',
          `A batch holds at most ${MAX_BATCH} reports; this one has ${reports.length}`,
        );
      }
      const organizationId =
        isBatch && typeof record.organization_id === 'string' ? record.organization_id : null;
      const results = await submitReports(deps, request.actor, {
        organizationId,
        // A signed-in person types reports into the field form; systems send them with an API key.
        adapter: request.actor.kind === 'user' ? formAdapter : jsonApiAdapter,
        reports,
      });
      const presented = results.map(presentIntakeResult);
      if (!isBatch) {
        const [only] = presented;
        if (!only) throw new SosError('INTERNAL', 'A single report was not answered');
        return reply
          .status(only.status === 'accepted' ? 201 : only.status === 'duplicate' ? 200 : 422)
          .send(only);
      }
      return reply.status(200).send({ ...countStatuses(results), results: presented });
    },
  );
}
