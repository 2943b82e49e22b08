import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SosError } from '../platform/errors.js';
import { errorAnswers } from '../platform/http/error-response.js';
import type { IntakeDependencies } from './intake-service.js';
import { submitNemsisDocument } from './nemsis-import-service.js';
import { nemsisSummarySchema, presentNemsisSummary } from './nemsis-presenter.js';

const xmlTypes = ['application/xml', 'text/xml'];

/** Passes the body's bytes on as they arrive, refusing the request once it passes `maxBytes`. */
async function* bounded(body: AsyncIterable<Buffer>, maxBytes: number): AsyncIterable<Buffer> {
  let total = 0;
  for await (const chunk of body) {
    total += chunk.length;
    if (total > maxBytes)
      throw new SosError(
        'BODY_TOO_LARGE',
        `A NEMSIS document may have at most ${maxBytes} bytes (SOS_NEMSIS_MAX_BYTES)`,
      );
    yield chunk;
  }
}

/**
 * POST /api/v1/reports/nemsis: a NEMSIS v3.5 EMSDataSet document, read while it streams in (never
 * held whole), so its size limit is the server's setting rather than the JSON body limit.
 */
export function registerNemsisRoutes(
  app: FastifyInstance,
  deps: IntakeDependencies,
  options: { maxBytes: number },
): void {
  app.register(async (scope) => {
    // The body stays a stream: the route reads it record by record.
    scope.addContentTypeParser(xmlTypes, (_request, payload, done) => done(null, payload));
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/api/v1/reports/nemsis',
      {
        // The XML is judged by the reader (a NUL is malformed XML), not by the JSON body guards.
        config: { bodyNulJudgedPerRecord: true },
        // The schema documents the body; the stream itself is read by the handler, never validated as JSON.
        attachValidation: true,
        schema: {
          tags: ['intake'],
          summary: 'Submit a NEMSIS v3.5 EMSDataSet XML document (any number of PatientCareReports)',
          description:
            'Authenticate with an API key (Authorization: Bearer sos_...) or a session with report.submit; a user ' +
            'names the organization with ?organization_id= unless they belong to one. Content-Type: application/xml. ' +
            'Each PatientCareReport is checked (XML Schema, NEMSIS business rules), read and answered; a record-level ' +
            'problem names the element (field) and the PatientCareReport (message). A document with a DOCTYPE or ' +
            'malformed XML is refused whole (XML_HOSTILE, XML_MALFORMED). Sending it again is idempotent.',
          consumes: xmlTypes,
          querystring: z.object({ organization_id: z.string().uuid().optional() }).strict(),
          body: z.string().describe('The XML document'),
          response: {
            200: nemsisSummarySchema.describe('The counts, and each record with problems'),
            ...errorAnswers('FORBIDDEN', 'UNKNOWN_ORGANIZATION', 'XML_HOSTILE', 'XML_MALFORMED'),
          },
        },
      },
      async (request, reply) => {
        const body = request.body as unknown;
        if (!body || typeof body !== 'object' || !(Symbol.asyncIterator in body))
          throw new SosError(
            'VALIDATION_FAILED',
            'Send the NEMSIS document as the body, Content-Type: application/xml',
          );
        const length = Number(request.headers['content-length']);
        if (length > options.maxBytes)
          throw new SosError(
            'BODY_TOO_LARGE',
            `A NEMSIS document may have at most ${options.maxBytes} bytes (SOS_NEMSIS_MAX_BYTES)`,
          );
        const summary = await submitNemsisDocument(deps, request.actor, {
          organizationId: request.query.organization_id ?? null,
          bytes: bounded(body as AsyncIterable<Buffer>, options.maxBytes),
        });
        return reply.status(200).send(presentNemsisSummary(summary));
      },
    );
  });
}
