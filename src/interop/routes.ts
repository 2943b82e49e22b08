import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { IntakeDependencies } from '../intake/intake-service.js';
import { errorResponses } from '../platform/http/error-response.js';
import { fileResponse } from '../platform/http/file-response.js';
import { connectorSchema, deliverySchema } from './connector-presenter.js';
import {
  type ConnectorDependencies,
  createPushConnector,
  editPushConnector,
  listConnectorAgreements,
  listPushConnectors,
  readPushConnector,
  retryDelivery,
  sendTestDelivery,
} from './connector-service.js';
import { odmapDrugCategories } from './odmap-drug-categories.js';
import { exportOdmapCsv, listExportableAgencies, readOdmapPage } from './odmap-export-service.js';
import { importOdmapFile } from './odmap-import-service.js';

const tags = ['interop'];
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

/** Which overdoses an export takes. */
const exportQuery = z
  .object({
    organization_id: z.uuid().describe('The agency (organization) whose overdoses are exported'),
    from: isoDate.describe('First local day, included'),
    to: isoDate.describe('Last local day, included'),
  })
  .strict();

const odmapRecordSchema = z.object({
  incident_id: z.uuid().describe('The SOS overdose id'),
  incident_date: isoDate.describe("Local day in the jurisdiction's time zone"),
  incident_time: z.string().nullable().describe('Local time HH:MM; null when no source gave one'),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  overdose_type: z.enum(['Fatal', 'Non-Fatal']),
  naloxone_administered: z.enum(['Yes', 'No', 'Unknown']),
  naloxone_doses: z.number().int().nullable(),
  suspected_drugs: z.array(z.enum(odmapDrugCategories)),
  agency_id: z.uuid(),
  agency_name: z.string(),
});

const connectorBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    target_url: z.string().max(2000).describe('Where new and corrected overdoses are POSTed (http or https)'),
    organization_id: z
      .uuid()
      .nullable()
      .default(null)
      .describe("Only this agency's overdoses; null: every agency"),
    sharing_agreement_id: z.uuid().describe('The agreement in force covering line-level overdoses'),
    secret: z
      .string()
      .min(16)
      .max(500)
      .optional()
      .describe(
        'Shared secret for the HMAC-SHA256 signature (at least 16 characters); kept sealed, never shown',
      ),
    enabled: z.boolean().default(true),
  })
  .strict();

const connectorParams = z.object({ id: z.uuid() }).strict();

/** The data exchange API: ODMAP exports per agency and the push connectors with their deliveries. */
export function registerInteropRoutes(
  app: FastifyInstance,
  deps: ConnectorDependencies & { intake: IntakeDependencies },
): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const input = (b: z.infer<typeof connectorBody>) => ({
    name: b.name,
    targetUrl: b.target_url,
    organizationId: b.organization_id,
    sharingAgreementId: b.sharing_agreement_id,
    ...(b.secret !== undefined ? { secret: b.secret } : {}),
    enabled: b.enabled,
  });

  typed.get(
    '/api/v1/interop/agencies',
    {
      schema: {
        tags,
        summary: 'The agencies whose overdoses the user may export (analysts: all; a submitter: its own)',
        response: {
          200: z.object({
            agencies: z.array(z.object({ id: z.uuid(), name: z.string(), type: z.string() })),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => ({ agencies: await listExportableAgencies(deps, request.actor) }),
  );

  typed.get(
    '/api/v1/interop/odmap/overdoses.csv',
    {
      schema: {
        tags,
        summary:
          "One agency's overdoses in ODMAP's fields as CSV, streamed (analysts: any agency; a submitter: its own); audited",
        querystring: exportQuery,
        response: {
          200: fileResponse('The ODMAP records, one a row, as an attachment', ['text/csv']),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const file = await exportOdmapCsv(deps, request.actor, {
        organizationId: q.organization_id,
        from: q.from,
        to: q.to,
      });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .header('x-sos-records', String(file.records))
        .send(Readable.from(file.lines));
    },
  );

  typed.get(
    '/api/v1/interop/odmap/overdoses',
    {
      schema: {
        tags,
        summary: "A page of one agency's overdoses in ODMAP's fields, in time order; each page audited",
        querystring: exportQuery.extend({
          cursor: z.string().max(200).optional().describe('The next cursor of the previous page'),
          limit: z.coerce.number().int().min(1).max(1000).default(500),
        }),
        response: {
          200: z.object({
            records: z.array(odmapRecordSchema),
            next: z.string().nullable(),
            total: z.number().int().describe('How many overdoses the range holds in all'),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const q = request.query;
      return readOdmapPage(deps, request.actor, {
        organizationId: q.organization_id,
        from: q.from,
        to: q.to,
        cursor: q.cursor ?? null,
        limit: q.limit,
      });
    },
  );

  typed.post(
    '/api/v1/interop/odmap/import',
    {
      // An agency's month of ODMAP entries is well under a megabyte; a year of a large one fits.
      bodyLimit: 20 * 1024 * 1024,
      schema: {
        tags,
        summary:
          'Import an ODMAP-style CSV file for one agency as `sos import --preset odmap` does (a submitter: its own organization); rows it cannot read come back with their reasons',
        body: z
          .object({
            organization_id: z
              .uuid()
              .nullable()
              .default(null)
              .describe("The agency; a submitter's own by default"),
            file_name: z.string().trim().min(1).max(200),
            csv: z.string().min(1).describe("The file's text (UTF-8)"),
          })
          .strict(),
        response: {
          200: z.object({
            read: z.number().int(),
            accepted: z.number().int(),
            duplicates: z.number().int(),
            rejected: z.number().int(),
            rejected_rows: z
              .array(z.object({ row: z.number().int(), reasons: z.string() }))
              .describe(
                'The first 200 rejected rows: the data row of the file and each reason as column: message',
              ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) =>
      importOdmapFile(deps.intake, request.actor, {
        organizationId: request.body.organization_id,
        fileName: request.body.file_name,
        csv: request.body.csv,
      }),
  );

  typed.get(
    '/api/v1/interop/connectors',
    {
      schema: {
        tags,
        summary:
          'The push connectors with their deliveries per status, and the agreements one may name (analysts)',
        response: {
          200: z.object({
            connectors: z.array(connectorSchema),
            agreements: z.array(
              z.object({ id: z.uuid(), title: z.string(), party_organization_ids: z.array(z.uuid()) }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => ({
      connectors: await listPushConnectors(deps, request.actor),
      agreements: await listConnectorAgreements(deps, request.actor),
    }),
  );

  typed.post(
    '/api/v1/interop/connectors',
    {
      schema: {
        tags,
        summary: 'Add a push connector (URL checked like webhooks, agreement in force required); audited',
        body: connectorBody,
        response: { 201: connectorSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createPushConnector(deps, request.actor, input(request.body))),
  );

  typed.put(
    '/api/v1/interop/connectors/:id',
    {
      schema: {
        tags,
        summary: "Change a push connector's settings (the secret only when given); audited",
        params: connectorParams,
        body: connectorBody,
        response: { 200: connectorSchema, ...errorResponses },
      },
    },
    async (request) => editPushConnector(deps, request.actor, request.params.id, input(request.body)),
  );

  typed.get(
    '/api/v1/interop/connectors/:id/deliveries',
    {
      schema: {
        tags,
        summary: 'A connector with a page of its deliveries, newest first (status, attempts, last error)',
        params: connectorParams,
        querystring: z
          .object({
            cursor: z.string().max(200).optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
          })
          .strict(),
        response: {
          200: z.object({
            connector: connectorSchema,
            deliveries: z.array(deliverySchema),
            next: z.string().nullable(),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) =>
      readPushConnector(deps, request.actor, request.params.id, {
        cursor: request.query.cursor ?? null,
        limit: request.query.limit,
      }),
  );

  typed.post(
    '/api/v1/interop/connectors/:id/test',
    {
      schema: {
        tags,
        summary: 'Send a signed test body to the connector now (shown among its deliveries); audited',
        params: connectorParams,
        response: { 202: deliverySchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(202).send(await sendTestDelivery(deps, request.actor, request.params.id)),
  );

  typed.post(
    '/api/v1/interop/connectors/:id/deliveries/:deliveryId/retry',
    {
      schema: {
        tags,
        summary: 'Send a failed delivery again; audited',
        params: z.object({ id: z.uuid(), deliveryId: z.uuid() }).strict(),
        response: { 202: deliverySchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(202)
        .send(await retryDelivery(deps, request.actor, request.params.id, request.params.deliveryId)),
  );
}
