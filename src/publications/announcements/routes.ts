import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../platform/http/error-response.js';
import { fileResponse } from '../../platform/http/file-response.js';
import {
  announcementPageSchema,
  announcementPreviewSchema,
  announcementSchema,
  announcementTextSchema,
  presentAnnouncement,
  presentPreview,
} from './announcement-presenter.js';
import {
  type AnnouncementDependencies,
  announcementFiguresFile,
  announcementFile,
  createAnnouncement,
  previewAnnouncement,
  readAnnouncement,
  readAnnouncements,
} from './announcement-service.js';
import { announcementAudiences, readingLevels } from './announcement-templates.js';

/** What the builder sends, to preview or to make an announcement. */
const requestSchema = z
  .object({
    audience: z.enum(announcementAudiences).describe('community_group, school or youth_program'),
    language: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Z]{2})?$/)
      .describe('A language with a template file: en, es, ...'),
    level: z.enum(readingLevels).describe('easy (about grade 5-6) or standard (about grade 8-9)'),
    area_id: z
      .string()
      .min(1)
      .max(200)
      .nullable()
      .optional()
      .describe('A public area; absent: the whole jurisdiction'),
    message: z.string().max(1200).nullable().optional().describe("The analyst's message, printed as written"),
    signed_by: z.string().max(120).nullable().optional().describe('Who the message is from'),
    link_service_ids: z
      .array(z.string().min(1).max(200))
      .max(8)
      .optional()
      .describe('Directory services to print, from the suggestions; absent: chosen for the area'),
  })
  .strict();

/** The figures as a publication file (`sos suppression check`'s JSON). */
const figuresFileSchema = z
  .object({
    tables: z.array(
      z
        .object({
          name: z.string(),
          rows: z.array(z.string()),
          columns: z.array(z.string()),
          cells: z.array(z.array(z.number().int().nonnegative().nullable())),
        })
        .strict(),
    ),
  })
  .strict();

const params = z.object({ id: z.uuid() }).strict();

/** Sends a drawn file as an attachment nobody caches. */
function attachment(reply: FastifyReply, type: string, fileName: string, bytes: Uint8Array) {
  return reply
    .type(type)
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

/** The announcement builder and its archive (`announcement.manage`: analysts and both partner roles). */
export function registerAnnouncementRoutes(app: FastifyInstance, deps: AnnouncementDependencies): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['announcements'];
  routes.post(
    '/api/v1/announcements/preview',
    {
      schema: {
        tags,
        summary:
          "An announcement as it would be made now from the jurisdiction's public figures (nothing archived), with the directory links to choose from",
        body: requestSchema,
        response: { 200: announcementPreviewSchema, ...errorResponses },
      },
    },
    async (request) => presentPreview(await previewAnnouncement(deps, request.actor, request.body)),
  );
  routes.post(
    '/api/v1/announcements',
    {
      schema: {
        tags,
        summary:
          'Make an announcement and archive it (audited); its PDF, image, short text and figures follow its links',
        body: requestSchema,
        response: { 201: announcementSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(presentAnnouncement(await createAnnouncement(deps, request.actor, request.body))),
  );
  routes.get(
    '/api/v1/announcements',
    {
      schema: {
        tags,
        summary: "The jurisdiction's archived announcements, newest first",
        querystring: z
          .object({
            limit: z.coerce.number().int().min(1).max(100).default(20),
            cursor: z.string().max(200).optional().describe('next_cursor of the previous page'),
          })
          .strict(),
        response: { 200: announcementPageSchema, ...errorResponses },
      },
    },
    async (request) => {
      const page = await readAnnouncements(deps, request.actor, request.query);
      return { announcements: page.announcements.map(presentAnnouncement), next_cursor: page.nextCursor };
    },
  );
  routes.get(
    '/api/v1/announcements/:id',
    {
      schema: {
        tags,
        summary: 'One archived announcement',
        params,
        response: { 200: announcementSchema, ...errorResponses },
      },
    },
    async (request) => presentAnnouncement(await readAnnouncement(deps, request.actor, request.params.id)),
  );
  routes.get(
    '/api/v1/announcements/:id/pdf',
    {
      schema: {
        tags,
        summary:
          'The announcement as a PDF (printed by Chromium, or the plain layout without it), drawn from the archive',
        params,
        response: { 200: fileResponse('The PDF, as an attachment', ['application/pdf']), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { file, announcement } = await announcementFile(deps, request.actor, request.params.id, 'pdf');
      return attachment(reply, file.contentType, fileName(announcement, 'pdf'), file.bytes);
    },
  );
  routes.get(
    '/api/v1/announcements/:id/png',
    {
      schema: {
        tags,
        summary:
          'The announcement as a 1080x1080 image for social media (Chromium); PNG_RENDERER_MISSING without it',
        params,
        response: { 200: fileResponse('The image, as an attachment', ['image/png']), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { file, announcement } = await announcementFile(deps, request.actor, request.params.id, 'png');
      return attachment(reply, file.contentType, fileName(announcement, 'png'), file.bytes);
    },
  );
  routes.get(
    '/api/v1/announcements/:id/text',
    {
      schema: {
        tags,
        summary: 'The short text for SMS and social posts (280 characters at most)',
        params,
        response: { 200: announcementTextSchema, ...errorResponses },
      },
    },
    async (request) => {
      const text = (await readAnnouncement(deps, request.actor, request.params.id)).content.short;
      return { text, characters: text.length };
    },
  );
  routes.get(
    '/api/v1/announcements/:id/figures.json',
    {
      schema: {
        tags,
        summary: "The announcement's figures as a publication file that `sos suppression check` reads",
        params,
        response: { 200: figuresFileSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const file = await announcementFiguresFile(deps, request.actor, request.params.id);
      return reply
        .header(
          'content-disposition',
          `attachment; filename="announcement-${request.params.id}-figures.json"`,
        )
        .send(file);
    },
  );
}

/** `announcement-2024-W05-es-youth_program-<id prefix>.pdf`. */
function fileName(
  a: { id: string; asOfWeek: string; language: string; audience: string },
  ext: string,
): string {
  return `announcement-${a.asOfWeek}-${a.language}-${a.audience}-${a.id.slice(0, 8)}.${ext}`;
}
