import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../platform/http/error-response.js';
import { roles } from '../roles.js';
import type { PeopleDependencies } from './people-dependencies.js';
import { userAccountSchema } from './user-account-presenter.js';
import {
  disableUser,
  enableUser,
  inviteUser,
  listUsers,
  MAX_USERS_PAGE,
  readUser,
  resendInvitation,
  updateUser,
  userChoices,
} from './user-administration-service.js';
import { userStatuses } from './user-status.js';

const tags = ['users'];
const idParams = z.object({ id: z.uuid() }).strict();
const displayName = z.string().trim().min(1).max(200);
const programIds = z.array(z.uuid()).max(50).describe("Ids of the jurisdiction's outreach programs");

const listQuery = z
  .object({
    role: z.enum(roles).optional(),
    organization_id: z.uuid().optional(),
    status: z.enum(userStatuses).optional(),
    cursor: z.string().max(200).optional().describe('The next_cursor of the previous page'),
    limit: z.coerce.number().int().min(1).max(MAX_USERS_PAGE).optional(),
  })
  .strict();

const inviteBody = z
  .object({
    email: z.string().trim().min(3).max(320),
    display_name: displayName,
    role: z.enum(roles),
    organization_id: z.uuid().nullable().default(null),
    program_ids: programIds.default([]),
  })
  .strict();

const updateBody = z
  .object({
    display_name: displayName.optional(),
    role: z.enum(roles).optional(),
    organization_id: z.uuid().nullable().optional(),
    program_ids: programIds.optional(),
  })
  .strict();

const choicesSchema = z.object({
  roles: z.array(z.enum(roles)),
  organization_bound_roles: z
    .array(z.enum(roles))
    .describe('Roles whose users must belong to an organization'),
  program_roles: z.array(z.enum(roles)).describe('Roles whose users may work in outreach programs'),
  organizations: z.array(z.object({ id: z.uuid(), name: z.string(), type: z.string() })),
  programs: z.array(z.object({ id: z.uuid(), name: z.string() })),
});

/** Where the administrator's page was served from: invitation links point there when SOS_PUBLIC_URL is unset. */
function requestOrigin(request: FastifyRequest): string {
  // Through URL, so that a default port the Host names (localhost:80) is left out as browsers do.
  return new URL(`${request.protocol}://${request.host}`).origin;
}

/** The users administration of a jurisdiction (administrators): list, invite, change, disable, enable. */
export function registerUserAdministrationRoutes(app: FastifyInstance, deps: PeopleDependencies): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    '/api/v1/admin/users',
    {
      schema: {
        tags,
        summary: "The jurisdiction's users, newest first, by role, organization and status (administrators)",
        querystring: listQuery,
        response: {
          200: z.object({ users: z.array(userAccountSchema), next_cursor: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (request) =>
      listUsers(deps, request.actor, {
        role: request.query.role,
        organizationId: request.query.organization_id,
        status: request.query.status,
        cursor: request.query.cursor,
        limit: request.query.limit,
      }),
  );
  typed.get(
    '/api/v1/admin/users/choices',
    {
      schema: {
        tags,
        summary: 'What a user may be given: roles, organizations and outreach programs (administrators)',
        response: { 200: choicesSchema, ...errorResponses },
      },
    },
    async (request) => userChoices(deps, request.actor),
  );
  typed.post(
    '/api/v1/admin/users',
    {
      schema: {
        tags,
        summary:
          'Invite a user: the account is created without a password and a one-time link (good for SOS_INVITATION_HOURS) is mailed; audited',
        body: inviteBody,
        response: { 201: userAccountSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await inviteUser(deps, request.actor, request.body, requestOrigin(request))),
  );
  typed.get(
    '/api/v1/admin/users/:id',
    {
      schema: {
        tags,
        summary: 'One user of the jurisdiction (administrators)',
        params: idParams,
        response: { 200: userAccountSchema, ...errorResponses },
      },
    },
    async (request) => readUser(deps, request.actor, request.params.id),
  );
  typed.patch(
    '/api/v1/admin/users/:id',
    {
      schema: {
        tags,
        summary: "Change a user's display name, role, organization or outreach programs; audited",
        params: idParams,
        body: updateBody,
        response: { 200: userAccountSchema, ...errorResponses },
      },
    },
    async (request) => updateUser(deps, request.actor, request.params.id, request.body),
  );
  typed.post(
    '/api/v1/admin/users/:id/invitation',
    {
      schema: {
        tags,
        summary: 'Send the invitation again with a new link (the old link stops working); audited',
        params: idParams,
        response: { 200: userAccountSchema, ...errorResponses },
      },
    },
    async (request) => resendInvitation(deps, request.actor, request.params.id, requestOrigin(request)),
  );
  typed.post(
    '/api/v1/admin/users/:id/disable',
    {
      schema: {
        tags,
        summary:
          'Disable a user: no more sign-in, every session revoked at once (not the last administrator); audited',
        params: idParams,
        response: { 200: userAccountSchema, ...errorResponses },
      },
    },
    async (request) => disableUser(deps, request.actor, request.params.id),
  );
  typed.post(
    '/api/v1/admin/users/:id/enable',
    {
      schema: {
        tags,
        summary: 'Enable a disabled user again; audited',
        params: idParams,
        response: { 200: userAccountSchema, ...errorResponses },
      },
    },
    async (request) => enableUser(deps, request.actor, request.params.id),
  );
}
