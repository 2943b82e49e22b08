import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../platform/http/error-response.js';
import { caseDetailSchema, caseSummarySchema } from './case-presenter.js';
import { queueHealthSchema } from './case-queue-health.js';
import { readQueueHealth } from './case-queue-health-service.js';
import { assignCase, closeCase, listCases, openCase, readCase } from './case-service.js';
import type { OutreachDependencies } from './outreach-dependencies.js';
import { closeReasons, deflectionPathways } from './outreach-vocabulary.js';
import { registerProgramRoutes } from './program-routes.js';

const purpose = z
  .enum(['treatment', 'operations', 'audit', 'emergency'])
  .default('treatment')
  .describe('Why the case is read; kept in the audit entry of the read');

/** GET /cases: the queue. */
const queueQuery = z
  .object({
    program_id: z.uuid().optional(),
    status: z.enum(['open', 'closed', 'all']).default('open'),
    assigned: z.enum(['me', 'unassigned', 'any']).default('any'),
    overdue: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional()
      .describe('true: only open cases past their window that nobody reached'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(500).optional().describe("The previous page's next_cursor"),
    purpose,
  })
  .strict();

const personBody = z
  .object({
    first_name: z.string().max(200),
    last_name: z.string().max(200),
    birth_date: z.iso.date(),
    phone: z.string().max(50),
    email: z.string().max(320),
    address: z.string().max(500),
  })
  .partial()
  .strict();

/** POST /cases: a case by hand or by a deflection referral. */
const openCaseBody = z
  .object({
    program_id: z.uuid(),
    origin: z.enum(['by_hand', 'deflection']),
    pathway: z.enum(deflectionPathways).optional().describe('Required when origin is deflection'),
    started_at: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('When the response clock starts (now by default)'),
    area_id: z.string().min(1).max(200).optional(),
    person: personBody,
  })
  .strict();

const caseParams = z.object({ caseId: z.uuid() }).strict();
const base = '/api/v1/outreach';

/** The programs API and the queue: cases listed, read, opened by hand, assigned, closed; queue health. */
export function registerProgramAndCaseRoutes(app: FastifyInstance, deps: OutreachDependencies): void {
  registerProgramRoutes(app, deps);
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    `${base}/cases`,
    {
      schema: {
        tags: ['outreach'],
        summary:
          "The queue: the cases the actor may read (a worker's own only), open ones most urgent first; no identifiers; audited",
        querystring: queueQuery,
        response: {
          200: z.object({
            cases: z.array(caseSummarySchema),
            next_cursor: z.string().nullable(),
            total: z.number().int(),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => listCases(deps, request.actor, request.query),
  );
  typed.post(
    `${base}/cases`,
    {
      schema: {
        tags: ['outreach'],
        summary:
          "Open a case by hand or by a deflection referral (the program's coordinators); the person is sealed in the vault",
        body: openCaseBody,
        response: { 201: caseDetailSchema, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await openCase(deps, request.actor, request.body)),
  );
  typed.get(
    `${base}/cases/:caseId`,
    {
      schema: {
        tags: ['outreach'],
        summary:
          'One case with the person and everything recorded on it, for a purpose; audited (404 to whoever may not read it)',
        params: caseParams,
        querystring: z.object({ purpose }).strict(),
        response: { 200: caseDetailSchema, ...errorResponses },
      },
    },
    async (request) => readCase(deps, request.actor, request.params.caseId, request.query.purpose),
  );
  typed.post(
    `${base}/cases/:caseId/assign`,
    {
      schema: {
        tags: ['outreach'],
        summary: 'Assign a case to an active member of its program, or to nobody (coordinators); audited',
        params: caseParams,
        body: z.object({ user_id: z.uuid().nullable() }).strict(),
        response: { 200: caseSummarySchema, ...errorResponses },
      },
    },
    async (request) => assignCase(deps, request.actor, request.params.caseId, request.body.user_id),
  );
  typed.post(
    `${base}/cases/:caseId/close`,
    {
      schema: {
        tags: ['outreach'],
        summary: 'Close a case with a reason (coordinators, or the worker it is assigned to); audited',
        params: caseParams,
        body: z.object({ reason: z.enum(closeReasons) }).strict(),
        response: { 200: caseSummarySchema, ...errorResponses },
      },
    },
    async (request) => closeCase(deps, request.actor, request.params.caseId, request.body.reason),
  );
  typed.get(
    `${base}/programs/:programId/queue-health`,
    {
      schema: {
        tags: ['outreach'],
        summary:
          "A program's queue at a glance for its coordinators: open, unassigned, overdue, per worker, recent visits' teams",
        params: z.object({ programId: z.uuid() }).strict(),
        response: { 200: queueHealthSchema, ...errorResponses },
      },
    },
    async (request) => readQueueHealth(deps, request.actor, request.params.programId),
  );
}
