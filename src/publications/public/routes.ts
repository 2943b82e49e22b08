import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listPublicSharingAgreements } from '../../access/sharing-agreements/sharing-agreement-service.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/database.js';
import { errorResponses } from '../../platform/http/error-response.js';
import { fileResponse } from '../../platform/http/file-response.js';
import type { AggregateCache } from '../../surveillance/aggregates/aggregate-cache.js';
import { parseReportWeek } from '../weekly/report-week.js';
import { makeWeeklyReportFile } from '../weekly/weekly-report-file.js';
import { renderDataUsePage } from './data-use-page.js';
import { readDataUseFacts } from './data-use-service.js';
import { dataUseLanguages } from './data-use-words.js';
import { OPEN_DATA_FILES, openDataFile } from './open-data.js';
import { renderPublicAgreements } from './public-agreements-page.js';
import { renderPublicDashboard, renderPublicIndex, renderPublicMethodology } from './public-page.js';
import {
  presentPublicFigures,
  presentPublicJurisdiction,
  publicFiguresSchema,
  publicJurisdictionListSchema,
} from './public-presenter.js';
import { readPublicFigures, readPublishingJurisdictions } from './public-service.js';

const jurisdictionParam = z.object({ jurisdiction: z.string().min(1).max(64).describe('Id or short name') });

/** Public figures are one publication for everyone: who asks changes nothing (see access/routes.ts). */
const EVERYONE_ALIKE = { answersEveryoneAlike: true };

/**
 * The public (T0) API: no sign-in. Everything comes from a jurisdiction's public figures of the
 * current public week, suppressed once and served alike to everyone.
 */
export function registerPublicRoutes(
  app: FastifyInstance,
  context: { db: Database; clock: Clock; aggregateCache: AggregateCache },
): void {
  const { db } = context;
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const figures = (actor: Parameters<typeof readPublicFigures>[1], jurisdiction: string) =>
    readPublicFigures(db, actor, jurisdiction, { clock: context.clock, cache: context.aggregateCache });

  typed.get('/public', { config: EVERYONE_ALIKE, schema: { hide: true } }, async (request, reply) => {
    const jurisdictions = await readPublishingJurisdictions(db, request.actor);
    return reply.type('text/html; charset=utf-8').send(renderPublicIndex(jurisdictions));
  });

  typed.get(
    '/public/:jurisdiction',
    {
      config: EVERYONE_ALIKE,
      schema: {
        hide: true,
        params: jurisdictionParam,
        querystring: z.object({
          month: z
            .string()
            .regex(/^\d{4}-\d{2}$/, 'a month as YYYY-MM')
            .optional(),
        }),
      },
    },
    async (request, reply) => {
      const { jurisdiction, figures: f } = await figures(request.actor, request.params.jurisdiction);
      return reply
        .type('text/html; charset=utf-8')
        .send(renderPublicDashboard(jurisdiction, f, request.query.month));
    },
  );

  typed.get(
    '/public/:jurisdiction/methodology',
    { config: EVERYONE_ALIKE, schema: { hide: true, params: jurisdictionParam } },
    async (request, reply) => {
      const { jurisdiction, figures: f } = await figures(request.actor, request.params.jurisdiction);
      return reply.type('text/html; charset=utf-8').send(renderPublicMethodology(jurisdiction, f));
    },
  );

  typed.get(
    '/public/:jurisdiction/agreements',
    { config: EVERYONE_ALIKE, schema: { hide: true, params: jurisdictionParam } },
    async (request, reply) => {
      const { jurisdiction, agreements } = await listPublicSharingAgreements(
        context,
        request.actor,
        request.params.jurisdiction,
      );
      return reply.type('text/html; charset=utf-8').send(renderPublicAgreements(jurisdiction, agreements));
    },
  );

  typed.get(
    '/public/:jurisdiction/data-use',
    {
      config: EVERYONE_ALIKE,
      schema: {
        hide: true,
        params: jurisdictionParam,
        querystring: z.object({ lang: z.enum(dataUseLanguages).default('en') }),
      },
    },
    async (request, reply) => {
      const facts = await readDataUseFacts(context, request.actor, request.params.jurisdiction);
      return reply.type('text/html; charset=utf-8').send(renderDataUsePage(facts, request.query.lang));
    },
  );

  typed.get(
    '/api/public/v1/jurisdictions',
    {
      config: EVERYONE_ALIKE,
      schema: {
        tags: ['public'],
        summary: 'The jurisdictions that publish figures',
        response: { 200: publicJurisdictionListSchema, ...errorResponses },
      },
    },
    async (request) => {
      const jurisdictions = await readPublishingJurisdictions(db, request.actor);
      return { jurisdictions: jurisdictions.map(presentPublicJurisdiction) };
    },
  );

  typed.get(
    '/api/public/v1/jurisdictions/:jurisdiction/figures',
    {
      config: EVERYONE_ALIKE,
      schema: {
        tags: ['public'],
        summary:
          'Public figures: weekly totals, monthly and annual totals since the first year, monthly counts by public area and by group, suppressed',
        description:
          'Counts of 1 to k−1 and the counts that would reveal them are null. Weeks are MMWR weeks; areas ' +
          'hold at least min_population residents. The figures run to the last complete week and stay the ' +
          'same all that week.',
        params: jurisdictionParam,
        response: { 200: publicFiguresSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { jurisdiction, figures: f } = await figures(request.actor, request.params.jurisdiction);
      return presentPublicFigures(jurisdiction, f);
    },
  );

  typed.get(
    '/api/public/v1/jurisdictions/:jurisdiction/open-data/:file',
    {
      config: EVERYONE_ALIKE,
      schema: {
        tags: ['public'],
        summary:
          'Open data: weekly.csv, monthly.csv, annual.csv, monthly-by-area.csv, monthly-by-group.csv, areas.geojson, data-dictionary.csv',
        params: jurisdictionParam.extend({ file: z.enum(OPEN_DATA_FILES) }),
        response: {
          200: fileResponse('The file, as an attachment: CSV, or GeoJSON for areas.geojson', [
            'text/csv',
            'application/geo+json',
          ]),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { jurisdiction, figures: f } = await figures(request.actor, request.params.jurisdiction);
      const file = openDataFile(f, request.params.file);
      return reply
        .type(file.contentType)
        .header(
          'content-disposition',
          `attachment; filename="sos-${jurisdiction.shortName}-${f.asOf.label}-${file.name}"`,
        )
        .send(file.body);
    },
  );

  typed.get(
    '/api/public/v1/jurisdictions/:jurisdiction/weekly-report',
    {
      config: EVERYONE_ALIKE,
      schema: {
        tags: ['public'],
        summary:
          'The public weekly announcement of the current public week (earlier weeks: the reports archive)',
        params: jurisdictionParam,
        querystring: z.object({ format: z.enum(['html', 'pdf']).default('html') }),
        response: {
          200: fileResponse('The announcement: HTML shown inline, or PDF as an attachment', [
            'text/html',
            'application/pdf',
          ]),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { jurisdiction, figures: f } = await figures(request.actor, request.params.jurisdiction);
      const file = await makeWeeklyReportFile(
        db,
        request.actor,
        {
          jurisdiction: jurisdiction.id,
          week: parseReportWeek(f.asOf.label),
          audience: 'public',
          format: request.query.format,
        },
        { clock: context.clock, cache: context.aggregateCache },
      );
      return reply
        .type(file.contentType)
        .header(
          'content-disposition',
          `${request.query.format === 'pdf' ? 'attachment' : 'inline'}; filename="${file.fileName}"`,
        )
        .send(Buffer.from(file.bytes));
    },
  );
}
