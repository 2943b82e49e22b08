import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { aliasedPaths } from '../../platform/http/deprecated-alias.js';
import { errorResponses } from '../../platform/http/error-response.js';
import { emptyResponse } from '../../platform/http/file-response.js';
import { SCHEDULE_PATHS, SETTINGS_PATHS } from '../publication-paths.js';
import { audiences } from '../weekly/weekly-report.js';
import {
  internalDomainsSchema,
  readInternalDomains,
  setInternalDomains,
} from './recipient-settings-service.js';
import { reportFormats } from './report-maker.js';
import {
  cronPreviewSchema,
  scheduleListSchema,
  scheduleRunSchema,
  scheduleSchema,
} from './schedule-presenter.js';
import {
  changeSchedule,
  createSchedule,
  previewCron,
  readSchedules,
  removeSchedule,
  runScheduleNow,
  type ScheduleServiceDependencies,
} from './schedule-service.js';

const name = z.string().trim().min(1).max(200);
const cron = z
  .string()
  .max(100)
  .describe(
    'Five fields (minute hour day-of-month month day-of-week) on the jurisdiction\'s clock, at most once an hour: "0 7 * * 1" is every Monday at 07:00',
  );
const recipients = z
  .array(z.email())
  .max(100)
  .describe('Each gets the report attached to an email of their own');
const scheduleParams = z.object({ id: z.uuid() });
const audience = z
  .enum(audiences)
  .describe(
    'internal (analysts: recipients must be active analysts of the jurisdiction or in its internal report domains, else REPORT_RECIPIENT_NOT_ALLOWED, 422), partner (public safety and harm reduction) or public (anyone)',
  );
// A domain as DNS writes it, lower case: labels of letters, digits and inner hyphens, at least two.
const domain = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(/^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, {
    message: 'A domain such as health.example.gov: no wildcards, no "@", no spaces',
  });

/** PUT /api/v1/publications/settings/internal-domains: the whole list, replacing the last one. */
const internalDomainsBodySchema = z
  .object({
    domains: z
      .array(domain)
      .max(50)
      .describe(
        'Exact domains (no wildcards, no subdomains) whose addresses may receive internal reports besides the analysts',
      ),
  })
  .strict();

/** POST /api/v1/publications/schedules: which report, when, and to whom. */
const createSchema = z
  .object({
    name,
    audience,
    format: z.enum(reportFormats).default('pdf'),
    cron,
    recipients: recipients.default([]),
    enabled: z.boolean().default(true),
  })
  .strict();

/** PATCH /api/v1/publications/schedules/:id: any of name, audience, cron, recipients and enabled. */
const changeSchema = z
  .object({
    name: name.optional(),
    audience: audience.optional(),
    cron: cron.optional(),
    recipients: recipients.optional(),
    enabled: z.boolean().optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, {
    message: 'Give at least one of name, audience, cron, recipients, enabled',
  });

/** The report schedules API (analysts and administrators of the jurisdiction) and the internal report domains. */
export function registerReportScheduleRoutes(app: FastifyInstance, deps: ScheduleServiceDependencies): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  for (const path of aliasedPaths(SCHEDULE_PATHS, '')) {
    typed.get(
      path.url,
      {
        ...path.options,
        schema: {
          ...path.schema,
          tags: ['publications'],
          summary: "The jurisdiction's weekly report schedules, and the time zone their cron patterns run in",
          response: { 200: scheduleListSchema, ...errorResponses },
        },
      },
      async (request) => readSchedules(deps, request.actor),
    );
    typed.post(
      path.url,
      {
        ...path.options,
        schema: {
          ...path.schema,
          tags: ['publications'],
          summary:
            'Create a schedule: the weekly report of the last complete MMWR week for an audience, made at the cron times, archived and emailed to its recipients',
          body: createSchema,
          response: { 201: scheduleSchema, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createSchedule(deps, request.actor, request.body)),
    );
  }
  for (const path of aliasedPaths(SCHEDULE_PATHS, '/cron-preview')) {
    typed.get(
      path.url,
      {
        ...path.options,
        schema: {
          ...path.schema,
          tags: ['publications'],
          summary: "Check a cron pattern: in words, and its next three runs on the jurisdiction's clock",
          querystring: z.object({ cron }),
          response: { 200: cronPreviewSchema, ...errorResponses },
        },
      },
      async (request) => previewCron(deps, request.actor, request.query.cron),
    );
  }
  for (const path of aliasedPaths(SCHEDULE_PATHS, '/:id')) {
    typed.patch(
      path.url,
      {
        ...path.options,
        schema: {
          ...path.schema,
          tags: ['publications'],
          summary:
            'Change a schedule: name, audience, cron, recipients, or turn it on or off (a new cron or turning it on counts the next run from now); REPORT_RECIPIENT_NOT_ALLOWED (422) when an internal report would go to someone not allowed',
          params: scheduleParams,
          body: changeSchema,
          response: { 200: scheduleSchema, ...errorResponses },
        },
      },
      async (request) => changeSchedule(deps, request.actor, request.params.id, request.body),
    );
    typed.delete(
      path.url,
      {
        ...path.options,
        schema: {
          ...path.schema,
          tags: ['publications'],
          summary: 'Delete a schedule: its archived reports stay, its emails not yet sent are cancelled',
          params: scheduleParams,
          response: { 204: emptyResponse('Deleted'), ...errorResponses },
        },
      },
      async (request, reply) => {
        await removeSchedule(deps, request.actor, request.params.id);
        return reply.status(204).send(null);
      },
    );
  }
  for (const path of aliasedPaths(SCHEDULE_PATHS, '/:id/run')) {
    typed.post(
      path.url,
      {
        ...path.options,
        schema: {
          ...path.schema,
          tags: ['publications'],
          summary:
            "Run a schedule now (on or off) to try it: the last complete week's report, archived and emailed; REPORT_MAKER_MISSING (503) while the server has no report maker, REPORT_RECIPIENT_NOT_ALLOWED (422) while an internal report's recipient is not allowed",
          params: scheduleParams,
          response: { 201: scheduleRunSchema, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await runScheduleNow(deps, request.actor, request.params.id)),
    );
  }
  for (const path of aliasedPaths(SETTINGS_PATHS, '/internal-domains')) {
    typed.get(
      path.url,
      {
        ...path.options,
        schema: {
          ...path.schema,
          tags: ['publications'],
          summary:
            'The domains whose addresses may receive internal reports besides the analysts of the jurisdiction',
          response: { 200: internalDomainsSchema, ...errorResponses },
        },
      },
      async (request) => readInternalDomains(deps, request.actor),
    );
    typed.put(
      path.url,
      {
        ...path.options,
        schema: {
          ...path.schema,
          tags: ['publications'],
          summary:
            'Set the internal report domains (analysts only, audited): exact matches, so health.example.gov allows a@health.example.gov and nothing under it',
          body: internalDomainsBodySchema,
          response: { 200: internalDomainsSchema, ...errorResponses },
        },
      },
      async (request) => setInternalDomains(deps, request.actor, request.body.domains),
    );
  }
}
