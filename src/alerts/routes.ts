import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorAnswers } from '../platform/http/error-response.js';
import { backtestResultSchema } from './alert-backtest.js';
import {
  presentedAlertDetailSchema,
  presentedAlertResponseSchema,
  presentedAlertSchema,
  presentedRuleSchema,
} from './alert-presenter.js';
import { alertMethods, corroborations, responseActions, statisticalMethods } from './alert-rule.js';
import {
  type AlertServiceDependencies,
  backtestAlertRule,
  changeAlertStatus,
  createAlertRule,
  readAlert,
  readAlertRules,
  readAlerts,
  recordAlertResponse,
  updateAlertRule,
} from './alert-service.js';

const code = z.string().regex(/^[a-z0-9_]{1,64}$/, 'a lower-case code');
const emails = z.array(z.email()).max(50).default([]);

/** What a rule counts and how it decides: shared by creating a rule and backtesting one. */
const ruleFields = {
  scope: z
    .object({
      layer: z.string().max(64).optional().describe('A layer id, or h3r7 for H3 resolution-7 cells'),
      area: z.string().max(64).optional().describe('The area of the layer (with layer)'),
      source_types: z.array(code).max(20).optional().describe('Primary source types counted'),
      substance: code.optional(),
      case_definition: code.optional(),
    })
    .strict()
    .default({})
    .refine((s) => (s.layer === undefined) === (s.area === undefined), {
      message: 'layer and area are given together',
    }),
  method: z
    .enum(alertMethods)
    .default('threshold_24h')
    .describe(
      'threshold_24h on every change; ears_c2 and essence_switch (complete days) or farrington (Noufaily, complete MMWR weeks) on the schedule',
    ),
  params: z
    .record(z.string(), z.unknown())
    .optional()
    .describe(
      "A statistical method's parameters by R's control names, as `sos detect` takes them (not range)",
    ),
  corroboration: z
    .enum(corroborations)
    .default('none')
    .describe(
      'two_sources: the window holds overdoses of two or more primary source types; second_method: second_method alarms on the same period too (statistical rules)',
    ),
  second_method: z.enum(statisticalMethods).optional(),
  minimum_count: z.number().int().min(1).max(100_000).default(3),
  cool_down_minutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(360)
    .describe('No new alert of the rule within this many minutes of its last one'),
};

/** POST /api/v1/alert-rules: a rule, its scope, its parameters and whom to tell. */
const createRuleSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    ...ruleFields,
    emails: z
      .object({
        analyst: emails.describe('Full detail: numbers, scope, window, threshold and method'),
        partner: emails.describe(
          'A short, non-identifying text for harm reduction and public safety partners',
        ),
      })
      .strict()
      .default({ analyst: [], partner: [] }),
    webhook: z
      .object({
        url: z.url({ protocol: /^https?$/ }),
        secret: z.string().min(16).max(200).describe('Signs each POST (X-SOS-Signature); never shown again'),
      })
      .strict()
      .optional(),
    enabled: z.boolean().default(true),
  })
  .strict();

const rangeEnd = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .optional()
  .describe("A day (YYYY-MM-DD, the jurisdiction's) or an ISO 8601 date-time");

/**
 * POST /api/v1/alert-rules/backtest: the rule fields of a new rule (no audiences), and a range:
 * `from` a day starts at its local midnight, `to` a day ends with it; by default the last 365 days
 * of the data (to its newest overdose, or today); at most 3 years.
 */
const backtestSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe('Ignored: accepted so a rule form can be sent as is'),
    ...ruleFields,
    enabled: z.boolean().optional().describe('Ignored: the backtest replays the rule as if it had been on'),
    from: rangeEnd,
    to: rangeEnd,
  })
  .strict();

const alertParams = z.object({ id: z.uuid() });

/** The scope of a rule as the API names it, as stored. */
function scopeOf(scope: z.infer<typeof ruleFields.scope>) {
  return {
    ...(scope.layer !== undefined ? { layerId: scope.layer, areaId: scope.area } : {}),
    ...(scope.source_types ? { sourceTypes: scope.source_types } : {}),
    ...(scope.substance ? { substance: scope.substance } : {}),
    ...(scope.case_definition ? { caseDefinition: scope.case_definition } : {}),
  };
}

/** The alerts API: rules (analysts and administrators) and the alerts raised. */
export function registerAlertRoutes(app: FastifyInstance, deps: AlertServiceDependencies): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.post(
    '/api/v1/alert-rules',
    {
      schema: {
        tags: ['alerts'],
        summary:
          'Create an alert rule (24-hour recurrence threshold, or a statistical method on the schedule) with its corroboration, email audiences and webhook',
        body: createRuleSchema,
        response: {
          201: presentedRuleSchema,
          ...errorAnswers('FORBIDDEN', 'DETECTION_PARAMETER_INVALID', 'WEBHOOK_ADDRESS_REFUSED'),
        },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const rule = await createAlertRule(deps, request.actor, {
        name: b.name,
        scope: scopeOf(b.scope),
        method: b.method,
        params: b.params,
        corroboration: b.corroboration,
        secondMethod: b.second_method,
        minimumCount: b.minimum_count,
        coolDownMinutes: b.cool_down_minutes,
        emails: b.emails,
        webhook: b.webhook,
        enabled: b.enabled,
      });
      return reply.status(201).send(rule);
    },
  );
  typed.get(
    '/api/v1/alert-rules',
    {
      schema: {
        tags: ['alerts'],
        summary: "The jurisdiction's alert rules (webhook secrets are never shown)",
        response: { 200: z.object({ rules: z.array(presentedRuleSchema) }), ...errorAnswers('FORBIDDEN') },
      },
    },
    async (request) => ({ rules: await readAlertRules(deps, request.actor) }),
  );
  typed.get(
    '/api/v1/alerts',
    {
      schema: {
        tags: ['alerts'],
        summary: 'The latest alerts, newest first; partners see times to the hour',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: {
          200: z.object({ alerts: z.array(presentedAlertSchema) }),
          ...errorAnswers('FORBIDDEN'),
        },
      },
    },
    async (request) => ({ alerts: await readAlerts(deps, request.actor, request.query.limit) }),
  );
  typed.patch(
    '/api/v1/alert-rules/:id',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Turn an alert rule on or off',
        params: alertParams,
        body: z.object({ enabled: z.boolean() }).strict(),
        response: { 200: presentedRuleSchema, ...errorAnswers('FORBIDDEN', 'NOT_FOUND') },
      },
    },
    async (request) => updateAlertRule(deps, request.actor, request.params.id, request.body),
  );
  typed.post(
    '/api/v1/alert-rules/backtest',
    {
      schema: {
        tags: ['alerts'],
        summary:
          "What a rule would have raised over a range (at most 3 years; by default the data's last year): its alert episodes and their count per month of the jurisdiction",
        body: backtestSchema,
        response: {
          200: backtestResultSchema,
          ...errorAnswers('FORBIDDEN', 'DETECTION_PARAMETER_INVALID'),
        },
      },
    },
    async (request) => {
      const b = request.body;
      return backtestAlertRule(deps, request.actor, {
        scope: scopeOf(b.scope),
        method: b.method,
        params: b.params,
        corroboration: b.corroboration,
        secondMethod: b.second_method,
        minimumCount: b.minimum_count,
        coolDownMinutes: b.cool_down_minutes,
        range: { from: b.from, to: b.to },
      });
    },
  );
  typed.get(
    '/api/v1/alerts/:id',
    {
      schema: {
        tags: ['alerts'],
        summary: 'One alert with its status changes and responses, newest first',
        params: alertParams,
        response: { 200: presentedAlertDetailSchema, ...errorAnswers('FORBIDDEN', 'NOT_FOUND') },
      },
    },
    async (request) => readAlert(deps, request.actor, request.params.id),
  );
  typed.post(
    '/api/v1/alerts/:id/status',
    {
      schema: {
        tags: ['alerts'],
        summary:
          'Move an alert: new → acknowledged → responding → closed, or to closed from new or acknowledged; closed is final (else ALERT_TRANSITION_INVALID, 409)',
        params: alertParams,
        body: z
          .object({
            status: z.enum(['acknowledged', 'responding', 'closed']),
            note: z.string().max(1000).optional(),
          })
          .strict(),
        response: {
          200: presentedAlertSchema,
          ...errorAnswers('FORBIDDEN', 'NOT_FOUND', 'ALERT_TRANSITION_INVALID'),
        },
      },
    },
    async (request) => changeAlertStatus(deps, request.actor, request.params.id, request.body),
  );
  typed.post(
    '/api/v1/alerts/:id/responses',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Log what was done about an alert (taken_at defaults to now and may not be in the future)',
        params: alertParams,
        body: z
          .object({
            action: z.enum(responseActions),
            note: z.string().max(2000).optional(),
            taken_at: z.iso.datetime({ offset: true }).optional(),
          })
          .strict(),
        response: { 201: presentedAlertResponseSchema, ...errorAnswers('FORBIDDEN', 'NOT_FOUND') },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const response = await recordAlertResponse(deps, request.actor, request.params.id, {
        action: b.action,
        note: b.note,
        takenAt: b.taken_at === undefined ? undefined : new Date(b.taken_at),
      });
      return reply.status(201).send(response);
    },
  );
}
