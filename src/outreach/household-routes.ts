import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../platform/http/error-response.js';
import { requestHandleWithCare } from './handle-with-care-service.js';
import { readHousehold, recordHouseholdMember } from './household-service.js';
import type { OutreachDependencies } from './outreach-dependencies.js';
import { householdRelations } from './outreach-vocabulary.js';
import type { School } from './school-repository.js';
import { changeSchool, createSchool, readSchools } from './school-service.js';

const tags = ['outreach'];
const caseParams = z.object({ caseId: z.uuid() }).strict();
const readQuery = z
  .object({ purpose: z.enum(['treatment', 'operations', 'audit', 'emergency']).default('treatment') })
  .strict();

/** A school as answered (its Handle with Care contact included: it is staff, not a survivor). */
const schoolSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    district: z.string().nullable(),
    contact_name: z.string(),
    contact_email: z.string(),
    active: z.boolean(),
    updated_at: z.string(),
  })
  .strict();
const schoolBody = z
  .object({
    name: z.string().trim().min(1).max(300),
    district: z.string().max(300).nullable().optional(),
    contact_name: z.string().trim().min(1).max(300).describe('The designated Handle with Care contact'),
    contact_email: z.email().max(320),
    active: z.boolean().optional(),
  })
  .strict();

function presentSchool(s: School): z.infer<typeof schoolSchema> {
  return {
    id: s.id,
    name: s.name,
    district: s.district,
    contact_name: s.contactName,
    contact_email: s.contactEmail,
    active: s.active,
    updated_at: s.updatedAt.toISOString(),
  };
}

/** A household member as answered: a child's name stays in the vault. */
const householdMemberSchema = z
  .object({
    id: z.uuid(),
    case_id: z.uuid(),
    relation: z.enum(householdRelations),
    age_years: z.number().int().nullable(),
    caregiver: z.string().nullable(),
    child_named: z
      .boolean()
      .describe("Whether a child's name and birth date are sealed for Handle with Care"),
    school: z.object({ id: z.uuid(), name: z.string() }).strict().nullable(),
    recorded_by: z.object({ user_id: z.uuid(), display_name: z.string() }).strict(),
    recorded_at: z.string(),
  })
  .strict();
const householdBody = z
  .object({
    client_id: z
      .uuid()
      .optional()
      .describe('Made by the client: a resend with the same id answers the stored record'),
    relation: z.enum(householdRelations),
    age_years: z.number().int().min(0).max(120).optional(),
    caregiver: z.string().max(500).optional().describe('Who cares for a child'),
    child: z
      .object({
        first_name: z.string().trim().min(1).max(200),
        last_name: z.string().trim().min(1).max(200),
        birth_date: z.iso.date(),
        school_id: z.uuid(),
      })
      .strict()
      .optional()
      .describe('A child named for Handle with Care (sealed in the vault)'),
  })
  .strict();

/** The notice as answered. */
const noticeSchema = z
  .object({
    id: z.uuid(),
    school: z.object({ id: z.uuid(), name: z.string() }).strict(),
    due_by: z.string().describe('The start of the next school day (07:30, jurisdiction time)'),
    status: z.enum(['pending', 'sent', 'failed']),
  })
  .strict();

/** Schools, a case's household and Handle with Care notices. */
export function registerHouseholdRoutes(app: FastifyInstance, deps: OutreachDependencies): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    '/api/v1/outreach/schools',
    {
      schema: {
        tags,
        summary: "The jurisdiction's schools and their Handle with Care contacts",
        response: { 200: z.object({ schools: z.array(schoolSchema) }).strict(), ...errorResponses },
      },
    },
    async (request) => ({ schools: (await readSchools(deps, request.actor)).map(presentSchool) }),
  );
  typed.post(
    '/api/v1/outreach/schools',
    {
      schema: {
        tags,
        summary: 'Adds a school with its designated Handle with Care contact (administrators, coordinators)',
        body: schoolBody,
        response: { 201: schoolSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(presentSchool(await createSchool(deps, request.actor, request.body))),
  );
  typed.patch(
    '/api/v1/outreach/schools/:schoolId',
    {
      schema: {
        tags,
        summary: "Changes a school's name, district, contact or whether it is active",
        params: z.object({ schoolId: z.uuid() }).strict(),
        body: schoolBody.partial(),
        response: { 200: schoolSchema, ...errorResponses },
      },
    },
    async (request) =>
      presentSchool(await changeSchool(deps, request.actor, request.params.schoolId, request.body)),
  );
  typed.get(
    '/api/v1/outreach/cases/:caseId/household',
    {
      schema: {
        tags,
        summary: "The survivor's household: relations, children's ages, caregivers (an audited read)",
        params: caseParams,
        querystring: readQuery,
        response: {
          200: z.object({ household: z.array(householdMemberSchema) }).strict(),
          ...errorResponses,
        },
      },
    },
    async (request) => ({
      household: await readHousehold(deps, request.actor, request.params.caseId, request.query.purpose),
    }),
  );
  typed.post(
    '/api/v1/outreach/cases/:caseId/household',
    {
      schema: {
        tags,
        summary:
          "Records a member of the survivor's household (a child may be named, with a school, for Handle with Care)",
        params: caseParams,
        body: householdBody,
        response: { 201: householdMemberSchema, 200: householdMemberSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { record, created } = await recordHouseholdMember(
        deps,
        request.actor,
        request.params.caseId,
        request.body,
      );
      return reply.code(created ? 201 : 200).send(record);
    },
  );
  typed.post(
    '/api/v1/outreach/cases/:caseId/handle-with-care',
    {
      schema: {
        tags,
        summary:
          "Sends a Handle with Care notice to a named child's school before the next school day: the child's name, birth date and school only",
        params: caseParams,
        body: z.object({ household_member_id: z.uuid() }).strict(),
        response: { 201: noticeSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { notice, schoolName } = await requestHandleWithCare(
        deps,
        request.actor,
        request.params.caseId,
        request.body.household_member_id,
      );
      return reply.code(201).send({
        id: notice.id,
        school: { id: notice.schoolId, name: schoolName },
        due_by: notice.dueBy.toISOString(),
        status: notice.status,
      });
    },
  );
}
