import type { Clock } from '../../platform/clock.js';
import type { Database, Queryable } from '../../platform/database.js';
import { SosError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { appendAuditEntries } from '../audit/audit-repository.js';
import { authorize } from '../authorize.js';
import { findOrganization, listOrganizations } from '../jurisdictions/jurisdiction-service.js';
import { type Actor, type ApiKeyScope, apiKeyScopes, auditActor } from '../roles.js';
import { hashSecret, newSecret } from '../users/secret-token.js';
import { userNames } from '../users/user-directory.js';
import {
  API_KEY_PREFIX,
  type ApiKeyRecord,
  apiKeyStatus,
  DEFAULT_OVERLAP_HOURS,
  lastUseDue,
  overlapEnd,
} from './api-key.js';
import { type PresentedApiKey, presentApiKey } from './api-key-presenter.js';
import {
  findAcceptedApiKey,
  findApiKey,
  insertApiKey,
  listApiKeys as listStoredApiKeys,
  markApiKeyReplaced,
  markApiKeyRevoked,
  recordApiKeyUse,
} from './api-key-repository.js';

/** What the API key services need. */
export interface ApiKeyDependencies {
  db: Database;
  clock: Clock;
}

/** A key just issued or rotated: as listed, and its secret, which is never shown again. */
export interface IssuedApiKey {
  api_key: PresentedApiKey;
  key: string;
}

/**
 * Checks the actor may manage the API keys of a jurisdiction and returns it: a user manages their own
 * (naming another is refused by the policy), the host's command line names one.
 */
function managedJurisdiction(actor: Actor, jurisdictionId: string | undefined): string {
  const target = jurisdictionId ?? (actor.kind === 'user' ? actor.jurisdictionId : undefined);
  authorize(actor, 'api_key.manage', target ? { type: 'api_key', jurisdictionId: target } : undefined);
  if (!target) throw new SosError('FORBIDDEN', 'API keys are managed by signed-in administrators');
  return target;
}

/** The scopes asked for, each once, in the vocabulary's order; at least one. */
function checkedScopes(scopes: readonly string[]): ApiKeyScope[] {
  const unknown = scopes.filter((s) => !(apiKeyScopes as readonly string[]).includes(s));
  if (unknown.length > 0 || scopes.length === 0) {
    throw new SosError(
      'VALIDATION_FAILED',
      unknown.length > 0
        ? `Unknown scope "${unknown[0]}": a key's scopes are ${apiKeyScopes.join(', ')}`
        : `An API key has a scope: ${apiKeyScopes.join(', ')}`,
      { field: 'scopes' },
    );
  }
  return apiKeyScopes.filter((s) => scopes.includes(s));
}

/** The names a listed key shows: its organization's and its issuer's. */
async function namesOf(db: Queryable, jurisdictionId: string, keys: readonly ApiKeyRecord[]) {
  const organizations = new Map(
    (await listOrganizations(db, jurisdictionId)).map((o) => [o.id, o.name] as const),
  );
  const issuers = [...new Set(keys.flatMap((k) => (k.createdBy ? [k.createdBy] : [])))];
  return { organizations, users: await userNames(db, jurisdictionId, issuers) };
}

/**
 * Issues a key for an organization's system with its scopes (`submit` by default; `referrals` answers
 * the referrals sent to the organization); the secret is returned once, only its hash is kept. Audited
 * as `api_key.create`, without the secret.
 */
export async function issueApiKey(
  deps: ApiKeyDependencies,
  actor: Actor,
  input: { jurisdictionId?: string; organizationId: string; name: string; scopes?: readonly string[] },
): Promise<IssuedApiKey> {
  const jurisdictionId = managedJurisdiction(actor, input.jurisdictionId);
  const scopes = checkedScopes(input.scopes ?? ['submit']);
  const name = input.name.trim();
  if (!name) throw new SosError('VALIDATION_FAILED', 'An API key has a name', { field: 'name' });
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const organization = await findOrganization(tx, jurisdictionId, input.organizationId);
    if (!organization) throw new SosError('UNKNOWN_ORGANIZATION', `No organization ${input.organizationId}`);
    const issued = await storeNewKey(
      tx,
      actor,
      { jurisdictionId, organizationId: organization.id, name, scopes },
      now,
    );
    await appendAuditEntries(tx, jurisdictionId, now, [
      {
        ...auditActor(actor),
        action: 'api_key.create',
        subjectType: 'api_key',
        subjectId: issued.record.id,
        purpose: null,
        details: { organization_id: organization.id, name, scopes },
      },
    ]);
    return {
      api_key: presentApiKey(issued.record, await namesOf(tx, jurisdictionId, [issued.record]), now),
      key: issued.key,
    };
  });
}

/** Stores a new key with a fresh secret, issued by the actor; returns both. */
async function storeNewKey(
  tx: Queryable,
  actor: Actor,
  fields: { jurisdictionId: string; organizationId: string; name: string; scopes: string[] },
  now: Date,
): Promise<{ record: ApiKeyRecord; key: string }> {
  const key = `${API_KEY_PREFIX}${newSecret()}`;
  const record: ApiKeyRecord = {
    ...fields,
    id: newId(),
    createdAt: now,
    createdBy: actor.kind === 'user' ? actor.userId : null,
    lastUsedAt: null,
    expiresAt: null,
    replacedBy: null,
    revokedAt: null,
  };
  await insertApiKey(tx, record, hashSecret(key));
  return { record, key };
}

/**
 * Rotates a key: issues a new one with the same organization, name and scopes, and lets the old one
 * work for `overlapHours` more (0: not at all), so its sender can switch without a gap. Only a key in
 * use may be rotated: a revoked or expired one is over (API_KEY_ENDED), and one already rotated has
 * its successor to rotate (API_KEY_REPLACED). Audited as `api_key.rotate`, without either secret.
 */
export async function rotateApiKey(
  deps: ApiKeyDependencies,
  actor: Actor,
  input: { jurisdictionId?: string; keyId: string; overlapHours?: number },
): Promise<IssuedApiKey & { replaced: PresentedApiKey }> {
  const jurisdictionId = managedJurisdiction(actor, input.jurisdictionId);
  const now = deps.clock.now();
  const overlapHours = input.overlapHours ?? DEFAULT_OVERLAP_HOURS;
  const expiresAt = overlapEnd(now, overlapHours);
  return deps.db.transaction(async (tx) => {
    const old = await keyInUse(tx, jurisdictionId, input.keyId, now);
    if (old.replacedBy) {
      throw new SosError(
        'API_KEY_REPLACED',
        `API key ${old.id} was already rotated: rotate the key that replaced it, ${old.replacedBy}`,
      );
    }
    const issued = await storeNewKey(tx, actor, old, now);
    await markApiKeyReplaced(tx, jurisdictionId, old.id, issued.record.id, expiresAt);
    await appendAuditEntries(tx, jurisdictionId, now, [
      {
        ...auditActor(actor),
        action: 'api_key.rotate',
        subjectType: 'api_key',
        subjectId: old.id,
        purpose: null,
        details: {
          organization_id: old.organizationId,
          replaced_by: issued.record.id,
          overlap_hours: overlapHours,
          expires_at: expiresAt.toISOString(),
        },
      },
    ]);
    const names = await namesOf(tx, jurisdictionId, [old, issued.record]);
    return {
      api_key: presentApiKey(issued.record, names, now),
      key: issued.key,
      replaced: presentApiKey({ ...old, replacedBy: issued.record.id, expiresAt }, names, now),
    };
  });
}

/** Ends a key at once, in its overlap too. Audited as `api_key.revoke`. */
export async function revokeApiKey(
  deps: ApiKeyDependencies,
  actor: Actor,
  input: { jurisdictionId?: string; keyId: string },
): Promise<PresentedApiKey> {
  const jurisdictionId = managedJurisdiction(actor, input.jurisdictionId);
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const key = await keyInUse(tx, jurisdictionId, input.keyId, now);
    await markApiKeyRevoked(tx, jurisdictionId, key.id, now);
    await appendAuditEntries(tx, jurisdictionId, now, [
      {
        ...auditActor(actor),
        action: 'api_key.revoke',
        subjectType: 'api_key',
        subjectId: key.id,
        purpose: null,
        details: { organization_id: key.organizationId, name: key.name },
      },
    ]);
    return presentApiKey({ ...key, revokedAt: now }, await namesOf(tx, jurisdictionId, [key]), now);
  });
}

/** A key of the jurisdiction that still works at `now`, locked: NOT_FOUND, or API_KEY_ENDED when it is over. */
async function keyInUse(
  tx: Queryable,
  jurisdictionId: string,
  keyId: string,
  now: Date,
): Promise<ApiKeyRecord> {
  const key = await findApiKey(tx, jurisdictionId, keyId, true);
  if (!key) throw new SosError('NOT_FOUND', `No API key ${keyId}`);
  const status = apiKeyStatus(key, now);
  if (status === 'revoked' || status === 'expired') {
    throw new SosError('API_KEY_ENDED', `API key ${key.id} has already ended (${status})`);
  }
  return key;
}

/** The keys of the jurisdiction (of one organization when given), newest first, with their status now. */
export async function listApiKeys(
  deps: ApiKeyDependencies,
  actor: Actor,
  input: { jurisdictionId?: string; organizationId?: string | undefined } = {},
): Promise<PresentedApiKey[]> {
  const jurisdictionId = managedJurisdiction(actor, input.jurisdictionId);
  const now = deps.clock.now();
  const keys = await listStoredApiKeys(deps.db, jurisdictionId, input.organizationId ?? null);
  const names = await namesOf(deps.db, jurisdictionId, keys);
  return keys.map((k) => presentApiKey(k, names, now));
}

/**
 * The actor behind an API key, or null when it is unknown, revoked or past its expiry. Notes the use at
 * most once a minute per key, so a busy sender costs one small update a minute.
 */
export async function actorOfApiKey(db: Database, key: string, now: Date): Promise<Actor | null> {
  if (!key.startsWith(API_KEY_PREFIX)) return null;
  const found = await findAcceptedApiKey(db, hashSecret(key), now);
  if (!found) return null;
  if (lastUseDue(found.lastUsedAt, now)) await recordApiKeyUse(db, found.jurisdictionId, found.id, now);
  return {
    kind: 'api_key',
    keyId: found.id,
    jurisdictionId: found.jurisdictionId,
    organizationId: found.organizationId,
    scopes: found.scopes,
  };
}
