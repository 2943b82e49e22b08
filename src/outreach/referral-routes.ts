import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../platform/http/error-response.js';
import type { OutreachDependencies } from './outreach-dependencies.js';
import { outreachServices } from './outreach-vocabulary.js';
import { referralSchema } from './referral-presenter.js';
import { makeReferral, moveReferralAsReferrer, readReferrals } from './referral-service.js';
import { referralHandoffs } from './referral-status.js';

const tags = ['outreach'];
const instant = z.iso.datetime({ offset: true });
const caseParams = z.object({ caseId: z.uuid() }).strict();

/** POST /cases/:caseId/referrals. */
const referralBody = z
  .object({
    client_id: z
      .uuid()
      .optional()
      .describe('Made by the client: a resend with the same id answers the stored referral (200)'),
    service_id: z.string().trim().min(1).max(200).describe('The directory service (HSDS id)'),
    need: z.enum(outreachServices),
    handoff: z.enum(referralHandoffs),
    note: z.string().max(4000).optional().describe('For the provider (T3)'),
    consent_id: z
      .uuid()
      .optional()
      .describe("The survivor's share_with_organization consent naming the service's provider organization"),
    agreement_id: z
      .uuid()
      .optional()
      .describe('The sharing agreement covering referral_details (and part2_records for a Part 2 program)'),
    referred_at: instant.optional().describe('Default now; not in the future, not before the case began'),
  })
  .strict();

/** POST /cases/:caseId/referrals/:referralId/status: the referrer's own moves. */
const referrerMoveBody = z
  .object({
    status: z.enum(['cancelled', 'completed', 'failed']),
    reason: z.string().max(1000).optional(),
    first_attended_at: instant.optional().describe('With completed, for a service no provider answers for'),
  })
  .strict();

/** The referrals of an outreach case, referrer side: list, make, and the referrer's own moves. */
export function registerReferralRoutes(app: FastifyInstance, deps: OutreachDependencies): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    '/api/v1/outreach/cases/:caseId/referrals',
    {
      schema: {
        tags,
        summary: 'The referrals of an outreach case with their history, oldest first (an audited read)',
        params: caseParams,
        querystring: z
          .object({
            purpose: z.enum(['treatment', 'operations', 'audit', 'emergency']).default('treatment'),
          })
          .strict(),
        response: { 200: z.object({ referrals: z.array(referralSchema) }), ...errorResponses },
      },
    },
    async (request) => ({
      referrals: await readReferrals(deps, request.actor, request.params.caseId, request.query.purpose),
    }),
  );
  typed.post(
    '/api/v1/outreach/cases/:caseId/referrals',
    {
      schema: {
        tags,
        summary:
          "Refer the survivor to a directory service; a service a provider answers for needs the survivor's consent naming it (CONSENT_REQUIRED) and a covering agreement (AGREEMENT_REQUIRED)",
        params: caseParams,
        body: referralBody,
        response: { 201: referralSchema, 200: referralSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { record, created } = await makeReferral(
        deps,
        request.actor,
        request.params.caseId,
        request.body,
      );
      return reply.code(created ? 201 : 200).send(record);
    },
  );
  typed.post(
    '/api/v1/outreach/cases/:caseId/referrals/:referralId/status',
    {
      schema: {
        tags,
        summary:
          'Cancel a referral, or record the outcome of one to a service no provider answers for (REFERRAL_TRANSITION_INVALID otherwise)',
        params: z.object({ caseId: z.uuid(), referralId: z.uuid() }).strict(),
        body: referrerMoveBody,
        response: { 200: referralSchema, ...errorResponses },
      },
    },
    async (request) =>
      moveReferralAsReferrer(
        deps,
        request.actor,
        request.params.caseId,
        request.params.referralId,
        request.body,
      ),
  );
}
