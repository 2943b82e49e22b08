import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SosError } from '../../platform/errors.js';
import { errorAnswers, errorResponses } from '../../platform/http/error-response.js';
import { verifyWebhookSignature } from '../webhook-signature.js';
import { presentedCommunityAlertSchema } from './community-alert-presenter.js';
import {
  approveCommunityAlertVersion,
  type CommunityAlertDependencies,
  changeCommunityAlert,
  draftCommunityAlert,
  readCommunityAlert,
  readCommunityAlerts,
  readSubscriberCounts,
  sendCommunityAlert,
  startFromAlert,
} from './community-alert-service.js';
import { RequestRate } from './request-rate.js';
import { handleInboundSms, type SubscriptionDependencies } from './subscription-service.js';

const tags = ['community alerts'];
const base = '/api/v1/community-alerts';

const smsText = z.string().trim().min(1).max(1000);
const message = z.string().trim().min(1).max(4000);

/** POST /community-alerts and PATCH /community-alerts/:id: the whole wording, every audience's text. */
const draftBody = z
  .object({
    title: z.string().trim().min(1).max(120),
    area_ids: z.array(z.string().min(1).max(200)).min(1).max(500),
    alert_id: z.uuid().nullable().default(null).describe('The surveillance alert this one starts from'),
    drug_check_signal_id: z.string().trim().min(1).max(200).nullable().default(null),
    texts: z
      .object({
        public: z.object({ message, sms: smsText }).strict(),
        people_who_use_drugs: z
          .object({ message, sms: smsText })
          .strict()
          .describe('Plain and practical: test strips, do not use alone, naloxone, 988'),
        partners: z.object({ message }).strict(),
      })
      .strict(),
  })
  .strict();

const idParams = z.object({ id: z.uuid() }).strict();
const listQuery = z
  .object({
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
  })
  .strict();
const countsSchema = z.object({
  layer_id: z.string().nullable(),
  areas: z.array(
    z.object({ id: z.string(), name: z.string(), sms: z.number().int(), email: z.number().int() }),
  ),
  subscribers: z.object({ sms: z.number().int(), email: z.number().int() }),
});

/** What the SMS provider posts for a text received: the sender and the text (other fields ignored). */
const inboundBody = z.object({
  from: z.string().min(1).max(32).describe('The sender, E.164'),
  to: z.string().max(32).optional(),
  body: z.string().max(1600),
});
const inboundAnswer = z.object({
  outcome: z.enum([
    'stopped',
    'already_stopped',
    'help',
    'confirmed',
    'confirm_requested',
    'unknown_area',
    'ignored',
  ]),
});

/** The largest inbound body read (a text message and a few fields). */
const INBOUND_BODY_LIMIT = 8 * 1024;

/** What the community alerts API needs. */
export interface CommunityAlertRouteDependencies
  extends CommunityAlertDependencies,
    SubscriptionDependencies {
  /** The secret the SMS provider signs inbound messages with (SOS_SMS_WEBHOOK_SECRET); null refuses them all. */
  smsWebhookSecret: string | null;
}

/** The community alerts API: drafts, approval, sending, counts, and the SMS provider's inbound webhook. */
export function registerCommunityAlertRoutes(
  app: FastifyInstance,
  deps: CommunityAlertRouteDependencies,
): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    base,
    {
      schema: {
        tags,
        summary: 'Community alerts, newest first, with their delivery counts',
        querystring: listQuery,
        response: {
          200: z.object({
            alerts: z.array(presentedCommunityAlertSchema),
            next_cursor: z.string().nullable(),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => readCommunityAlerts(deps, request.actor, request.query),
  );
  typed.post(
    base,
    {
      schema: {
        tags,
        summary: 'Draft a community alert for areas, with a text per audience; audited',
        body: draftBody,
        response: { 201: presentedCommunityAlertSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await draftCommunityAlert(deps, request.actor, request.body)),
  );
  typed.get(
    `${base}/subscribers`,
    {
      schema: {
        tags,
        summary: 'Confirmed subscribers per area and channel (counts only, never an address)',
        response: { 200: countsSchema, ...errorResponses },
      },
    },
    async (request) => readSubscriberCounts(deps, request.actor),
  );
  typed.get(
    `${base}/drafts/from-alert/:alertId`,
    {
      schema: {
        tags,
        summary:
          'A first wording from a spike alert: its area and a text per audience, to edit (nothing is saved)',
        params: z.object({ alertId: z.uuid() }).strict(),
        response: {
          200: draftBody.extend({
            area_ids: z
              .array(z.string())
              .describe("Empty when the alert watched no area of the subscriptions' layer"),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => startFromAlert(deps, request.actor, request.params.alertId),
  );
  typed.get(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'A community alert with its SMS lengths, warnings and delivery counts',
        params: idParams,
        response: { 200: presentedCommunityAlertSchema, ...errorResponses },
      },
    },
    async (request) => readCommunityAlert(deps, request.actor, request.params.id),
  );
  typed.put(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'Change the wording or areas: the next version, to be approved again; audited',
        params: idParams,
        body: draftBody,
        response: { 200: presentedCommunityAlertSchema, ...errorResponses },
      },
    },
    async (request) => changeCommunityAlert(deps, request.actor, request.params.id, request.body),
  );
  typed.post(
    `${base}/:id/approve`,
    {
      schema: {
        tags,
        summary: 'Approve the version read (analysts); audited',
        params: idParams,
        body: z.object({ version: z.number().int().min(1) }).strict(),
        response: { 200: presentedCommunityAlertSchema, ...errorResponses },
      },
    },
    async (request) =>
      approveCommunityAlertVersion(deps, request.actor, request.params.id, request.body.version),
  );
  typed.post(
    `${base}/:id/send`,
    {
      schema: {
        tags,
        summary:
          "Send the approved version to its areas' confirmed subscribers, each once (analysts); audited",
        params: idParams,
        response: { 200: presentedCommunityAlertSchema, ...errorResponses },
      },
    },
    async (request) => sendCommunityAlert(deps, request.actor, request.params.id),
  );
  registerInboundSmsRoute(app, deps);
}

/**
 * The SMS provider's webhook for texts received, in a scope of its own: the raw body is kept to check
 * its HMAC-SHA256 signature (X-SOS-Signature: sha256=<hex>, as SOS signs its own webhooks) before
 * anything is read; bodies are small and each client has a budget of requests per minute.
 */
function registerInboundSmsRoute(app: FastifyInstance, deps: CommunityAlertRouteDependencies): void {
  const rawBodies = new WeakMap<FastifyRequest, string>();
  const rate = new RequestRate(120, 60_000);
  app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser(
      'application/json',
      { parseAs: 'string', bodyLimit: INBOUND_BODY_LIMIT },
      (request, body, done) => {
        rawBodies.set(request, body as string);
        try {
          done(null, JSON.parse(body as string));
        } catch {
          done(new SosError('VALIDATION_FAILED', 'The body is not JSON'), undefined);
        }
      },
    );
    const typed = scope.withTypeProvider<ZodTypeProvider>();
    typed.post(
      `${base}/sms/inbound`,
      {
        config: { answersEveryoneAlike: true },
        bodyLimit: INBOUND_BODY_LIMIT,
        onRequest: async (request) => rate.take(request.ip, Date.now()),
        preValidation: async (request) => {
          const raw = rawBodies.get(request) ?? '';
          const secret = deps.smsWebhookSecret;
          if (!secret || !verifyWebhookSignature(raw, secret, headerOf(request, 'x-sos-signature')))
            throw new SosError('SMS_SIGNATURE_INVALID');
        },
        schema: {
          tags,
          summary:
            "The SMS provider's inbound messages (JOIN <area>, YES, STOP, HELP...), signed with SOS_SMS_WEBHOOK_SECRET",
          querystring: z
            .object({
              jurisdiction: z
                .string()
                .min(1)
                .max(64)
                .optional()
                .describe("The jurisdiction's id or short name (needed when the deployment has several)"),
            })
            .strict(),
          body: inboundBody,
          response: {
            200: inboundAnswer,
            ...errorAnswers('SMS_SIGNATURE_INVALID', 'RATE_LIMITED'),
            ...errorResponses,
          },
        },
      },
      async (request) => ({
        outcome: await handleInboundSms(deps, request.actor, {
          jurisdiction: request.query.jurisdiction ?? null,
          from: request.body.from,
          body: request.body.body,
        }),
      }),
    );
  });
}

/** A request header's single value. */
function headerOf(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
