import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../platform/http/error-response.js';
import {
  presentedAttemptSchema,
  presentedConsentSchema,
  presentedVisitSchema,
} from './case-record-presenter.js';
import { readConsents, recordConsent, withdrawConsent } from './consent-service.js';
import { readContactAttempts, recordContactAttempt } from './contact-attempt-service.js';
import type { OutreachDependencies } from './outreach-dependencies.js';
import {
  consentMethods,
  consentScopes,
  contactMethods,
  contactOutcomes,
  disclosures,
  materials,
  networkReceipts,
  officerDress,
  outreachServices,
  visitLocations,
} from './outreach-vocabulary.js';
import { readVisits, recordVisit } from './visit-service.js';

const tags = ['outreach'];

/** The case whose records are read or written. */
const caseParams = z.object({ caseId: z.uuid() }).strict();

/** Why T3 records are read (audited with each read). */
const readQuery = z
  .object({ purpose: z.enum(['treatment', 'operations', 'audit', 'emergency']).default('treatment') })
  .strict();

const instant = z.iso.datetime({ offset: true });
const clientId = z
  .uuid()
  .optional()
  .describe('Made by the client: a resend with the same id answers the stored record (200)');
const freeText = (max: number) => z.string().max(max);

/** POST /cases/:caseId/attempts. */
const attemptBody = z
  .object({
    client_id: clientId,
    method: z.enum(contactMethods),
    outcome: z.enum(contactOutcomes),
    attempted_at: instant.optional().describe('When the attempt was made (default now; not in the future)'),
    disclosure: z.enum(disclosures).default('generic_script'),
    disclosure_consent_id: z.uuid().optional(),
    materials_left: z.array(z.enum(materials)).max(materials.length).default([]),
    note: freeText(4000).optional(),
    cap_override_reason: freeText(1000).optional(),
  })
  .strict();

/** POST /cases/:caseId/visits. */
const visitBody = z
  .object({
    client_id: clientId,
    visited_at: instant.optional(),
    location_type: z.enum(visitLocations),
    present_member_ids: z.array(z.uuid()).min(1).max(50),
    law_enforcement: z.object({ present: z.boolean(), dress: z.enum(officerDress).optional() }).strict(),
    services_offered: z.array(z.enum(outreachServices)).max(outreachServices.length),
    services_accepted: z.array(z.enum(outreachServices)).max(outreachServices.length),
    risk_reduction_plan: freeText(8000).optional(),
    network_reached: z
      .array(
        z
          .object({
            relation: z.string().trim().min(1).max(200),
            consent_id: z.uuid(),
            received: z.array(z.enum(networkReceipts)).max(networkReceipts.length),
          })
          .strict(),
      )
      .max(50)
      .default([]),
  })
  .strict();

/** POST /cases/:caseId/consents. */
const consentBody = z
  .object({
    client_id: clientId,
    scope: z.enum(consentScopes),
    recipient: freeText(500)
      .optional()
      .describe('Required for disclose_to_person and share_with_organization'),
    recipient_organization_id: z
      .uuid()
      .optional()
      .describe(
        "share_with_organization: the jurisdiction's organization named (a referral or an export checks it)",
      ),
    recipient_program_id: z.uuid().optional().describe('transfer_to_program: the outreach program named'),
    method: z.enum(consentMethods),
    obtained_at: instant.optional(),
    expires_at: instant.optional(),
  })
  .strict();

/** The records of an outreach case: contact attempts, visits and consents, each checked by the PRONTO rules. */
export function registerCaseRecordRoutes(app: FastifyInstance, deps: OutreachDependencies): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    '/api/v1/outreach/cases/:caseId/attempts',
    {
      schema: {
        tags,
        summary: 'The contact attempts of an outreach case, oldest first (an audited read with its purpose)',
        params: caseParams,
        querystring: readQuery,
        response: { 200: z.object({ attempts: z.array(presentedAttemptSchema) }), ...errorResponses },
      },
    },
    async (request) => ({
      attempts: await readContactAttempts(deps, request.actor, request.params.caseId, request.query.purpose),
    }),
  );
  typed.post(
    '/api/v1/outreach/cases/:caseId/attempts',
    {
      schema: {
        tags,
        summary:
          'Record a contact attempt; refused without the consents the rules need (CONSENT_REQUIRED), with materials left unless the survivor was reached (OUTREACH_MATERIALS_NOT_ALLOWED), or past the cap unless a coordinator says why (OUTREACH_ATTEMPT_CAP)',
        params: caseParams,
        body: attemptBody,
        response: { 201: presentedAttemptSchema, 200: presentedAttemptSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { record, created } = await recordContactAttempt(
        deps,
        request.actor,
        request.params.caseId,
        request.body,
      );
      return reply.code(created ? 201 : 200).send(record);
    },
  );
  typed.get(
    '/api/v1/outreach/cases/:caseId/visits',
    {
      schema: {
        tags,
        summary: 'The visits of an outreach case, oldest first (an audited read with its purpose)',
        params: caseParams,
        querystring: readQuery,
        response: { 200: z.object({ visits: z.array(presentedVisitSchema) }), ...errorResponses },
      },
    },
    async (request) => ({
      visits: await readVisits(deps, request.actor, request.params.caseId, request.query.purpose),
    }),
  );
  typed.post(
    '/api/v1/outreach/cases/:caseId/visits',
    {
      schema: {
        tags,
        summary:
          "Record a visit; refused in person before a visit consent where the program is phone first, or network members reached without consent (CONSENT_REQUIRED), or law enforcement against the program's policy (OUTREACH_LAW_ENFORCEMENT_REFUSED)",
        params: caseParams,
        body: visitBody,
        response: { 201: presentedVisitSchema, 200: presentedVisitSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { record, created } = await recordVisit(deps, request.actor, request.params.caseId, request.body);
      return reply.code(created ? 201 : 200).send(record);
    },
  );
  typed.get(
    '/api/v1/outreach/cases/:caseId/consents',
    {
      schema: {
        tags,
        summary: 'The consents of an outreach case, each with whether it is in force now (an audited read)',
        params: caseParams,
        querystring: readQuery,
        response: { 200: z.object({ consents: z.array(presentedConsentSchema) }), ...errorResponses },
      },
    },
    async (request) => ({
      consents: await readConsents(deps, request.actor, request.params.caseId, request.query.purpose),
    }),
  );
  typed.post(
    '/api/v1/outreach/cases/:caseId/consents',
    {
      schema: {
        tags,
        summary: 'Record a consent the survivor gave: scope, recipient, how, when, until when',
        params: caseParams,
        body: consentBody,
        response: { 201: presentedConsentSchema, 200: presentedConsentSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { record, created } = await recordConsent(
        deps,
        request.actor,
        request.params.caseId,
        request.body,
      );
      return reply.code(created ? 201 : 200).send(record);
    },
  );
  typed.post(
    '/api/v1/outreach/cases/:caseId/consents/:consentId/revoke',
    {
      schema: {
        tags,
        summary: 'Revoke a consent: no rule counts it from now on (allowed on a closed case too)',
        params: z.object({ caseId: z.uuid(), consentId: z.uuid() }).strict(),
        body: z.object({}).strict(),
        response: { 200: presentedConsentSchema, ...errorResponses },
      },
    },
    async (request) => withdrawConsent(deps, request.actor, request.params.caseId, request.params.consentId),
  );
}
