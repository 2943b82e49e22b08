import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../platform/http/error-response.js';
import { apiKeyScopes } from '../roles.js';
import { DEFAULT_OVERLAP_HOURS, MAX_OVERLAP_HOURS } from './api-key.js';
import { apiKeySchema, apiKeyScopeSchema, issuedApiKeySchema, presentScopes } from './api-key-presenter.js';
import {
  type ApiKeyDependencies,
  issueApiKey,
  listApiKeys,
  revokeApiKey,
  rotateApiKey,
} from './api-key-service.js';

const tags = ['administration'];
const keyParams = z.object({ keyId: z.uuid() }).strict();

/** The administrator's API keys: listed, issued per organization, rotated with an overlap, revoked. */
export function registerApiKeyRoutes(app: FastifyInstance, deps: ApiKeyDependencies): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    '/api/v1/admin/api-keys',
    {
      schema: {
        tags,
        summary:
          "The jurisdiction's API keys, newest first (of one organization when named): organization, scopes, issued by, last use, expiry, status; and what each scope means",
        querystring: z.object({ organization_id: z.uuid().optional() }).strict(),
        response: {
          200: z.object({ api_keys: z.array(apiKeySchema), scopes: z.array(apiKeyScopeSchema) }),
          ...errorResponses,
        },
      },
    },
    async (request) => ({
      api_keys: await listApiKeys(deps, request.actor, { organizationId: request.query.organization_id }),
      scopes: presentScopes(),
    }),
  );
  typed.post(
    '/api/v1/admin/organizations/:organizationId/api-keys',
    {
      schema: {
        tags,
        summary: "Issues an API key for the organization's system; the key is in this answer only; audited",
        params: z.object({ organizationId: z.uuid() }).strict(),
        body: z
          .object({
            name: z.string().trim().min(1).max(200).describe('Which system holds it: "CAD export"'),
            scopes: z.array(z.enum(apiKeyScopes)).min(1).max(apiKeyScopes.length),
          })
          .strict(),
        response: { 201: issuedApiKeySchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(
        await issueApiKey(deps, request.actor, {
          organizationId: request.params.organizationId,
          ...request.body,
        }),
      ),
  );
  typed.post(
    '/api/v1/admin/api-keys/:keyId/rotate',
    {
      schema: {
        tags,
        summary:
          'Issues a new key in place of this one (in this answer only); the old key works until the overlap ends (0: at once); audited',
        params: keyParams,
        body: z
          .object({
            overlap_hours: z
              .number()
              .int()
              .min(0)
              .max(MAX_OVERLAP_HOURS)
              .default(DEFAULT_OVERLAP_HOURS)
              .describe(`Hours the old key still works (default ${DEFAULT_OVERLAP_HOURS}, at most 30 days)`),
          })
          .strict()
          .default({ overlap_hours: DEFAULT_OVERLAP_HOURS }),
        response: { 201: issuedApiKeySchema.extend({ replaced: apiKeySchema }), ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(
        await rotateApiKey(deps, request.actor, {
          keyId: request.params.keyId,
          overlapHours: request.body.overlap_hours,
        }),
      ),
  );
  typed.post(
    '/api/v1/admin/api-keys/:keyId/revoke',
    {
      schema: {
        tags,
        summary: 'Ends a key at once (one in a rotation overlap too); audited',
        params: keyParams,
        response: { 200: apiKeySchema, ...errorResponses },
      },
    },
    async (request) => revokeApiKey(deps, request.actor, { keyId: request.params.keyId }),
  );
}
