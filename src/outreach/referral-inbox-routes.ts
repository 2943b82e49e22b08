import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../platform/http/error-response.js';
import type { OutreachDependencies } from './outreach-dependencies.js';
import { answerReferral, listIncomingReferrals, readIncomingReferral } from './referral-inbox-service.js';
import { incomingReferralSchema } from './referral-presenter.js';
import { referralStatuses } from './referral-status.js';

const tags = ['referrals'];
const referralParams = z.object({ referralId: z.uuid() }).strict();

/** POST /referrals/:referralId/status: the receiving organization's answers. */
const answerBody = z
  .object({
    status: z.enum(['accepted', 'rejected', 'in-progress', 'on-hold', 'completed', 'failed']),
    reason: z.string().max(1000).optional(),
    first_attended_at: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('With in-progress or completed: when the survivor first attended'),
  })
  .strict();

/**
 * The receiving side of referrals, for a provider's users and API keys with the `referrals` scope:
 * registered outside the outreach guard (a provider has no outreach action), each method asking
 * `referral.receive` first; another organization's referral answers 404.
 */
export function registerReferralInboxRoutes(app: FastifyInstance, deps: OutreachDependencies): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    '/api/v1/referrals',
    {
      schema: {
        tags,
        summary: "The referrals sent to the actor's organization, newest first (an audited read)",
        querystring: z
          .object({
            status: z.enum(referralStatuses).optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
            cursor: z.string().max(500).optional().describe("The previous page's next_cursor"),
          })
          .strict(),
        response: {
          200: z.object({
            referrals: z.array(incomingReferralSchema),
            next_cursor: z.string().nullable(),
            total: z.number().int(),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => listIncomingReferrals(deps, request.actor, request.query),
  );
  typed.get(
    '/api/v1/referrals/:referralId',
    {
      schema: {
        tags,
        summary: "One referral sent to the actor's organization (an audited read)",
        params: referralParams,
        response: { 200: incomingReferralSchema, ...errorResponses },
      },
    },
    async (request) => readIncomingReferral(deps, request.actor, request.params.referralId),
  );
  typed.post(
    '/api/v1/referrals/:referralId/status',
    {
      schema: {
        tags,
        summary:
          'Answer a referral: accepted, rejected, in-progress, on-hold, completed or failed (REFERRAL_TRANSITION_INVALID when the flow does not allow it)',
        params: referralParams,
        body: answerBody,
        response: { 200: incomingReferralSchema, ...errorResponses },
      },
    },
    async (request) => answerReferral(deps, request.actor, request.params.referralId, request.body),
  );
}
