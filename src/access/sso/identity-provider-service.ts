import type { Clock } from '../../platform/clock.js';
import type { Database, Queryable } from '../../platform/database.js';
import { SosError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { Keyring } from '../../platform/keyring.js';
import { recordAuditEntries } from '../audit/audit-log.js';
import { authorizeUser, type SignedInUser } from '../authorize.js';
import { findOrganization } from '../jurisdictions/jurisdiction-service.js';
import { type Actor, auditActor, organizationBoundRoles } from '../roles.js';
import { type PresentedIdentityProvider, presentIdentityProvider } from './identity-provider-presenter.js';
import {
  deleteIdentityProvider,
  findIdentityProvider,
  type IdentityProviderWrite,
  insertIdentityProvider,
  listEnabledIdentityProviders,
  listIdentityProviders,
  type StoredIdentityProvider,
  updateIdentityProvider,
} from './identity-provider-repository.js';
import { providerUrlAllowed } from './oidc-client.js';
import type { RoleRule } from './role-rules.js';

/** What the single sign-on services need. */
export interface SsoDependencies {
  db: Database;
  clock: Clock;
  keyring: Keyring;
}

/** An identity provider as an administrator writes it (all of it on create, any of it on edit). */
export interface IdentityProviderInput {
  display_name: string;
  issuer_url: string;
  client_id: string;
  client_secret: string;
  scopes?: string[] | undefined;
  enabled?: boolean | undefined;
  jit_accounts?: boolean | undefined;
  manages_roles?: boolean | undefined;
  role_rules?: RoleRule[] | undefined;
}

const SIGNED_IN_ONLY = 'Identity providers are managed by signed-in administrators';
const notFound = (id: string) => new SosError('NOT_FOUND', `No identity provider ${id}`);

/** The jurisdiction's identity providers. */
export async function listProviders(
  deps: SsoDependencies,
  actor: Actor,
  redirectUri: string,
): Promise<PresentedIdentityProvider[]> {
  authorizeUser(actor, 'jurisdiction.manage', SIGNED_IN_ONLY);
  return (await listIdentityProviders(deps.db, actor.jurisdictionId)).map((p) =>
    presentIdentityProvider(p, redirectUri),
  );
}

/** Adds an identity provider, its secret sealed; audited. */
export async function createProvider(
  deps: SsoDependencies,
  actor: Actor,
  input: IdentityProviderInput,
  redirectUri: string,
): Promise<PresentedIdentityProvider> {
  authorizeUser(actor, 'jurisdiction.manage', SIGNED_IN_ONLY);
  const id = newId();
  const now = deps.clock.now();
  const write: IdentityProviderWrite = {
    displayName: input.display_name,
    issuerUrl: input.issuer_url,
    clientId: input.client_id,
    clientSecret: deps.keyring.seal(input.client_secret),
    scopes: input.scopes ?? ['openid', 'email', 'profile'],
    enabled: input.enabled ?? true,
    jitAccounts: input.jit_accounts ?? false,
    managesRoles: input.manages_roles ?? false,
    roleRules: input.role_rules ?? [],
  };
  await deps.db.transaction(async (tx) => {
    await checkWrite(tx, actor, write);
    await insertIdentityProvider(tx, actor.jurisdictionId, id, write, now);
    await audit(tx, actor, 'identity_provider.create', id, now, summary(write, true));
  });
  return presentIdentityProvider(
    (await findIdentityProvider(deps.db, actor.jurisdictionId, id)) as StoredIdentityProvider,
    redirectUri,
  );
}

/** Changes an identity provider's settings (a new secret replaces the old one); audited. */
export async function editProvider(
  deps: SsoDependencies,
  actor: Actor,
  id: string,
  input: Partial<IdentityProviderInput>,
  redirectUri: string,
): Promise<PresentedIdentityProvider> {
  authorizeUser(actor, 'jurisdiction.manage', SIGNED_IN_ONLY);
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const stored = await findIdentityProvider(tx, actor.jurisdictionId, id);
    if (!stored) throw notFound(id);
    const write: IdentityProviderWrite = {
      displayName: input.display_name ?? stored.displayName,
      issuerUrl: input.issuer_url ?? stored.issuerUrl,
      clientId: input.client_id ?? stored.clientId,
      clientSecret:
        input.client_secret !== undefined ? deps.keyring.seal(input.client_secret) : stored.clientSecret,
      scopes: input.scopes ?? stored.scopes,
      enabled: input.enabled ?? stored.enabled,
      jitAccounts: input.jit_accounts ?? stored.jitAccounts,
      managesRoles: input.manages_roles ?? stored.managesRoles,
      roleRules: input.role_rules ?? stored.roleRules,
    };
    await checkWrite(tx, actor, write);
    await updateIdentityProvider(tx, actor.jurisdictionId, id, write, now);
    await audit(
      tx,
      actor,
      'identity_provider.update',
      id,
      now,
      summary(write, input.client_secret !== undefined),
    );
  });
  return presentIdentityProvider(
    (await findIdentityProvider(deps.db, actor.jurisdictionId, id)) as StoredIdentityProvider,
    redirectUri,
  );
}

/** Removes an identity provider and its links to users (the users stay); audited. */
export async function removeProvider(deps: SsoDependencies, actor: Actor, id: string): Promise<void> {
  authorizeUser(actor, 'jurisdiction.manage', SIGNED_IN_ONLY);
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const stored = await findIdentityProvider(tx, actor.jurisdictionId, id);
    if (!stored) throw notFound(id);
    await deleteIdentityProvider(tx, actor.jurisdictionId, id);
    await audit(tx, actor, 'identity_provider.delete', id, now, { display_name: stored.displayName });
  });
}

/** The sign-in page's buttons: every enabled provider's id and display name (public, T0). */
export async function signInProviders(
  deps: SsoDependencies,
): Promise<{ id: string; display_name: string }[]> {
  return (await listEnabledIdentityProviders(deps.db)).map((p) => ({
    id: p.id,
    display_name: p.displayName,
  }));
}

/** Checks what the schema cannot: the issuer's scheme, and each rule's organization. */
async function checkWrite(tx: Queryable, actor: SignedInUser, write: IdentityProviderWrite): Promise<void> {
  if (!providerUrlAllowed(write.issuerUrl)) {
    throw new SosError(
      'VALIDATION_FAILED',
      'The issuer URL must be an HTTPS address (plain HTTP only to this machine)',
      {
        field: 'issuer_url',
      },
    );
  }
  for (const [index, rule] of write.roleRules.entries()) {
    const field = `role_rules[${index}].organization_id`;
    const organizationId = rule.organization_id ?? null;
    if (organizationBoundRoles.includes(rule.role) && organizationId === null) {
      throw new SosError(
        'VALIDATION_FAILED',
        `Rule ${index + 1}: a ${rule.role} belongs to an organization`,
        { field },
      );
    }
    if (organizationId !== null && !(await findOrganization(tx, actor.jurisdictionId, organizationId))) {
      throw new SosError(
        'VALIDATION_FAILED',
        `Rule ${index + 1}: the jurisdiction has no organization ${organizationId}`,
        {
          field,
        },
      );
    }
  }
}

/** What the audit trail keeps of a provider's settings: never the secret, only whether it changed. */
function summary(write: IdentityProviderWrite, secretChanged: boolean): Record<string, unknown> {
  return {
    display_name: write.displayName,
    issuer_url: write.issuerUrl,
    client_id: write.clientId,
    client_secret_changed: secretChanged,
    enabled: write.enabled,
    jit_accounts: write.jitAccounts,
    manages_roles: write.managesRoles,
    role_rules: write.roleRules,
  };
}

async function audit(
  tx: Queryable,
  actor: SignedInUser,
  action: string,
  id: string,
  now: Date,
  details: Record<string, unknown>,
): Promise<void> {
  await recordAuditEntries(tx, actor.jurisdictionId, now, [
    { ...auditActor(actor), action, subjectType: 'identity_provider', subjectId: id, purpose: null, details },
  ]);
}
