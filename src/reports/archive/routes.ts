import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { audiences } from '../weekly/weekly-report.js';
import { type ArchiveServiceDependencies, downloadArchivedReport, readArchive } from './archive-service.js';

const jurisdiction = z
  .string()
  .min(1)
  .max(64)
  .optional()
  .describe("The jurisdiction's id or short name; signed-in users default to their own");

/** The report archive API: what the actor may read, newest first, and each file. */
export function registerArchiveRoutes(app: FastifyInstance, deps: ArchiveServiceDependencies): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    '/api/v1/reports/archive',
    {
      schema: {
        tags: ['reports'],
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
      },
    },
    async (request) => readArchive(deps, request.actor, request.query),
  );
  typed.get(
    '/api/v1/reports/archive/:id',
    {
      schema: {
        tags: ['reports'],
        summary:
          'One archived report file, as an attachment; reading an internal or partner report is audited',
        params: z.object({ id: z.uuid() }),
        querystring: z.object({ jurisdiction }).strict(),
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
