import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../platform/http/error-response.js';
import type { OutreachDependencies } from './outreach-dependencies.js';
import { deflectionPathways } from './outreach-vocabulary.js';
import { type ProgramMetrics, readProgramMetrics } from './program-metrics-service.js';

/** GET /api/v1/outreach/programs/:programId/metrics: the days covered (by the clock's start, the jurisdiction's days). */
const metricsQuery = z
  .object({
    from: z.iso.date().optional().describe('First day (YYYY-MM-DD); a year before `to` by default'),
    to: z.iso
      .date()
      .optional()
      .describe('Last day (YYYY-MM-DD), included, not after today; today by default'),
  })
  .strict();

const shown = z.number().int().min(0).nullable().describe('A count, or null when suppressed (small counts)');
const hours = z
  .object({
    median: z.number().nullable().describe('Hours, one decimal; null when its count is suppressed or zero'),
    n: shown,
  })
  .strict();

/** The answer: de-identified counts only, each passed through the disclosure module. */
const metricsAnswer = z
  .object({
    program_id: z.uuid(),
    from: z.iso.date(),
    to: z.iso.date(),
    cases: shown,
    attempted: shown,
    reached: shown,
    engaged: shown,
    hours_to_first_attempt: hours,
    hours_to_first_contact: hours,
    by_pathway: z.array(
      z
        .object({
          pathway: z.enum(deflectionPathways).nullable().describe('null: opened by an overdose or by hand'),
          cases: shown,
          attempted: shown,
          reached: shown,
          engaged: shown,
        })
        .strict(),
    ),
    suppressed_cells: z.number().int().min(0),
  })
  .strict();

function present(metrics: ProgramMetrics): z.infer<typeof metricsAnswer> {
  return {
    program_id: metrics.programId,
    from: metrics.from,
    to: metrics.to,
    cases: metrics.cases,
    attempted: metrics.attempted,
    reached: metrics.reached,
    engaged: metrics.engaged,
    hours_to_first_attempt: metrics.hoursToFirstAttempt,
    hours_to_first_contact: metrics.hoursToFirstContact,
    by_pathway: metrics.byPathway,
    suppressed_cells: metrics.suppressedCells,
  };
}

/** The program metrics route (analysts; the program's coordinators). */
export function registerProgramMetricsRoutes(scope: FastifyInstance, deps: OutreachDependencies): void {
  scope.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/outreach/programs/:programId/metrics',
    {
      schema: {
        tags: ['outreach'],
        summary:
          "A program's de-identified metrics (cases attempted, reached, engaged; hours to first attempt and contact), small counts suppressed",
        params: z.object({ programId: z.uuid() }).strict(),
        querystring: metricsQuery,
        response: { 200: metricsAnswer, ...errorResponses },
      },
    },
    async (request) =>
      present(await readProgramMetrics(deps, request.actor, request.params.programId, request.query)),
  );
}
