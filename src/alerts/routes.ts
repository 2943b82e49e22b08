import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { alertMethods } from './alert-rule.js';
import {
  type AlertServiceDependencies,
  createAlertRule,
  readAlertRules,
  readAlerts,
} from './alert-service.js';

const code = z.string().regex(/^[a-z0-9_]{1,64}$/, 'a lower-case code');
const emails = z.array(z.email()).max(50).default([]);

/** POST /api/v1/alert-rules: a rule, its scope, its parameters and whom to tell. */
const createRuleSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
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
    method: z.enum(alertMethods).default('threshold_24h'),
    minimum_count: z.number().int().min(1).max(100_000).default(3),
    cool_down_minutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .default(360)
      .describe('No new alert of the rule within this many minutes of its last one'),
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

/** The alerts API: rules (analysts and administrators) and the alerts raised. */
export function registerAlertRoutes(app: FastifyInstance, deps: AlertServiceDependencies): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.post(
    '/api/v1/alert-rules',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Create an alert rule (24-hour recurrence threshold) with its email audiences and webhook',
        body: createRuleSchema,
      },
    },
    async (request, reply) => {
      const b = request.body;
      const rule = await createAlertRule(deps, request.actor, {
        name: b.name,
        scope: {
          ...(b.scope.layer !== undefined ? { layerId: b.scope.layer, areaId: b.scope.area } : {}),
          ...(b.scope.source_types ? { sourceTypes: b.scope.source_types } : {}),
          ...(b.scope.substance ? { substance: b.scope.substance } : {}),
          ...(b.scope.case_definition ? { caseDefinition: b.scope.case_definition } : {}),
        },
        method: b.method,
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
      },
    },
    async (request) => ({ alerts: await readAlerts(deps, request.actor, request.query.limit) }),
  );
}
