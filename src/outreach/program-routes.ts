import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../platform/http/error-response.js';
import { lawEnforcementPolicies, materials, teamRoles } from './outreach-vocabulary.js';
import { presentedMemberSchema, presentedProgramSchema } from './program-presenter.js';
import {
  addMember,
  changeMember,
  changeProgram,
  createProgram,
  listPrograms,
  type ProgramDependencies,
  readProgram,
} from './program-service.js';

const serviceAreasSchema = z
  .array(z.object({ layer_id: z.string().min(1), area_id: z.string().min(1) }).strict())
  .min(1)
  .describe('The areas the program serves: an overdose in any of them opens a case on its queue');

/** Policies a request may set, each optional (unset ones keep their value, or PRONTO's default). */
const policiesBody = z
  .object({
    response_window_hours: z
      .number()
      .int()
      .min(1)
      .max(24 * 30),
    attempt_cap: z.number().int().min(1).max(50),
    phone_first: z.boolean(),
    law_enforcement_at_visits: z.enum(lawEnforcementPolicies),
    infraction_policy: z.string().max(20_000),
    materials_allowed: z.array(z.enum(materials)),
    family_support: z.boolean(),
    retention_days: z.number().int().min(1).max(36_500),
    referral_answer_days: z
      .number()
      .int()
      .min(1)
      .max(60)
      .describe("Days a referral may wait for the receiving organization's answer before it is flagged"),
  })
  .partial()
  .strict();

const privacyContact = z
  .email()
  .max(320)
  .nullable()
  .describe('Who hears of break-the-glass reads (an email address)');

/** POST /programs. */
const createProgramBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    organization_id: z.uuid(),
    service_areas: serviceAreasSchema,
    policies: policiesBody.optional(),
    privacy_contact: privacyContact.optional(),
  })
  .strict();

/** PATCH /programs/:programId. */
const changeProgramBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    service_areas: serviceAreasSchema,
    policies: policiesBody,
    privacy_contact: privacyContact,
  })
  .partial()
  .strict();

/** POST /programs/:programId/members. */
const addMemberBody = z
  .object({
    user_id: z
      .uuid()
      .optional()
      .describe('The SOS user, for a member who signs in (none for a partner who does not)'),
    display_name: z.string().trim().min(1).max(200),
    agency: z.string().trim().min(1).max(200),
    team_role: z.enum(teamRoles),
  })
  .strict();

/** PATCH /programs/:programId/members/:memberId. */
const changeMemberBody = z
  .object({
    active: z.boolean(),
    agency: z.string().trim().min(1).max(200),
    team_role: z.enum(teamRoles),
  })
  .partial()
  .strict();

const programParams = z.object({ programId: z.uuid() }).strict();
const memberParams = z.object({ programId: z.uuid(), memberId: z.uuid() }).strict();
const base = '/api/v1/outreach/programs';

/** The programs API: configuration and teams of outreach programs (no case content). */
export function registerProgramRoutes(app: FastifyInstance, deps: ProgramDependencies): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    base,
    {
      schema: {
        tags: ['outreach'],
        summary:
          "The programs the actor sees (her team's; every one for administrators and analysts), with their teams",
        response: { 200: z.object({ programs: z.array(presentedProgramSchema) }), ...errorResponses },
      },
    },
    async (request) => ({ programs: await listPrograms(deps, request.actor) }),
  );
  typed.post(
    base,
    {
      schema: {
        tags: ['outreach'],
        summary: 'Create a program (administrators): owning organization, areas served, policies; audited',
        body: createProgramBody,
        response: { 201: presentedProgramSchema, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await createProgram(deps, request.actor, request.body)),
  );
  typed.get(
    `${base}/:programId`,
    {
      schema: {
        tags: ['outreach'],
        summary: 'One program with its team',
        params: programParams,
        response: { 200: presentedProgramSchema, ...errorResponses },
      },
    },
    async (request) => readProgram(deps, request.actor, request.params.programId),
  );
  typed.patch(
    `${base}/:programId`,
    {
      schema: {
        tags: ['outreach'],
        summary:
          "Change a program's name, areas, policies or privacy contact (administrators, its coordinators); audited",
        params: programParams,
        body: changeProgramBody,
        response: { 200: presentedProgramSchema, ...errorResponses },
      },
    },
    async (request) => changeProgram(deps, request.actor, request.params.programId, request.body),
  );
  typed.post(
    `${base}/:programId/members`,
    {
      schema: {
        tags: ['outreach'],
        summary: "Add a member to a program's team; audited",
        params: programParams,
        body: addMemberBody,
        response: { 201: presentedMemberSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addMember(deps, request.actor, request.params.programId, request.body)),
  );
  typed.patch(
    `${base}/:programId/members/:memberId`,
    {
      schema: {
        tags: ['outreach'],
        summary: "Change a member's agency or team role, or take the member off the team; audited",
        params: memberParams,
        body: changeMemberBody,
        response: { 200: presentedMemberSchema, ...errorResponses },
      },
    },
    async (request) =>
      changeMember(deps, request.actor, request.params.programId, request.params.memberId, request.body),
  );
}
