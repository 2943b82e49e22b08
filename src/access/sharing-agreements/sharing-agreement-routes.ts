import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../platform/http/error-response.js';
import { fileResponse } from '../../platform/http/file-response.js';
import { MAX_AGREEMENT_DOCUMENT_BYTES } from './agreement-document.js';
import { agreementDataCategories } from './sharing-agreement.js';
import { agreementSchema, publicAgreementSchema } from './sharing-agreement-presenter.js';
import {
  type AgreementDocumentFile,
  createSharingAgreement,
  downloadPublicAgreementDocument,
  downloadSharingAgreementDocument,
  editSharingAgreement,
  listAgreementParties,
  listPublicSharingAgreements,
  listSharingAgreements,
  readSharingAgreement,
  type SharingAgreementDependencies,
} from './sharing-agreement-service.js';

/** The media types a signed document may have: served back as attachments, never run in a page. */
export const agreementDocumentTypes = [
  'application/pdf',
  'text/plain',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
] as const;

const documentBody = z
  .object({
    name: z.string().min(1).max(200),
    type: z.enum(agreementDocumentTypes),
    base64: z.string().min(1).describe('The file, base64 (at most 5 MB once decoded)'),
  })
  .strict();

/** POST /sharing-agreements: every field but the end of term, public and the document. */
const createBody = z
  .object({
    title: z.string().trim().min(1).max(300),
    parties: z.array(z.uuid()).min(1).max(50).describe("Ids of the jurisdiction's organizations"),
    purpose: z.string().trim().min(1).max(2000),
    data_categories: z.array(z.enum(agreementDataCategories)).min(1),
    legal_basis: z.string().trim().min(1).max(1000),
    starts_on: z.iso.date(),
    ends_on: z.iso.date().nullable().optional(),
    public: z.boolean().optional(),
    document: documentBody.optional(),
  })
  .strict();

/** PATCH /sharing-agreements/:id: any of the fields. */
const editBody = createBody.partial().strict();

const idParams = z.object({ id: z.uuid() }).strict();
const publicQuery = z
  .object({ jurisdiction: z.string().min(1).max(64).describe('Id or short name') })
  .strict();
const tags = ['sharing-agreements'];
/** Room for a 5 MB document in base64 (4/3 of it) and the agreement's fields. */
const bodyLimit = Math.ceil((MAX_AGREEMENT_DOCUMENT_BYTES * 4) / 3) + 64 * 1024;

/** A document sent as an attachment, with a file name safe in the header. */
function sendDocument(reply: FastifyReply, file: AgreementDocumentFile) {
  const name = file.name.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 120) || 'agreement';
  return reply
    .type(file.type)
    .header('content-disposition', `attachment; filename="${name}"`)
    .header('x-document-sha256', file.sha256)
    .send(file.bytes);
}

/** Sharing agreements: managed by administrators; the public ones listed for everyone. */
export function registerSharingAgreementRoutes(
  app: FastifyInstance,
  deps: SharingAgreementDependencies,
): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    '/api/v1/sharing-agreements',
    {
      schema: {
        tags,
        summary: "The jurisdiction's sharing agreements, by title (administrators)",
        response: { 200: z.object({ agreements: z.array(agreementSchema) }), ...errorResponses },
      },
    },
    async (request) => ({ agreements: await listSharingAgreements(deps, request.actor) }),
  );
  typed.post(
    '/api/v1/sharing-agreements',
    {
      bodyLimit,
      schema: {
        tags,
        summary:
          'Record a sharing agreement: parties (organizations of the jurisdiction), purpose, data categories, legal basis, term, public or not, the signed document (kept with its SHA-256); audited',
        body: createBody,
        response: { 201: agreementSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createSharingAgreement(deps, request.actor, request.body)),
  );
  typed.get(
    '/api/v1/sharing-agreements/parties',
    {
      schema: {
        tags,
        summary: "The jurisdiction's organizations an agreement may name as parties (administrators)",
        response: {
          200: z.object({
            organizations: z.array(z.object({ id: z.uuid(), name: z.string(), type: z.string() })),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => ({ organizations: await listAgreementParties(deps, request.actor) }),
  );
  typed.get(
    '/api/v1/sharing-agreements/:id',
    {
      schema: {
        tags,
        summary: 'One sharing agreement (administrators)',
        params: idParams,
        response: { 200: agreementSchema, ...errorResponses },
      },
    },
    async (request) => readSharingAgreement(deps, request.actor, request.params.id),
  );
  typed.patch(
    '/api/v1/sharing-agreements/:id',
    {
      bodyLimit,
      schema: {
        tags,
        summary:
          'Change a sharing agreement (the fields given; a document given replaces the old one); audited',
        params: idParams,
        body: editBody,
        response: { 200: agreementSchema, ...errorResponses },
      },
    },
    async (request) => editSharingAgreement(deps, request.actor, request.params.id, request.body),
  );
  typed.get(
    '/api/v1/sharing-agreements/:id/document',
    {
      schema: {
        tags,
        summary: "The agreement's signed document, as an attachment (administrators; audited)",
        params: idParams,
        response: { 200: fileResponse('The signed document', agreementDocumentTypes), ...errorResponses },
      },
    },
    async (request, reply) =>
      sendDocument(reply, await downloadSharingAgreementDocument(deps, request.actor, request.params.id)),
  );
  typed.get(
    '/api/v1/public/sharing-agreements',
    {
      config: { answersEveryoneAlike: true },
      schema: {
        tags: ['public'],
        summary:
          "A jurisdiction's public sharing agreements (no sign-in): parties by name, purpose, data categories, legal basis, term, the document's link",
        querystring: publicQuery,
        response: {
          200: z.object({
            jurisdiction: z.object({ short_name: z.string(), name: z.string() }),
            agreements: z.array(publicAgreementSchema),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => listPublicSharingAgreements(deps, request.actor, request.query.jurisdiction),
  );
  typed.get(
    '/api/v1/public/sharing-agreements/:id/document',
    {
      config: { answersEveryoneAlike: true },
      schema: {
        tags: ['public'],
        summary: "A public agreement's signed document, as an attachment (no sign-in)",
        params: idParams,
        querystring: publicQuery,
        response: { 200: fileResponse('The signed document', agreementDocumentTypes), ...errorResponses },
      },
    },
    async (request, reply) =>
      sendDocument(
        reply,
        await downloadPublicAgreementDocument(
          deps,
          request.actor,
          request.query.jurisdiction,
          request.params.id,
        ),
      ),
  );
}
