import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { aliasedPaths } from '../../platform/http/deprecated-alias.js';
import { errorResponses } from '../../platform/http/error-response.js';
import { fileResponse } from '../../platform/http/file-response.js';
import { ARCHIVE_PATHS, WEEKLY_PATHS } from '../publication-paths.js';
import { reportFormats } from '../schedules/report-maker.js';
import { audiences } from '../weekly/weekly-report.js';
import { archivedReportSchema, archivePageSchema } from './archive-presenter.js';
import { downloadArchivedReport, readArchive } from './archive-service.js';
import {
  makeReportByHand,
  type ReportByHandDependencies,
  reportByHandChoices,
  reportByHandChoicesSchema,
} from './report-by-hand.js';

const jurisdiction = z
  .string()
  .min(1)
  .max(64)
  .optional()
  .describe("The jurisdiction's id or short name; signed-in users default to their own");

/** POST /api/v1/publications/weekly: one complete week's report for an audience, in a format. */
const makeSchema = z
  .object({
    week: z.string().max(10).describe('An MMWR week, 2024-W05; a complete one'),
    audience: z
      .enum(audiences)
      .describe('internal (analysts), partner (analysts and partners) or public (anyone signed in)'),
    format: z.enum(reportFormats).default('pdf'),
  })
  .strict();

/** The report archive API: what the actor may read, newest first, each file, and reports made by hand. */
export function registerArchiveRoutes(app: FastifyInstance, deps: ReportByHandDependencies): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  for (const path of aliasedPaths(WEEKLY_PATHS, '/choices')) {
    typed.get(
      path.url,
      {
        ...path.options,
        schema: {
          ...path.schema,
          tags: ['publications'],
          summary:
            'What the signed-in user may make by hand: the default week (the last complete MMWR week with data), the audiences their role may make, the formats',
          response: { 200: reportByHandChoicesSchema, ...errorResponses },
        },
      },
      async (request) => reportByHandChoices(deps, request.actor),
    );
  }
  for (const path of aliasedPaths(WEEKLY_PATHS, '')) {
    typed.post(
      path.url,
      {
        ...path.options,
        schema: {
          ...path.schema,
          tags: ['publications'],
          summary:
            "Make a complete week's report for an audience the user's tier may read; it is archived (by hand) and answered with its download link",
          body: makeSchema,
          response: { 201: archivedReportSchema, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await makeReportByHand(deps, request.actor, request.body)),
    );
  }
  for (const path of aliasedPaths(ARCHIVE_PATHS, '')) {
    typed.get(
      path.url,
      {
        ...path.options,
        schema: {
          ...path.schema,
          tags: ['publications'],
          summary:
            'Archived weekly reports, newest first, metadata only: internal ones for analysts, partner ones for analysts and partners, public ones for anyone (no sign-in)',
          querystring: z
            .object({
              jurisdiction,
              audience: z.enum(audiences).optional(),
              limit: z.coerce.number().int().min(1).max(100).default(20),
              cursor: z.string().max(200).optional().describe('next_cursor of the previous page'),
            })
            .strict(),
          response: { 200: archivePageSchema, ...errorResponses },
        },
      },
      async (request) => readArchive(deps, request.actor, request.query),
    );
  }
  for (const path of aliasedPaths(ARCHIVE_PATHS, '/:id')) {
    typed.get(
      path.url,
      {
        ...path.options,
        schema: {
          ...path.schema,
          tags: ['publications'],
          summary:
            'One archived report file, as an attachment; reading an internal or partner report is audited',
          params: z.object({ id: z.uuid() }),
          querystring: z.object({ jurisdiction }).strict(),
          response: {
            200: fileResponse('The report file, as an attachment', ['application/pdf', 'text/html']),
            ...errorResponses,
          },
        },
      },
      async (request, reply) => {
        const file = await downloadArchivedReport(
          deps,
          request.actor,
          request.params.id,
          request.query.jurisdiction,
        );
        return (
          reply
            .type(file.contentType === 'text/html' ? 'text/html; charset=utf-8' : file.contentType)
            .header('content-disposition', `attachment; filename="${file.fileName}"`)
            .header('x-content-type-options', 'nosniff')
            // An HTML report opened from here runs nothing and reaches nothing of SOS.
            .header('content-security-policy', 'sandbox')
            .header('cache-control', 'private, no-store')
            .send(Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength))
        );
      },
    );
  }
}
