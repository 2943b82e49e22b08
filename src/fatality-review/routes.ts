import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findJurisdiction } from '../access/jurisdictions/jurisdiction-service.js';
import { roles } from '../access/roles.js';
import type { Clock } from '../platform/clock.js';
import type { Database } from '../platform/database.js';
import { SosError } from '../platform/errors.js';
import { errorResponses } from '../platform/http/error-response.js';
import { fileResponse } from '../platform/http/file-response.js';
import type { Keyring } from '../platform/keyring.js';
import { findChromium, printHtmlToPdf } from '../publications/weekly/chromium-pdf.js';
import { summaryFiguresFile } from './annual-summary.js';
import { annualSummaryHtml } from './annual-summary-html.js';
import { readAnnualSummary } from './annual-summary-service.js';
import { recommendationStatuses, reviewStatuses } from './fatality-review.js';
import {
  annualSummarySchema,
  findingsSchema,
  presentAnnualSummary,
  presentCase,
  presentFindings,
  presentHeader,
  reviewCaseSchema,
  reviewHeaderSchema,
} from './fatality-review-presenter.js';
import {
  changeReview,
  enrolMember,
  listEligibleMembers,
  listReviewCandidates,
  listReviewHeaders,
  openReview,
  readAgreement,
  readReviewHeader,
  signAgreement,
} from './fatality-review-service.js';
import { missedOpportunityCodes } from './missed-opportunity-categories.js';
import { readReviewCase } from './review-case-service.js';
import {
  moveRecommendationStatus,
  readFindings,
  recordMissedOpportunity,
  recordRecommendation,
} from './review-findings-service.js';
import { hideReviewsFromOthers } from './review-guard.js';

/** What the fatality review routes need. */
export interface FatalityReviewRouteDependencies {
  db: Database;
  clock: Clock;
  keyring: Keyring;
}

const tags = ['fatality-reviews'];
const day = z.iso.date();
const text = (max: number) => z.string().min(1).max(max);
const reviewParams = z.object({ reviewId: z.uuid() }).strict();
const created = z.object({ id: z.uuid() }).strict();
const yearQuery = z
  .object({ year: z.coerce.number().int().min(2000).max(2100).describe('The calendar year of the meetings') })
  .strict();

/** Sends a summary file as an attachment nobody caches. */
function attachment(reply: FastifyReply, type: string, fileName: string, body: string | Buffer) {
  return reply
    .type(type)
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(body);
}

/**
 * Overdose Fatality Review: reviews, members and agreements (analysts manage), the case and findings
 * (signed members only), the de-identified annual summary (T0) as JSON, figures.json, HTML and PDF.
 * The review routes are hidden (404) from actors who may neither manage nor read a review; the
 * annual summary stays open to the partner roles, which hold fatality_review.read_summary.
 */
export function registerFatalityReviewRoutes(
  app: FastifyInstance,
  deps: FatalityReviewRouteDependencies,
): void {
  registerAnnualSummaryRoutes(app, deps);
  app.register(async (scope) => {
    hideReviewsFromOthers(scope);
    registerReviewRoutes(scope, deps);
  });
}

/** The de-identified annual summary: JSON, figures.json, HTML and PDF. */
function registerAnnualSummaryRoutes(app: FastifyInstance, deps: FatalityReviewRouteDependencies): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    '/api/v1/fatality-reviews/summary',
    {
      schema: {
        tags,
        summary:
          'The de-identified annual summary of the reviews held in a year, small counts suppressed (k = 10)',
        querystring: yearQuery,
        response: { 200: annualSummarySchema, ...errorResponses },
      },
    },
    async (request) => presentAnnualSummary(await readAnnualSummary(deps, request.actor, request.query.year)),
  );
  typed.get(
    '/api/v1/fatality-reviews/summary/figures.json',
    {
      schema: {
        tags,
        summary: "The annual summary's figures as `sos suppression check` reads them (tables, cells, totals)",
        querystring: yearQuery,
        response: {
          200: fileResponse('The figures, as an attachment', ['application/json']),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const summary = await readAnnualSummary(deps, request.actor, request.query.year);
      return attachment(
        reply,
        'application/json; charset=utf-8',
        `fatality-reviews-${summary.year}-figures.json`,
        JSON.stringify(summaryFiguresFile(summary), null, 1),
      );
    },
  );
  for (const format of ['html', 'pdf'] as const) {
    typed.get(
      `/api/v1/fatality-reviews/summary.${format}`,
      {
        schema: {
          tags,
          summary:
            format === 'html'
              ? 'The annual summary as a self-contained HTML page (charts and tables, suppressed)'
              : 'The annual summary as PDF, printed by Chromium from the HTML',
          querystring: yearQuery,
          response: {
            200: fileResponse('The summary, as an attachment', [
              format === 'html' ? 'text/html' : 'application/pdf',
            ]),
            ...errorResponses,
          },
        },
      },
      async (request, reply) => {
        const summary = await readAnnualSummary(deps, request.actor, request.query.year);
        const jurisdictionId = request.actor.kind === 'user' ? request.actor.jurisdictionId : '';
        const jurisdiction = await findJurisdiction(deps.db, jurisdictionId);
        const html = annualSummaryHtml(summary, jurisdiction?.name ?? '');
        const name = `fatality-reviews-${summary.year}`;
        if (format === 'html') return attachment(reply, 'text/html; charset=utf-8', `${name}.html`, html);
        const chromium = findChromium();
        if (!chromium) throw new SosError('PDF_PRINTER_MISSING');
        return attachment(
          reply,
          'application/pdf',
          `${name}.pdf`,
          Buffer.from(await printHtmlToPdf(html, chromium)),
        );
      },
    );
  }
}

/** Reviews, members, agreements, the case and its findings. */
function registerReviewRoutes(app: FastifyInstance, deps: FatalityReviewRouteDependencies): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    '/api/v1/fatality-reviews',
    {
      schema: {
        tags,
        summary:
          'Fatality reviews: all of the jurisdiction to analysts who manage them, their own to members',
        querystring: z
          .object({
            limit: z.coerce.number().int().min(1).max(200).default(50),
            cursor: z.string().max(200).optional().describe('The `next` of the page before'),
          })
          .strict(),
        response: {
          200: z.object({ reviews: z.array(reviewHeaderSchema), next: z.string().nullable() }).strict(),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const page = await listReviewHeaders(deps, request.actor, {
        cursor: request.query.cursor ?? null,
        limit: request.query.limit,
      });
      return { reviews: page.reviews.map(presentHeader), next: page.next };
    },
  );
  typed.post(
    '/api/v1/fatality-reviews',
    {
      schema: {
        tags,
        summary:
          'Opens a review of a fatal overdose (one per overdose); the analyst chairs it and is its first member',
        body: z.object({ overdose_id: z.uuid(), meeting_date: day.nullable().optional() }).strict(),
        response: { 201: reviewHeaderSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const review = await openReview(deps, request.actor, {
        overdoseId: request.body.overdose_id,
        meetingDate: request.body.meeting_date ?? null,
      });
      return reply.code(201).send(presentHeader(await readReviewHeader(deps, request.actor, review.id)));
    },
  );
  typed.get(
    '/api/v1/fatality-reviews/candidates',
    {
      schema: {
        tags,
        summary: 'Fatal overdoses without a review yet, newest first (analysts who manage reviews; audited)',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }).strict(),
        response: {
          200: z
            .object({
              overdoses: z.array(
                z
                  .object({
                    id: z.uuid(),
                    occurred_date: z.string(),
                    age_band: z.string().nullable(),
                    sex: z.string().nullable(),
                    substances: z.array(z.string()),
                  })
                  .strict(),
              ),
            })
            .strict(),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const found = await listReviewCandidates(deps, request.actor, request.query.limit);
      return {
        overdoses: found.map((o) => ({
          id: o.id,
          occurred_date: o.occurredDate,
          age_band: o.ageBand,
          sex: o.sex,
          substances: o.substances,
        })),
      };
    },
  );
  typed.get(
    '/api/v1/fatality-reviews/eligible-members',
    {
      schema: {
        tags,
        summary:
          'Users who may be enrolled in a review: analysts, outreach coordinators and outreach oversight',
        response: {
          200: z
            .object({
              users: z.array(z.object({ id: z.uuid(), name: z.string(), role: z.enum(roles) }).strict()),
            })
            .strict(),
          ...errorResponses,
        },
      },
    },
    async (request) => ({ users: await listEligibleMembers(deps, request.actor) }),
  );
  typed.get(
    '/api/v1/fatality-reviews/agreement',
    {
      schema: {
        tags,
        summary: 'The confidentiality agreement members sign: its version, text and the SHA-256 of the text',
        response: {
          200: z.object({ version: z.string(), text: z.string(), text_hash: z.string() }).strict(),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const agreement = readAgreement(request.actor);
      return { version: agreement.version, text: agreement.text, text_hash: agreement.textHash };
    },
  );
  typed.get(
    '/api/v1/fatality-reviews/:reviewId',
    {
      schema: {
        tags,
        summary:
          "A review's header: status, meeting, members and their agreements (managing analysts, its members)",
        params: reviewParams,
        response: { 200: reviewHeaderSchema, ...errorResponses },
      },
    },
    async (request) => presentHeader(await readReviewHeader(deps, request.actor, request.params.reviewId)),
  );
  typed.patch(
    '/api/v1/fatality-reviews/:reviewId',
    {
      schema: {
        tags,
        summary: "Sets a review's meeting date and status (analysts who manage reviews; audited)",
        params: reviewParams,
        body: z
          .object({ meeting_date: day.nullable().optional(), status: z.enum(reviewStatuses).optional() })
          .strict(),
        response: { 200: reviewHeaderSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { meeting_date, status } = request.body;
      return presentHeader(
        await changeReview(deps, request.actor, request.params.reviewId, {
          ...(meeting_date !== undefined ? { meetingDate: meeting_date } : {}),
          ...(status ? { status } : {}),
        }),
      );
    },
  );
  typed.post(
    '/api/v1/fatality-reviews/:reviewId/members',
    {
      schema: {
        tags,
        summary:
          'Enrols a user of the jurisdiction (analyst, outreach coordinator or oversight; never a public safety role)',
        params: reviewParams,
        body: z.object({ user_id: z.uuid() }).strict(),
        response: { 200: reviewHeaderSchema, ...errorResponses },
      },
    },
    async (request) =>
      presentHeader(await enrolMember(deps, request.actor, request.params.reviewId, request.body.user_id)),
  );
  typed.post(
    '/api/v1/fatality-reviews/:reviewId/agreements',
    {
      schema: {
        tags,
        summary:
          "Records a member's signed confidentiality agreement: the member signs (typed name), or an analyst records a paper one",
        params: reviewParams,
        body: z
          .object({
            user_id: z
              .uuid()
              .optional()
              .describe("Another member's id (analysts recording a paper agreement)"),
            signed_name: text(200).describe('The name typed to sign'),
            agreement_version: text(50).describe('The version of the agreement shown'),
            accepted: z.literal(true).describe('The box "I have read and accept the agreement", ticked'),
          })
          .strict(),
        response: { 200: reviewHeaderSchema, ...errorResponses },
      },
    },
    async (request) =>
      presentHeader(
        await signAgreement(deps, request.actor, request.params.reviewId, {
          userId: request.body.user_id ?? null,
          signedName: request.body.signed_name,
          agreementVersion: request.body.agreement_version,
        }),
      ),
  );
  typed.get(
    '/api/v1/fatality-reviews/:reviewId/case',
    {
      schema: {
        tags,
        summary:
          "A review's case: the death and its sources, prior overdoses, outreach contacts and referrals, the decedent's identifiers and the timeline (signed members only; audited)",
        params: reviewParams,
        response: { 200: reviewCaseSchema, ...errorResponses },
      },
    },
    async (request) => presentCase(await readReviewCase(deps, request.actor, request.params.reviewId)),
  );
  typed.get(
    '/api/v1/fatality-reviews/:reviewId/findings',
    {
      schema: {
        tags,
        summary:
          "A review's missed opportunities and recommendations with their history (signed members only; audited)",
        params: reviewParams,
        response: { 200: findingsSchema, ...errorResponses },
      },
    },
    async (request) => presentFindings(await readFindings(deps, request.actor, request.params.reviewId)),
  );
  typed.post(
    '/api/v1/fatality-reviews/:reviewId/missed-opportunities',
    {
      schema: {
        tags,
        summary: 'Records a missed opportunity by category (signed members)',
        params: reviewParams,
        body: z.object({ category: z.enum(missedOpportunityCodes), description: text(4000) }).strict(),
        response: { 201: created, ...errorResponses },
      },
    },
    async (request, reply) => {
      const found = await recordMissedOpportunity(deps, request.actor, request.params.reviewId, request.body);
      return reply.code(201).send({ id: found.id });
    },
  );
  typed.post(
    '/api/v1/fatality-reviews/:reviewId/recommendations',
    {
      schema: {
        tags,
        summary:
          'Records a recommendation: text, responsible organization, status and due date (signed members)',
        params: reviewParams,
        body: z
          .object({
            text: text(4000),
            responsible_organization: text(300),
            status: z.enum(recommendationStatuses).default('proposed'),
            due_date: day.nullable().optional(),
          })
          .strict(),
        response: { 201: created, ...errorResponses },
      },
    },
    async (request, reply) => {
      const made = await recordRecommendation(deps, request.actor, request.params.reviewId, {
        text: request.body.text,
        responsibleOrganization: request.body.responsible_organization,
        status: request.body.status,
        dueDate: request.body.due_date ?? null,
      });
      return reply.code(201).send({ id: made.id });
    },
  );
  typed.patch(
    '/api/v1/fatality-reviews/:reviewId/recommendations/:recommendationId',
    {
      schema: {
        tags,
        summary: "Moves a recommendation's status (and due date), kept in its history (signed members)",
        params: z.object({ reviewId: z.uuid(), recommendationId: z.uuid() }).strict(),
        body: z
          .object({ status: z.enum(recommendationStatuses), due_date: day.nullable().optional() })
          .strict(),
        response: {
          200: z.object({ id: z.uuid(), status: z.enum(recommendationStatuses) }).strict(),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const moved = await moveRecommendationStatus(
        deps,
        request.actor,
        request.params.reviewId,
        request.params.recommendationId,
        {
          status: request.body.status,
          ...(request.body.due_date !== undefined ? { dueDate: request.body.due_date } : {}),
        },
      );
      return { id: moved.id, status: moved.status };
    },
  );
}
