import { z } from 'zod';
import type { StoredIdentityProvider } from './identity-provider-repository.js';
import { roleRuleSchema } from './role-rules.js';

/** An identity provider as administrators see it: never the client secret, only that one is set. */
export const identityProviderSchema = z.object({
  id: z.uuid(),
  display_name: z.string(),
  issuer_url: z.string(),
  client_id: z.string(),
  client_secret_set: z.boolean().describe('A secret is stored (sealed); it is never sent back'),
  scopes: z.array(z.string()),
  enabled: z.boolean(),
  jit_accounts: z.boolean().describe('Unknown users whose claims match a rule get an account'),
  manages_roles: z.boolean().describe("The rules also set existing users' roles at each sign-in"),
  role_rules: z.array(roleRuleSchema).describe('Claim-to-role rules, in order; the first match wins'),
  redirect_uri: z.string().describe('The address to register at the provider'),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});

/** An identity provider as sent to administrators. */
export type PresentedIdentityProvider = z.infer<typeof identityProviderSchema>;

/** The allowlisted fields of a provider, with the redirect URI to register at it. */
export function presentIdentityProvider(
  p: StoredIdentityProvider,
  redirectUri: string,
): PresentedIdentityProvider {
  return {
    id: p.id,
    display_name: p.displayName,
    issuer_url: p.issuerUrl,
    client_id: p.clientId,
    client_secret_set: p.clientSecret.sealed.length > 0,
    scopes: p.scopes,
    enabled: p.enabled,
    jit_accounts: p.jitAccounts,
    manages_roles: p.managesRoles,
    role_rules: p.roleRules,
    redirect_uri: redirectUri,
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
  };
}

/** A button of the sign-in page: an enabled provider's id and name (T0). */
export const signInProviderSchema = z.object({ id: z.uuid(), display_name: z.string() });
