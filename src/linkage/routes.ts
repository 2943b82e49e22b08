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

/** GET /api/v1/linkage/reviews: the queue, one status at a time. */
const listReviewsQuery = z
  .object({
    status: z.enum(linkageReviewStatuses).default('pending'),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

/** POST /api/v1/linkage/reviews/:id/decision: confirm (merge the two overdoses) or reject. */
const decisionBody = z.object({ decision: z.enum(['confirmed', 'rejected']) }).strict();

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
}
