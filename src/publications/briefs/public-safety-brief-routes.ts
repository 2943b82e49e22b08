import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../platform/http/error-response.js';
import { fileResponse } from '../../platform/http/file-response.js';
import type { BriefDocument } from './brief-document.js';
import { writeBriefFile } from './brief-file.js';
import { publicSafetyBriefDocument } from './public-safety-brief-document.js';
import {
  briefFiguresFile,
  presentPublicSafetyBrief,
  publicSafetyBriefSchema,
} from './public-safety-brief-presenter.js';
import {
  type BriefDependencies,
  buildPublicSafetyBrief,
  buildResourceNeed,
  listBriefAreas,
  type PublicSafetyBriefRequest,
} from './public-safety-brief-service.js';
import { needFiguresFile } from './resource-need.js';
import { resourceNeedDocument } from './resource-need-document.js';

const BASE = '/api/v1/briefs/public-safety';

/** The area and weeks of a brief; the whole jurisdiction and the last 12 complete weeks with data by default. */
const briefQuery = z
  .object({
    layer: z.string().min(1).max(64).optional().describe("The area's layer (see /areas)"),
    area: z.string().min(1).max(64).optional().describe('An area of the layer; none: the whole jurisdiction'),
    weeks: z.coerce.number().int().min(1).max(52).optional().describe('Whole MMWR weeks, 12 by default'),
    end_week: z
      .string()
      .max(10)
      .optional()
      .describe('The last week, 2024-W05 (a complete one); by default the last complete week with data'),
  })
  .strict();

const areaListSchema = z.array(
  z
    .object({
      id: z.string(),
      name: z.string(),
      precincts: z.boolean().describe('A layer of police precincts, offered first'),
      areas: z.array(
        z.object({ id: z.string(), name: z.string(), population: z.number().int().nullable() }).strict(),
      ),
    })
    .strict(),
);

/** What a figures file holds (the format of `sos suppression check`, whose keys are its own). */
const FIGURES_FILE =
  'Published tables (tables, relations, figureSums, as `sos suppression check` reads them) and the k to check them with';

function request(query: z.infer<typeof briefQuery>): PublicSafetyBriefRequest {
  return { layer: query.layer, area: query.area, weeks: query.weeks, endWeek: query.end_week };
}

/** A file name's part for an area: "hartford", "whole-jurisdiction". */
function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'area'
  );
}

function fileName(
  what: string,
  about: { area: { id: string | null; name: string }; period: { weeks: { label: string }[] } },
  ext: string,
) {
  const area = about.area.id === null ? 'whole-jurisdiction' : slug(about.area.name);
  return `sos-${what}-${area}-${about.period.weeks.at(-1)?.label ?? ''}.${ext}`;
}

/** Sends a file as an attachment that nobody caches (partner figures). */
function attachment(reply: FastifyReply, type: string, name: string, body: string | Buffer) {
  return reply
    .type(type)
    .header('content-disposition', `attachment; filename="${name}"`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(body);
}

/** The public safety brief's routes: the area picker, the brief, its files and the resource-need one-pager. */
export function registerPublicSafetyBriefRoutes(app: FastifyInstance, deps: BriefDependencies): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['briefs'];

  typed.get(
    `${BASE}/areas`,
    {
      schema: {
        tags,
        summary: 'The layers and areas a public safety brief may be made for, precinct layers first',
        response: { 200: areaListSchema, ...errorResponses },
      },
    },
    async (req) => listBriefAreas(deps, req.actor),
  );

  typed.get(
    BASE,
    {
      schema: {
        tags,
        summary:
          'The public safety brief (T1) of an area over whole weeks: day-of-week by hour heat map, hot spots (H3 r7 cells), the trend against the same weeks a year before, outcome and suggested focus areas',
        description:
          "Counts only, at the jurisdiction's partner k. Hours are local; overdoses with no time of day are counted apart. Shares carry their denominator.",
        querystring: briefQuery,
        response: { 200: publicSafetyBriefSchema, ...errorResponses },
      },
    },
    async (req) =>
      presentPublicSafetyBrief(await buildPublicSafetyBrief(deps, req.actor, request(req.query))),
  );

  typed.get(
    `${BASE}/figures.json`,
    {
      schema: {
        tags,
        summary:
          "The brief's figures as `sos suppression check` reads them (check with --k = the file's k: the partner k)",
        querystring: briefQuery,
        response: {
          200: fileResponse(FIGURES_FILE, ['application/json']),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const brief = await buildPublicSafetyBrief(deps, req.actor, request(req.query));
      return attachment(
        reply,
        'application/json; charset=utf-8',
        fileName('brief-figures', brief, 'json'),
        JSON.stringify(briefFiguresFile(brief)),
      );
    },
  );

  for (const format of ['pdf', 'html'] as const) {
    typed.get(
      `${BASE}/brief.${format}`,
      {
        schema: {
          tags,
          summary: `The public safety brief as ${format.toUpperCase()} (PDF: printed by Chromium, else drawn plain)`,
          querystring: briefQuery,
          response: {
            200: fileResponse('The brief, as an attachment', [
              format === 'pdf' ? 'application/pdf' : 'text/html',
            ]),
            ...errorResponses,
          },
        },
      },
      async (req, reply) => {
        const brief = await buildPublicSafetyBrief(deps, req.actor, request(req.query));
        return sendDocument(
          reply,
          publicSafetyBriefDocument(brief),
          format,
          fileName('brief', brief, format),
        );
      },
    );
    typed.get(
      `${BASE}/resource-need.${format}`,
      {
        schema: {
          tags,
          summary: `The one-page resource-need summary for officials as ${format.toUpperCase()}, figures as the public's (public k, complementary suppression)`,
          querystring: briefQuery,
          response: {
            200: fileResponse('The one-pager, as an attachment', [
              format === 'pdf' ? 'application/pdf' : 'text/html',
            ]),
            ...errorResponses,
          },
        },
      },
      async (req, reply) => {
        const need = await buildResourceNeed(deps, req.actor, request(req.query));
        return sendDocument(
          reply,
          resourceNeedDocument(need),
          format,
          fileName('resource-need', need.context, format),
        );
      },
    );
  }

  typed.get(
    `${BASE}/resource-need/figures.json`,
    {
      schema: {
        tags,
        summary:
          "The one-pager's figures as `sos suppression check` reads them (check with --k = the file's k, the public k)",
        querystring: briefQuery,
        response: {
          200: fileResponse(FIGURES_FILE, ['application/json']),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const need = await buildResourceNeed(deps, req.actor, request(req.query));
      return attachment(
        reply,
        'application/json; charset=utf-8',
        fileName('resource-need-figures', need.context, 'json'),
        JSON.stringify(needFiguresFile(need)),
      );
    },
  );
}

async function sendDocument(
  reply: FastifyReply,
  document: BriefDocument,
  format: 'pdf' | 'html',
  name: string,
) {
  const file = await writeBriefFile(document, format);
  return attachment(
    reply,
    format === 'pdf' ? 'application/pdf' : 'text/html; charset=utf-8',
    name,
    Buffer.from(file.bytes),
  );
}
