import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../platform/http/error-response.js';
import { orderStatuses, referralBundle, referralServiceRequest, referralTask } from './fhir-referral.js';
import { caseReferralForFhir, referralForFhir } from './fhir-service.js';
import type { OutreachDependencies } from './outreach-dependencies.js';
import { referralStatuses } from './referral-status.js';

/** The media type of FHIR's JSON. */
export const FHIR_JSON = 'application/fhir+json';

const tags = ['fhir'];
const referralParams = z.object({ referralId: z.uuid() }).strict();
/** The FHIR Meta: lastUpdated, and security codings (v3-ActCode 42CFRPart2 and ETH) for a Part 2 program. */
const meta = z.unknown().describe('FHIR Meta: lastUpdated; security 42CFRPart2 and ETH for a Part 2 program');

/** A FHIR R4 ServiceRequest (the fields SOS writes; see fhir-referral.ts). */
const serviceRequestSchema = z.looseObject({
  resourceType: z.literal('ServiceRequest'),
  id: z.string(),
  meta,
  status: z.string().describe(`FHIR request-status: ${orderStatuses.join(', ')}`),
  intent: z.string().describe('order'),
  authoredOn: z.string(),
});

/** A FHIR R4 Task (the fields SOS writes; see fhir-referral.ts). */
const taskSchema = z.looseObject({
  resourceType: z.literal('Task'),
  id: z.string(),
  meta,
  status: z.string().describe(`FHIR task-status: ${referralStatuses.join(', ')}`),
  intent: z.string().describe('order'),
  focus: z.unknown().describe('The ServiceRequest: { reference: "ServiceRequest/{id}" }'),
  lastModified: z.string(),
});

/** A FHIR R4 Bundle of type collection: the ServiceRequest and the Task. */
const bundleSchema = z.looseObject({
  resourceType: z.literal('Bundle'),
  type: z.literal('collection'),
  entry: z.array(z.unknown()).describe('{ resource } of the ServiceRequest, then of the Task'),
});

/**
 * FHIR R4 reads of a referral for partner systems (application/fhir+json), outside the outreach guard:
 * the receiving organization (users, API keys with the referrals scope) or the referring program.
 */
export function registerFhirRoutes(app: FastifyInstance, deps: OutreachDependencies): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    '/api/v1/fhir/ServiceRequest/:referralId',
    {
      schema: {
        tags,
        summary:
          'A referral as a FHIR R4 ServiceRequest (the receiving organization or the referring program)',
        params: referralParams,
        response: { 200: serviceRequestSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const referral = await referralForFhir(deps, request.actor, request.params.referralId);
      return reply.type(FHIR_JSON).send({ ...referralServiceRequest(referral) });
    },
  );
  typed.get(
    '/api/v1/fhir/Task/:referralId',
    {
      schema: {
        tags,
        summary:
          "A referral's status as a FHIR R4 Task (the receiving organization or the referring program)",
        params: referralParams,
        response: { 200: taskSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const referral = await referralForFhir(deps, request.actor, request.params.referralId);
      return reply.type(FHIR_JSON).send({ ...referralTask(referral) });
    },
  );
}

/** The FHIR Bundle of one referral of a case, for the referring program (inside the outreach guard). */
export function registerCaseFhirRoutes(app: FastifyInstance, deps: OutreachDependencies): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/outreach/cases/:caseId/referrals/:referralId/fhir',
    {
      schema: {
        tags,
        summary:
          'A referral of the case as a FHIR R4 Bundle (collection) of its ServiceRequest and Task (an audited read)',
        params: z.object({ caseId: z.uuid(), referralId: z.uuid() }).strict(),
        response: { 200: bundleSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { caseId, referralId } = request.params;
      const referral = await caseReferralForFhir(deps, request.actor, caseId, referralId);
      return reply.type(FHIR_JSON).send({ ...referralBundle(referral) });
    },
  );
}
