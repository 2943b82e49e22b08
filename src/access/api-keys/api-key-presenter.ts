import { z } from 'zod';
import { apiKeyScopeMeanings, apiKeyScopes } from '../roles.js';
import { type ApiKeyRecord, apiKeyStatus, apiKeyStatuses } from './api-key.js';

/** An API key as administrators read it: never its secret nor its hash. */
export const apiKeySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  organization: z.object({ id: z.uuid(), name: z.string() }),
  scopes: z.array(z.enum(apiKeyScopes)),
  created_at: z.string(),
  created_by: z
    .object({ user_id: z.uuid(), display_name: z.string() })
    .nullable()
    .describe('Null: issued from the command line'),
  last_used_at: z.string().nullable().describe('Last accepted (written at most once a minute)'),
  expires_at: z.string().nullable().describe('Refused from then on (null: no expiry)'),
  replaced_by: z.uuid().nullable().describe('The key issued by rotating this one'),
  revoked_at: z.string().nullable(),
  status: z.enum(apiKeyStatuses),
});

/** An API key as the API answers it. */
export type PresentedApiKey = z.infer<typeof apiKeySchema>;

/** A key just issued: the only answer that holds its secret, shown once. */
export const issuedApiKeySchema = z.object({
  api_key: apiKeySchema,
  key: z.string().describe('The secret: shown this once, only its hash is kept'),
});

/** What each scope lets a key do. */
export const apiKeyScopeSchema = z.object({ name: z.enum(apiKeyScopes), meaning: z.string() });

/** The scope vocabulary with each scope's meaning, in the order of roles.ts. */
export function presentScopes(): z.infer<typeof apiKeyScopeSchema>[] {
  return apiKeyScopes.map((name) => ({ name, meaning: apiKeyScopeMeanings[name] }));
}

/** Names the presenter looks up: organizations and users of the jurisdiction, by id. */
export interface ApiKeyNames {
  organizations: ReadonlyMap<string, string>;
  users: ReadonlyMap<string, string>;
}

/** A stored key as answered at `now` (its status then). */
export function presentApiKey(key: ApiKeyRecord, names: ApiKeyNames, now: Date): PresentedApiKey {
  return {
    id: key.id,
    name: key.name,
    organization: { id: key.organizationId, name: names.organizations.get(key.organizationId) ?? '' },
    scopes: key.scopes.filter((s): s is (typeof apiKeyScopes)[number] =>
      (apiKeyScopes as readonly string[]).includes(s),
    ),
    created_at: key.createdAt.toISOString(),
    created_by: key.createdBy
      ? { user_id: key.createdBy, display_name: names.users.get(key.createdBy) ?? '' }
      : null,
    last_used_at: key.lastUsedAt?.toISOString() ?? null,
    expires_at: key.expiresAt?.toISOString() ?? null,
    replaced_by: key.replacedBy,
    revoked_at: key.revokedAt?.toISOString() ?? null,
    status: apiKeyStatus(key, now),
  };
}
