import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../platform/http/error-response.js';
import { linkageReviewStatuses } from './linkage-review.js';
import { presentedLinkageReviewSchema } from './linkage-review-presenter.js';
import {
  decideLinkageReview,
  type LinkageReviewDependencies,
  readLinkageReviews,
} from './linkage-review-service.js';
import { overdoseSplitSchema, splitOverdoseReports, undoLinkageReview } from './linkage-undo-service.js';

/** GET /api/v1/linkage/reviews: the queue, one status at a time. */
const listReviewsQuery = z
  .object({
    status: z.enum(linkageReviewStatuses).default('pending'),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

/** POST /api/v1/linkage/reviews/:id/decision: confirm (merge the two overdoses) or reject. */
const decisionBody = z.object({ decision: z.enum(['confirmed', 'rejected']) }).strict();

/** POST /api/v1/overdoses/:id/split: the reports (source records) to take out into a new overdose. */
const splitBody = z.object({ report_ids: z.array(z.uuid()).min(1).max(100) }).strict();

/** The linkage API: the review queue of candidate links between reports of different sources (analysts). */
export function registerLinkageRoutes(app: FastifyInstance, deps: LinkageReviewDependencies): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    '/api/v1/linkage/reviews',
    {
      schema: {
        tags: ['linkage'],
        summary: 'Candidate links in the review band (near misses of the automatic rule), oldest first',
        querystring: listReviewsQuery,
        response: { 200: z.object({ reviews: z.array(presentedLinkageReviewSchema) }), ...errorResponses },
      },
    },
    async (request) => ({ reviews: await readLinkageReviews(deps, request.actor, request.query) }),
  );
  typed.post(
    '/api/v1/linkage/reviews/:id/decision',
    {
      schema: {
        tags: ['linkage'],
        summary:
          "Confirm a candidate link (the report's overdose merges into the candidate) or reject it; audited",
        params: z.object({ id: z.uuid() }).strict(),
        body: decisionBody,
        response: { 200: presentedLinkageReviewSchema, ...errorResponses },
      },
    },
    async (request) => decideLinkageReview(deps, request.actor, request.params.id, request.body.decision),
  );
  typed.post(
    '/api/v1/linkage/reviews/:id/undo',
    {
      schema: {
        tags: ['linkage'],
        summary:
          'Undo a decision: a confirmed link is split back (counts as before the merge), a rejected one reopened; audited',
        params: z.object({ id: z.uuid() }).strict(),
        response: { 200: presentedLinkageReviewSchema, ...errorResponses },
      },
    },
    async (request) => undoLinkageReview(deps, request.actor, request.params.id),
  );
  typed.post(
    '/api/v1/overdoses/:id/split',
    {
      schema: {
        tags: ['linkage'],
        summary:
          'Split reports (each with all versions of its record) out of an overdose into a new one (analysts); audited',
        params: z.object({ id: z.uuid() }).strict(),
        body: splitBody,
        response: { 200: overdoseSplitSchema, ...errorResponses },
      },
    },
    async (request) => splitOverdoseReports(deps, request.actor, request.params.id, request.body.report_ids),
  );
}
