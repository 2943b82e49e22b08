import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../../../platform/clock.js';
import type { Database } from '../../../platform/database.js';
import { errorResponses } from '../../../platform/http/error-response.js';
import { fileResponse } from '../../../platform/http/file-response.js';
import { verifyOwnAuditChain } from '../audit-service.js';
import { findingListSchema, readFindings } from '../findings/finding-service.js';
import { auditTrailPageSchema } from './audit-trail-presenter.js';
import { exportAuditTrailCsv, readAuditTrailPage } from './audit-trail-service.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

/** The trail's filter: every field optional, all given must hold. */
const filterSchema = z
  .object({
    user: z.string().min(1).max(320).optional().describe("The acting user's id or email"),
    action: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .describe('Actions starting with this (person. lists person.read...)'),
    subject_type: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .describe('The record type (person, overdose, user...)'),
    subject_id: z.string().min(1).max(200).optional().describe("The record's id"),
    from: isoDate.optional().describe("The first local day of the jurisdiction's time zone"),
    to: isoDate.optional().describe('The last local day (included)'),
  })
  .strict();

/** The outcome of re-checking the chain. */
const verificationSchema = z.object({
  intact: z.boolean(),
  entries: z.number().int(),
  problems: z.array(
    z.object({
      seq: z.number().int(),
      kind: z.enum(['changed', 'missing', 'inserted', 'relinked', 'truncated']),
      message: z.string(),
    }),
  ),
});

/** The audit trail of the administrator's jurisdiction: list, CSV export and chain verification. */
export function registerAuditTrailRoutes(app: FastifyInstance, deps: { db: Database; clock: Clock }): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    '/api/v1/admin/audit',
    {
      schema: {
        tags: ['audit'],
        summary:
          "The jurisdiction's audit trail, newest first, filtered and paginated (administrators); audited",
        querystring: filterSchema.extend({
          limit: z.coerce.number().int().min(1).max(500).default(50),
          cursor: z.string().max(200).optional(),
        }),
        response: { 200: auditTrailPageSchema, ...errorResponses },
      },
    },
    async (request) =>
      readAuditTrailPage(deps, request.actor, { ...request.query, cursor: request.query.cursor ?? null }),
  );
  typed.get(
    '/api/v1/admin/audit.csv',
    {
      schema: {
        tags: ['audit'],
        summary: 'The same filtered trail as CSV, streamed (administrators); the export is audited',
        querystring: filterSchema,
        response: {
          200: fileResponse('The entries, newest first, one a row; details as JSON', ['text/csv']),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const file = await exportAuditTrailCsv(deps, request.actor, request.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .send(file.stream);
    },
  );
  typed.get(
    '/api/v1/admin/audit/verification',
    {
      schema: {
        tags: ['audit'],
        summary:
          "Re-checks the jurisdiction's chain from its first entry and names every break (administrators)",
        response: { 200: verificationSchema, ...errorResponses },
      },
    },
    async (request) => {
      const report = await verifyOwnAuditChain(deps.db, request.actor);
      return { intact: report.problems.length === 0, entries: report.entries, problems: report.problems };
    },
  );
  typed.get(
    '/api/v1/admin/audit/findings',
    {
      schema: {
        tags: ['audit'],
        summary:
          'Unusual reads found in the trail (many persons, out of hours, broken glasses), newest first',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }).strict(),
        response: { 200: findingListSchema, ...errorResponses },
      },
    },
    async (request) => readFindings(deps, request.actor, request.query.limit),
  );
}
