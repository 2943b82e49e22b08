import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CatalogCache } from '../../directory/catalog-cache.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/database.js';
import { errorResponses } from '../../platform/http/error-response.js';
import { fileResponse } from '../../platform/http/file-response.js';
import type { AggregateCache } from '../../surveillance/aggregates/aggregate-cache.js';
import type { AreaLocatorCache } from '../../surveillance/area-locator-cache.js';
import { writeTrainingBrief } from './training-brief-file.js';
import { presentTrainingBrief, trainingBriefSchema } from './training-brief-presenter.js';
import { buildTrainingBrief, type TrainingBriefDependencies } from './training-brief-service.js';

const day = z.iso.date().describe('A day (YYYY-MM-DD); the brief widens its range to whole months');

/** Where the brief is about and when: every field optional (the whole jurisdiction, the last 12 months). */
const briefQuery = z.object({
  layer: z.string().trim().min(1).max(64).optional().describe('The layer of `area`'),
  area: z
    .string()
    .trim()
    .min(1)
    .max(128)
    .optional()
    .describe('An area of `layer`; none: the whole jurisdiction'),
  from: day.optional(),
  to: day.optional(),
});

/** The files of a brief: the printable page, its PDF, and its figures for `sos suppression check`. */
const BRIEF_FILES = { 'brief.html': 'html', 'brief.pdf': 'pdf', 'figures.json': 'figures' } as const;

/** The training brief for officers and first responders (brief.read), as JSON and as files. */
export function registerTrainingBriefRoutes(
  app: FastifyInstance,
  context: { db: Database; clock: Clock; aggregateCache?: AggregateCache; locators?: AreaLocatorCache },
): void {
  const deps: TrainingBriefDependencies = {
    db: context.db,
    clock: context.clock,
    catalogs: new CatalogCache(),
    cache: context.aggregateCache,
    locators: context.locators,
  };
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    '/api/v1/briefs/training',
    {
      schema: {
        tags: ['briefs'],
        summary:
          'The training brief: who overdoses here (age, sex, race, ethnicity), substances, share fatal and with naloxone, myths against figures, Good Samaritan law, referral options; suppressed',
        querystring: briefQuery,
        response: { 200: trainingBriefSchema, ...errorResponses },
      },
    },
    async (request) => presentTrainingBrief(await buildTrainingBrief(deps, request.actor, request.query)),
  );
  typed.get(
    '/api/v1/briefs/training/:file',
    {
      schema: {
        tags: ['briefs'],
        summary:
          'The training brief as a file: brief.html (printable), brief.pdf, or figures.json (the published tables, for sos suppression check)',
        params: z.object({ file: z.enum(Object.keys(BRIEF_FILES) as [keyof typeof BRIEF_FILES]) }),
        querystring: briefQuery,
        response: {
          200: fileResponse('The brief: HTML inline, PDF or JSON as an attachment', [
            'text/html',
            'application/pdf',
            'application/json',
          ]),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const brief = await buildTrainingBrief(deps, request.actor, request.query);
      const file = await writeTrainingBrief(brief, BRIEF_FILES[request.params.file]);
      return reply
        .type(file.contentType)
        .header(
          'content-disposition',
          `${file.contentType === 'text/html' ? 'inline' : 'attachment'}; filename="${file.fileName}"`,
        )
        .send(Buffer.from(file.bytes));
    },
  );
}
