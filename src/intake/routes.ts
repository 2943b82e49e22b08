import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SosError } from '../platform/errors.js';
import { errorAnswers, errorResponseSchema } from '../platform/http/error-response.js';
import { intakeBatchSchema, intakeResultSchema, presentIntakeResult } from './intake-presenter.js';
import type { IntakeDependencies } from './intake-service.js';
import { countStatuses } from './intake-service.js';
import { MAX_BATCH, submitReports } from './submission-service.js';

const flexibleBoolean = z.union([z.boolean(), z.string()]).nullish();
const flexibleNumber = z.union([z.number(), z.string()]).nullish();

/** One report: the ODMAP-like minimum (time, place, fatal, naloxone) or the full field set. */
export const reportItemSchema = z
  .object({
    source_record_id: z.string().describe("The sender's own id for the record; resending it is idempotent"),
    occurred_at: z.string().describe('ISO 8601 date-time, or a date alone; no offset means local time'),
    latitude: flexibleNumber,
    longitude: flexibleNumber,
    address: z.string().nullish().describe('Used when there are no coordinates'),
    fatal: flexibleBoolean,
    naloxone_given: flexibleBoolean,
    naloxone_doses: flexibleNumber,
    naloxone_response: z.string().nullish(),
    source_type: z.string().nullish().describe("Defaults to the organization's type"),
    age: flexibleNumber,
    age_band: z.string().nullish(),
    sex: z.string().nullish(),
    race: z.string().nullish(),
    ethnicity: z.string().nullish(),
    substances: z
      .union([z.string(), z.array(z.string())])
      .nullish()
      .describe('A list, or text separated by ;'),
    disposition: z.string().nullish(),
    narrative: z.string().nullish(),
    person: z
      .object({
        first_name: z.string().optional(),
        last_name: z.string().optional(),
        birth_date: z.string().optional(),
        phone: z.string().optional(),
        email: z.string().optional(),
        address: z.string().optional(),
      })
      .nullish()
      .describe('Identifying details, sealed at rest and only reached through outreach'),
  })
  .passthrough();

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
      const items = reports.map((r) => (typeof r === 'object' && r !== null && !Array.isArray(r) ? r : {}));
      const organizationId =
        isBatch && typeof record.organization_id === 'string' ? record.organization_id : null;
      const results = await submitReports(deps, request.actor, {
        organizationId,
        // A signed-in person types reports into the field form; systems send them with an API key.
        channel: request.actor.kind === 'user' ? 'form' : 'api',
        reports: items as Record<string, unknown>[],
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
