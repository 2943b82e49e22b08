import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SosError } from '../platform/errors.js';
import { errorResponses } from '../platform/http/error-response.js';
import { fileResponse } from '../platform/http/file-response.js';
import { findChromium, printHtmlToPdf } from '../publications/weekly/chromium-pdf.js';
import type { OutreachDependencies } from './outreach-dependencies.js';
import { outreachServices } from './outreach-vocabulary.js';
import { breakdownDimensions } from './program-outcomes.js';
import { outcomesCsv, outcomesFileName } from './program-outcomes-csv.js';
import { outcomesPage } from './program-outcomes-page.js';
import type { Cell, PublishedHours } from './program-outcomes-publication.js';
import { type ProgramOutcomes, readProgramOutcomes } from './program-outcomes-service.js';

/** The days covered (by the clock's start, the jurisdiction's days). */
const outcomesQuery = z
  .object({
    from: z.iso.date().optional().describe('First day (YYYY-MM-DD); a year before `to` by default'),
    to: z.iso
      .date()
      .optional()
      .describe('Last day (YYYY-MM-DD), included, not after today; today by default'),
  })
  .strict();

const cell = z
  .object({
    value: z.number().int().min(0).nullable().describe('The count; null when suppressed'),
    suppressed: z
      .boolean()
      .describe('Hidden by the disclosure module (a small count or one that would reveal it)'),
  })
  .strict();
const countOf = (what: string) => z.object({ count: cell, of: cell }).strict().describe(what);
const hours = z
  .object({
    median: z.number().nullable().describe('Hours, one decimal; null when its count is suppressed or zero'),
    p90: z.number().nullable().describe('90th percentile (nearest rank), hours; null like the median'),
    n: cell.describe('The cases the statistics are over'),
    within_72h: countOf('Cases with the event within 72 h, of the cases whose 72 h are settled'),
  })
  .strict();
const repeats = z.object({ repeats: cell, of: cell }).strict();
const group = z
  .object({ group: z.string(), cases: cell, reached: cell, engaged: cell, refused: cell })
  .strict();

/** The funnel: de-identified counts only, each passed through the disclosure module. */
const outcomesAnswer = z
  .object({
    program_id: z.uuid(),
    from: z.iso.date(),
    to: z.iso.date(),
    k: z.number().int().describe('Counts of 1..k−1 are suppressed'),
    eligible_overdoses: cell,
    cases: cell,
    attempted: cell,
    people_attempted: cell,
    reached: cell,
    engaged: z.object({ total: cell, directly: cell, through_network: cell }).strict(),
    refused: cell,
    services_delivered: z.array(z.object({ service: z.enum(outreachServices), cases: cell }).strict()),
    referrals: z.array(z.object({ need: z.string(), made: cell, attended: cell }).strict()),
    hours_to_first_attempt: hours,
    hours_to_first_contact: hours,
    repeat_overdose: z.array(
      z.object({ days: z.number().int(), engaged: repeats, not_engaged: repeats }).strict(),
    ),
    breakdowns: z
      .object(
        Object.fromEntries(breakdownDimensions.map((d) => [d, z.array(group)])) as Record<
          (typeof breakdownDimensions)[number],
          z.ZodArray<typeof group>
        >,
      )
      .strict(),
    coercive_acts: z
      .object({ warrant_check: cell, arrest: cell, involuntary_commitment_petition: cell })
      .strict()
      .nullable()
      .describe('Counted from the separate register; null when it is not connected (unknown)'),
    suppressed_cells: z.number().int().min(0),
  })
  .strict();

function presentHours(h: PublishedHours): z.infer<typeof hours> {
  return { median: h.median, p90: h.p90, n: h.n, within_72h: h.within72h };
}

const presentRepeats = (r: { repeats: Cell; of: Cell }) => ({ repeats: r.repeats, of: r.of });

function present(o: ProgramOutcomes): z.infer<typeof outcomesAnswer> {
  return {
    program_id: o.programId,
    from: o.from,
    to: o.to,
    k: o.k,
    eligible_overdoses: o.eligibleOverdoses,
    cases: o.cases,
    attempted: o.attempted,
    people_attempted: o.peopleAttempted,
    reached: o.reached,
    engaged: {
      total: o.engaged.total,
      directly: o.engaged.directly,
      through_network: o.engaged.throughNetwork,
    },
    refused: o.refused,
    services_delivered: o.servicesDelivered.map((s) => ({
      service: s.service as (typeof outreachServices)[number],
      cases: s.cases,
    })),
    referrals: o.referrals.map((r) => ({ need: r.need, made: r.made, attended: r.attended })),
    hours_to_first_attempt: presentHours(o.hoursToFirstAttempt),
    hours_to_first_contact: presentHours(o.hoursToFirstContact),
    repeat_overdose: o.repeatOverdose.map((r) => ({
      days: r.days,
      engaged: presentRepeats(r.engaged),
      not_engaged: presentRepeats(r.notEngaged),
    })),
    breakdowns: Object.fromEntries(
      breakdownDimensions.map((d) => [
        d,
        o.breakdowns[d].map((g) => ({
          group: g.group,
          cases: g.cases,
          reached: g.reached,
          engaged: g.engaged,
          refused: g.refused,
        })),
      ]),
    ) as z.infer<typeof outcomesAnswer>['breakdowns'],
    coercive_acts: o.coerciveActs
      ? {
          warrant_check: o.coerciveActs.warrantCheck,
          arrest: o.coerciveActs.arrest,
          involuntary_commitment_petition: o.coerciveActs.involuntaryCommitmentPetition,
        }
      : null,
    suppressed_cells: o.suppressedCells,
  };
}

/** Sends a funder file as an attachment that nobody caches. */
function attachment(reply: FastifyReply, type: string, fileName: string, body: string | Buffer) {
  return reply
    .type(type)
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(body);
}

/** The program outcomes routes (analysts; the program's coordinators and oversight): JSON, CSV and PDF. */
export function registerProgramOutcomesRoutes(scope: FastifyInstance, deps: OutreachDependencies): void {
  const routes = scope.withTypeProvider<ZodTypeProvider>();
  const params = z.object({ programId: z.uuid() }).strict();
  routes.get(
    '/api/v1/outreach/programs/:programId/outcomes',
    {
      schema: {
        tags: ['outreach'],
        summary:
          "A program's outcomes, the funnel (eligible overdoses to engagement; hours to first attempt and contact; repeat overdoses; breakdowns), small counts suppressed",
        params,
        querystring: outcomesQuery,
        response: { 200: outcomesAnswer, ...errorResponses },
      },
    },
    async (request) =>
      present(await readProgramOutcomes(deps, request.actor, request.params.programId, request.query)),
  );
  routes.get(
    '/api/v1/outreach/programs/:programId/outcomes.csv',
    {
      schema: {
        tags: ['outreach'],
        summary:
          "A program's outcomes for funders as CSV (table,row,column,value,unit), suppressed as the JSON; passes `sos suppression check`",
        params,
        querystring: outcomesQuery,
        response: {
          200: fileResponse('The funnel, one figure a line, as an attachment', ['text/csv']),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const outcomes = await readProgramOutcomes(
        deps,
        request.actor,
        request.params.programId,
        request.query,
      );
      return attachment(
        reply,
        'text/csv; charset=utf-8',
        outcomesFileName(outcomes, 'csv'),
        outcomesCsv(outcomes),
      );
    },
  );
  routes.get(
    '/api/v1/outreach/programs/:programId/outcomes.pdf',
    {
      schema: {
        tags: ['outreach'],
        summary:
          "A program's outcomes for funders on one page (PDF printed by Chromium), suppressed as the JSON",
        params,
        querystring: outcomesQuery,
        response: {
          200: fileResponse('The one-page summary, as an attachment', ['application/pdf']),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const outcomes = await readProgramOutcomes(
        deps,
        request.actor,
        request.params.programId,
        request.query,
      );
      const chromium = findChromium();
      if (!chromium) throw new SosError('PDF_PRINTER_MISSING');
      const pdf = await printHtmlToPdf(outcomesPage(outcomes), chromium);
      return attachment(reply, 'application/pdf', outcomesFileName(outcomes, 'pdf'), Buffer.from(pdf));
    },
  );
}
