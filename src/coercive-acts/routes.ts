import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../platform/http/error-response.js';
import { coerciveActKinds } from './coercive-act.js';
import {
  type CoerciveActDependencies,
  type ListedCoerciveAct,
  readCoerciveActs,
  recordCoerciveAct,
} from './coercive-act-service.js';

const tags = ['coercive-acts'];
const instant = z.iso.datetime({ offset: true });
const text = (max: number) => z.string().min(1).max(max);

/** POST /api/v1/coercive-acts. */
const recordBody = z
  .object({
    program_id: z.uuid(),
    kind: z.enum(coerciveActKinds),
    performed_at: instant.describe('When the act was performed (not in the future)'),
    performed_by: text(300).describe('Who performed it: name and agency'),
    justification: text(4000).describe('Why this exceptional act was necessary'),
    policy_reference: text(500).describe('The written policy the act rests on (title or reference)'),
  })
  .strict();

/** The recorder's answer: the id and time, never the register. */
const recordedAnswer = z.object({ id: z.uuid(), recorded_at: instant }).strict();

/** GET /api/v1/coercive-acts. */
const listQuery = z
  .object({
    program_id: z.uuid(),
    from: instant.optional().describe('Acts performed at or after this time (default: all)'),
    to: instant.optional().describe('Acts performed before this time (default: no end)'),
  })
  .strict();

/** One act as oversight reads it (fields allowlisted). */
const listedAct = z
  .object({
    id: z.uuid(),
    program_id: z.uuid(),
    kind: z.enum(coerciveActKinds),
    performed_at: instant,
    performed_by: z.string(),
    justification: z.string(),
    policy_reference: z.string(),
    recorded_by: z.string().nullable().describe('Who recorded it (name)'),
    recorded_at: instant,
  })
  .strict();
const listAnswer = z.object({ coercive_acts: z.array(listedAct) }).strict();

function presentAct(act: ListedCoerciveAct): z.infer<typeof listedAct> {
  return {
    id: act.id,
    program_id: act.programId,
    kind: act.kind,
    performed_at: act.performedAt.toISOString(),
    performed_by: act.performedBy,
    justification: act.justification,
    policy_reference: act.policyReference,
    recorded_by: act.recordedByName,
    recorded_at: act.recordedAt.toISOString(),
  };
}

/** The coercive-acts register's routes: recording (coordinators, oversight) and the list (oversight only). */
export function registerCoerciveActRoutes(app: FastifyInstance, deps: CoerciveActDependencies): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.post(
    '/api/v1/coercive-acts',
    {
      schema: {
        tags,
        summary:
          'Records an exceptional act (warrant check, arrest, involuntary commitment petition) of a program: who, when, why, under which policy',
        body: recordBody,
        response: { 201: recordedAnswer, ...errorResponses },
      },
    },
    async (request, reply) => {
      const recorded = await recordCoerciveAct(deps, request.actor, request.body);
      return reply.code(201).send({ id: recorded.id, recorded_at: recorded.recordedAt.toISOString() });
    },
  );
  typed.get(
    '/api/v1/coercive-acts',
    {
      schema: {
        tags,
        summary: "A program's coercive-acts register (the program's oversight only; audited)",
        querystring: listQuery,
        response: { 200: listAnswer, ...errorResponses },
      },
    },
    async (request) => {
      const { program_id, from, to } = request.query;
      const acts = await readCoerciveActs(deps, request.actor, {
        programId: program_id,
        from: from ? new Date(from) : new Date(0),
        to: to ? new Date(to) : null,
      });
      return { coercive_acts: acts.map(presentAct) };
    },
  );
}
