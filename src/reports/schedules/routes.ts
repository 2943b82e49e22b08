import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { audiences } from '../weekly/weekly-report.js';
import { reportFormats } from './report-maker.js';
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

/** POST /api/v1/report-schedules: which report, when, and to whom. */
const createSchema = z
  .object({
    name,
    audience: z
      .enum(audiences)
      .describe('internal (analysts), partner (public safety and harm reduction) or public (anyone)'),
    format: z.enum(reportFormats).default('pdf'),
    cron,
    recipients: recipients.default([]),
    enabled: z.boolean().default(true),
  })
  .strict();

/** PATCH /api/v1/report-schedules/:id: any of name, cron, recipients and enabled. */
const changeSchema = z
  .object({
    name: name.optional(),
    cron: cron.optional(),
    recipients: recipients.optional(),
    enabled: z.boolean().optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, {
    message: 'Give at least one of name, cron, recipients, enabled',
  });

/** The report schedules API (analysts and administrators of the jurisdiction). */
export function registerReportScheduleRoutes(app: FastifyInstance, deps: ScheduleServiceDependencies): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    '/api/v1/report-schedules',
    {
      schema: {
        tags: ['reports'],
        summary: "The jurisdiction's weekly report schedules, and the time zone their cron patterns run in",
      },
    },
    async (request) => readSchedules(deps, request.actor),
  );
  typed.post(
    '/api/v1/report-schedules',
    {
      schema: {
        tags: ['reports'],
        summary:
          'Create a schedule: the weekly report of the last complete MMWR week for an audience, made at the cron times, archived and emailed to its recipients',
        body: createSchema,
      },
    },
    async (request, reply) => reply.status(201).send(await createSchedule(deps, request.actor, request.body)),
  );
  typed.get(
    '/api/v1/report-schedules/cron-preview',
    {
      schema: {
        tags: ['reports'],
        summary: "Check a cron pattern: in words, and its next three runs on the jurisdiction's clock",
        querystring: z.object({ cron }),
      },
    },
    async (request) => previewCron(deps, request.actor, request.query.cron),
  );
  typed.patch(
    '/api/v1/report-schedules/:id',
    {
      schema: {
        tags: ['reports'],
        summary:
          'Change a schedule: name, cron, recipients, or turn it on or off (a new cron or turning it on counts the next run from now)',
        params: scheduleParams,
        body: changeSchema,
      },
    },
    async (request) => changeSchedule(deps, request.actor, request.params.id, request.body),
  );
  typed.delete(
    '/api/v1/report-schedules/:id',
    {
      schema: {
        tags: ['reports'],
        summary: 'Delete a schedule: its archived reports stay, its emails not yet sent are cancelled',
        params: scheduleParams,
      },
    },
    async (request, reply) => {
      await removeSchedule(deps, request.actor, request.params.id);
      return reply.status(204).send();
    },
  );
  typed.post(
    '/api/v1/report-schedules/:id/run',
    {
      schema: {
        tags: ['reports'],
        summary:
          "Run a schedule now (on or off) to try it: the last complete week's report, archived and emailed; REPORT_MAKER_MISSING (503) while the server has no report maker",
        params: scheduleParams,
      },
    },
    async (request, reply) =>
      reply.status(201).send(await runScheduleNow(deps, request.actor, request.params.id)),
  );
}
