import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorAnswers, errorResponses } from '../platform/http/error-response.js';
import {
  answerDebriefOffer,
  type DebriefAnswerDependencies,
  readDebriefOffer,
} from './debrief-answer-service.js';
import { registerDebriefOfferPage } from './debrief-offer-page.js';
import { presentedUnitSchema } from './responder-unit-presenter.js';
import {
  changePeerContacts,
  changeResponderUnit,
  createResponderUnit,
  listResponderUnits,
  type ResponderDependencies,
  readPeerContacts,
} from './responder-unit-service.js';
import { sceneKinds } from './scene-rule.js';
import { readWellbeingCounts } from './wellbeing-service.js';

const tags = ['responders'];
const units = '/api/v1/responder-units';

/** POST /responder-units. */
const createUnitBody = z
  .object({
    organization_id: z.uuid(),
    code: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .describe("The code the organization's reports give as responding_unit"),
    name: z.string().trim().min(1).max(200),
    supervisor_email: z.email().max(320),
  })
  .strict();

/** PATCH /responder-units/:unitId. */
const changeUnitBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    supervisor_email: z.email().max(320),
    active: z.boolean(),
  })
  .partial()
  .strict();

const peerContactSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    phone: z.string().trim().min(1).max(50).nullable(),
    email: z.email().max(320).nullable(),
  })
  .strict();
const peerContactsSchema = z.object({ contacts: z.array(peerContactSchema).max(20) }).strict();

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM');
const countsQuery = z.object({ from: month, to: month }).strict();
const countsSchema = z.object({
  from: z.string(),
  to: z.string(),
  units: z.array(z.object({ id: z.uuid(), organization_id: z.uuid(), code: z.string(), name: z.string() })),
  months: z.array(
    z.object({
      unit_id: z.uuid(),
      month: z.string(),
      scenes: z.number().int(),
      fatal: z.number().int(),
      pediatric: z.number().int(),
      multiple_victim: z.number().int(),
      offers_made: z.number().int(),
      offers_accepted: z.number().int(),
    }),
  ),
});

const tokenParams = z.object({ token: z.string().min(1).max(100) }).strict();
const offerSchema = z.object({
  unit_name: z.string(),
  scene_day: z.string(),
  scene_kinds: z.array(z.enum(sceneKinds)),
  expires_at: z.iso.datetime({ offset: true }),
  answered: z.boolean(),
});

/**
 * The supervisor's answer, and nothing else: strict, so a field about anyone's health (or any other)
 * is refused rather than dropped.
 */
export const debriefAnswerBody = z
  .object({
    offer_made: z
      .boolean()
      .describe('Whether the confidential debrief and peer-support contacts were offered'),
    offer_accepted: z
      .boolean()
      .nullable()
      .describe('Whether the offer was accepted; null when it was not made'),
  })
  .strict();
const answerSchema = debriefAnswerBody.extend({ answered_at: z.iso.datetime({ offset: true }) });

/** The public link's routes answer everyone alike: the token is the only credential read. */
const LINK = { answersEveryoneAlike: true };

/** The responders API: units, peer-support contacts, scene counts, and the supervisors' one-time links. */
export function registerResponderRoutes(
  app: FastifyInstance,
  deps: ResponderDependencies & DebriefAnswerDependencies,
): void {
  registerDebriefOfferPage(app, deps);
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    units,
    {
      schema: {
        tags,
        summary: "The jurisdiction's responding units (administrators)",
        response: { 200: z.object({ units: z.array(presentedUnitSchema) }), ...errorResponses },
      },
    },
    async (request) => ({ units: await listResponderUnits(deps, request.actor) }),
  );
  typed.post(
    units,
    {
      schema: {
        tags,
        summary:
          'Add a responding unit: its organization, code as reports name it, name and supervisor; audited',
        body: createUnitBody,
        response: { 201: presentedUnitSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createResponderUnit(deps, request.actor, request.body)),
  );
  typed.patch(
    `${units}/:unitId`,
    {
      schema: {
        tags,
        summary: "Change a unit's name or supervisor, or retire it; audited",
        params: z.object({ unitId: z.uuid() }).strict(),
        body: changeUnitBody,
        response: { 200: presentedUnitSchema, ...errorResponses },
      },
    },
    async (request) => changeResponderUnit(deps, request.actor, request.params.unitId, request.body),
  );
  typed.get(
    '/api/v1/responder-peer-contacts',
    {
      schema: {
        tags,
        summary: 'The peer-support contacts every debrief prompt lists (administrators)',
        response: { 200: peerContactsSchema, ...errorResponses },
      },
    },
    async (request) => ({ contacts: await readPeerContacts(deps, request.actor) }),
  );
  typed.put(
    '/api/v1/responder-peer-contacts',
    {
      schema: {
        tags,
        summary: 'Replace the peer-support contacts; audited',
        body: peerContactsSchema,
        response: { 200: peerContactsSchema, ...errorResponses },
      },
    },
    async (request) => ({ contacts: await changePeerContacts(deps, request.actor, request.body.contacts) }),
  );
  typed.get(
    '/api/v1/responder-wellbeing',
    {
      schema: {
        tags,
        summary:
          'Hard scenes (fatal, pediatric, multiple victim) per unit per month, and debrief offers made and accepted',
        querystring: countsQuery,
        response: { 200: countsSchema, ...errorResponses },
      },
    },
    async (request) => readWellbeingCounts(deps.db, request.actor, request.query),
  );
  typed.get(
    '/api/v1/debrief-offers/:token',
    {
      config: LINK,
      schema: {
        tags,
        summary: "What a supervisor's one-time link is about: the unit, the day and kinds of the scene",
        params: tokenParams,
        response: { 200: offerSchema, ...errorAnswers('NOT_FOUND') },
      },
    },
    async (request) => readDebriefOffer(deps, request.params.token),
  );
  typed.post(
    '/api/v1/debrief-offers/:token',
    {
      config: LINK,
      schema: {
        tags,
        summary:
          'The supervisor records, once, that the debrief was offered and whether it was accepted (nothing else)',
        params: tokenParams,
        body: debriefAnswerBody,
        response: {
          200: answerSchema,
          ...errorAnswers(
            'NOT_FOUND',
            'VALIDATION_FAILED',
            'DEBRIEF_ALREADY_ANSWERED',
            'DEBRIEF_LINK_EXPIRED',
          ),
        },
      },
    },
    async (request) => answerDebriefOffer(deps, request.params.token, request.body),
  );
}
