import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { organizationTypes } from '../../intake/vocabulary/index.js';
import { errorResponses } from '../../platform/http/error-response.js';
import { organizationSchema } from './organization-presenter.js';
import {
  createOrganization,
  editOrganization,
  listManagedOrganizations,
  type OrganizationDependencies,
} from './organization-service.js';

/** A contact as written; a field left out is none. */
const contactBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    role: z.string().trim().max(200).nullable().optional().describe('What they do there: "Medical director"'),
    email: z.email().max(320).nullable().optional(),
    phone: z
      .string()
      .trim()
      .regex(
        /^\+?[0-9][0-9 ().\-/]{2,38}( *(x|ext\.?) *[0-9]{1,6})?$/i,
        'A phone number: digits, spaces, + ( ) - . /',
      )
      .nullable()
      .optional(),
  })
  .strict();

/** POST /admin/organizations: name and type; contacts and the intake profile may follow. */
const createBody = z
  .object({
    name: z.string().trim().min(1).max(300),
    type: z.enum(organizationTypes),
    contacts: z.array(contactBody).max(20).optional(),
    allowed_raw_keys: z
      .array(z.string().trim().min(1).max(100))
      .max(100)
      .optional()
      .describe("Extra keys of its records that a report's raw payload keeps"),
  })
  .strict();

const tags = ['administration'];

/** The administrator's organizations: list, add, change (type, contacts, intake profile). */
export function registerOrganizationRoutes(app: FastifyInstance, deps: OrganizationDependencies): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    '/api/v1/admin/organizations',
    {
      schema: {
        tags,
        summary: "The jurisdiction's organizations by name, and the organization vocabulary (administrators)",
        response: {
          200: z.object({
            organizations: z.array(organizationSchema),
            types: z.array(z.enum(organizationTypes)),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => ({
      organizations: await listManagedOrganizations(deps, request.actor),
      types: [...organizationTypes],
    }),
  );
  typed.post(
    '/api/v1/admin/organizations',
    {
      schema: {
        tags,
        summary: 'Adds an organization (name, type, contacts, intake profile); audited',
        body: createBody,
        response: { 201: organizationSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createOrganization(deps, request.actor, request.body)),
  );
  typed.patch(
    '/api/v1/admin/organizations/:organizationId',
    {
      schema: {
        tags,
        summary: "Changes an organization's fields given (contacts given replace the list); audited",
        params: z.object({ organizationId: z.uuid() }).strict(),
        body: createBody.partial().strict(),
        response: { 200: organizationSchema, ...errorResponses },
      },
    },
    async (request) => editOrganization(deps, request.actor, request.params.organizationId, request.body),
  );
}
