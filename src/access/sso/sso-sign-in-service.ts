import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../../platform/database.js';
import { SosError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { Keyring } from '../../platform/keyring.js';
import type { AuditRecord } from '../audit/audit-chain.js';
import { recordAuditEntries } from '../audit/audit-log.js';
import {
  type SecondFactorMethod,
  type SecondFactorStep,
  secondFactorStep,
} from '../mfa/second-factor-step.js';
import { sessionExpiresAt } from '../sessions/session-expiry.js';
import { insertSession } from '../sessions/session-repository.js';
import { hashSecret, newSecret } from '../users/secret-token.js';
import { findUserByEmail, insertUser, type UserRecord } from '../users/user-repository.js';
import {
  findEnabledIdentityProvider,
  findLinkedUserId,
  findUserById,
  linkSubject,
  type StoredIdentityProvider,
  setUserRole,
} from './identity-provider-repository.js';
import type { SsoDependencies } from './identity-provider-service.js';
import { authorizationUrl, discoverProvider, exchangeCode, validateIdToken } from './oidc-client.js';
import { roleFromRules } from './role-rules.js';
import { amrShowsSecondFactor } from './second-factor-claims.js';
import { openSignInFlow, sealSignInFlow } from './sign-in-flow-cookie.js';

/** What the provider sends back to the callback (the query of its redirect). */
export interface ProviderAnswer {
  code?: string | undefined;
  state?: string | undefined;
  error?: string | undefined;
  error_description?: string | undefined;
}

/** Where the browser is and what it says about itself, for the session and the audit trail. */
export interface SignInClient {
  address: string;
  userAgent: string | null;
  /** The remembered-device cookie, which stands for a second factor on this device (mfa). */
  rememberedDevice: string | null;
}

/** A session opened by single sign-on, and the second factor it still owes (null: none). */
export interface SsoSignedIn {
  token: string;
  user: UserRecord;
  secondFactor: { methods: SecondFactorMethod[] } | null;
}

const refuse = (reason: string) => new SosError('SSO_FAILED', reason);
const random = () => randomBytes(32).toString('base64url');

/**
 * Starts a single sign-on at an enabled provider: the provider's sign-in address (authorization code
 * with PKCE S256, state and nonce) and the sealed cookie that carries them until the provider answers.
 */
export async function startSingleSignOn(
  deps: SsoDependencies,
  providerId: string,
  redirectUri: string,
): Promise<{ location: string; flowCookie: string }> {
  const provider = await findEnabledIdentityProvider(deps.db, providerId);
  if (!provider) throw refuse('this sign-in provider is unknown or switched off');
  const metadata = await discoverProvider(provider.issuerUrl, deps.clock.now());
  const flow = {
    providerId,
    state: random(),
    nonce: random(),
    codeVerifier: random(),
    startedAt: deps.clock.now().getTime(),
  };
  const location = authorizationUrl(metadata, {
    clientId: provider.clientId,
    redirectUri,
    scopes: provider.scopes,
    state: flow.state,
    nonce: flow.nonce,
    codeChallenge: createHash('sha256').update(flow.codeVerifier).digest('base64url'),
  });
  return { location, flowCookie: sealSignInFlow(deps.keyring, flow) };
}

/**
 * Finishes a single sign-on: checks the answer against the sealed flow, exchanges the code, validates
 * the ID token, finds (or, when the provider allows it, creates) the user, and opens a session. Every
 * refusal is SSO_FAILED with the reason, written to the provider's jurisdiction's audit trail as
 * `sso.refused` (never a token).
 */
export async function finishSingleSignOn(
  deps: SsoDependencies,
  answer: ProviderAnswer,
  flowCookie: string | undefined,
  redirectUri: string,
  client: SignInClient,
): Promise<SsoSignedIn> {
  const now = deps.clock.now();
  const flow = openSignInFlow(deps.keyring, flowCookie, now);
  if (!flow) throw refuse('the sign-in took too long or was started in another browser: start again');
  const provider = await findEnabledIdentityProvider(deps.db, flow.providerId);
  if (!provider) throw refuse('this sign-in provider is unknown or switched off');
  let subject: string | null = null;
  try {
    if (answer.state !== flow.state)
      throw refuse("the provider's answer does not belong to this sign-in (state)");
    if (answer.error)
      throw refuse(`the provider refused: ${(answer.error_description ?? answer.error).slice(0, 300)}`);
    if (!answer.code) throw refuse('the provider sent no authorization code');
    const clientSecret = openClientSecret(deps, provider);
    const metadata = await discoverProvider(provider.issuerUrl, now);
    const idToken = await exchangeCode(
      metadata,
      { issuerUrl: provider.issuerUrl, clientId: provider.clientId, clientSecret },
      { code: answer.code, redirectUri, codeVerifier: flow.codeVerifier },
    );
    const claims = await validateIdToken(metadata, idToken, {
      clientId: provider.clientId,
      nonce: flow.nonce,
      now,
    });
    subject = claims.sub as string;
    const claimed = claims as Record<string, unknown>;
    return await deps.db.transaction((tx) =>
      openSession(tx, deps.keyring, provider, claimed, subject as string, client, now),
    );
  } catch (error) {
    if (error instanceof SosError && error.code === 'SSO_FAILED') {
      await deps.db.transaction((tx) =>
        recordAuditEntries(tx, provider.jurisdictionId, now, [
          signInEntry('sso.refused', null, provider, {
            reason: error.message,
            subject,
            client: client.address,
          }),
        ]),
      );
    }
    throw error;
  }
}

/** The provider's client secret, or a refusal naming the cause when its key is no longer configured. */
function openClientSecret(deps: SsoDependencies, provider: StoredIdentityProvider): string {
  try {
    return deps.keyring.open<string>(provider.clientSecret.keyId, provider.clientSecret.sealed);
  } catch {
    throw refuse(
      `the client secret of ${provider.displayName} cannot be opened (its encryption key is not configured): an administrator must enter it again`,
    );
  }
}

/** Maps the ID token's claims to a user (linked subject, then verified email, then a new account) and opens the session. */
async function openSession(
  tx: Queryable,
  keyring: Keyring,
  provider: StoredIdentityProvider,
  claims: Record<string, unknown>,
  subject: string,
  client: SignInClient,
  now: Date,
): Promise<SsoSignedIn> {
  const linkedId = await findLinkedUserId(tx, provider.jurisdictionId, provider.id, subject);
  let user = linkedId ? await findUserById(tx, provider.jurisdictionId, linkedId) : null;
  const email = typeof claims.email === 'string' ? claims.email.trim() : '';
  if (!user) {
    // An email is only trusted to name an account when the provider says it checked it.
    if (!email || (claims.email_verified !== true && claims.email_verified !== 'true'))
      throw refuse('the provider did not send a verified email address');
    user = await findUserByEmail(tx, email);
    if (user && user.jurisdictionId !== provider.jurisdictionId)
      throw refuse(`the account ${email} belongs to another jurisdiction than this provider's`);
  }
  const ruled = roleFromRules(provider.roleRules, claims);
  const audit: AuditRecord[] = [];
  if (!user) {
    if (!provider.jitAccounts)
      throw refuse(`SOS has no account for ${email}: ask your administrator for one`);
    if (!ruled)
      throw refuse(`no role rule of the provider matches ${email}, so SOS gives the account no role`);
    const name =
      typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim().slice(0, 200) : email;
    const created: Omit<UserRecord, 'disabledAt'> = {
      jurisdictionId: provider.jurisdictionId,
      id: newId(),
      email,
      displayName: name,
      role: ruled.role,
      organizationId: ruled.organizationId,
      passwordHash: null,
    };
    await insertUser(tx, created);
    user = { ...created, disabledAt: null };
    audit.push(
      signInEntry('user.create', user.id, provider, { role: ruled.role, email, through: 'single sign-on' }),
    );
  } else {
    if (user.disabledAt) throw refuse(`the account ${user.email} is disabled`);
    if (provider.managesRoles) {
      if (!ruled)
        throw refuse(`no role rule of the provider matches ${user.email} any more, so SOS gives it no role`);
      if (ruled.role !== user.role || ruled.organizationId !== user.organizationId) {
        await setUserRole(tx, user.jurisdictionId, user.id, ruled.role, ruled.organizationId);
        audit.push(
          signInEntry('user.update', user.id, provider, {
            role: { from: user.role, to: ruled.role },
            organization_id: { from: user.organizationId, to: ruled.organizationId },
            through: 'single sign-on role rules',
          }),
        );
        user = { ...user, role: ruled.role, organizationId: ruled.organizationId };
      }
    }
  }
  if (linkedId !== user.id)
    await linkSubject(tx, provider.jurisdictionId, provider.id, subject, user.id, now);
  const secondFactor = amrShowsSecondFactor(claims.amr);
  // A provider that checked a second factor stands for one; otherwise a user who set up factors here
  // gives one, as after a password (a remembered device counts).
  const step: SecondFactorStep = secondFactor
    ? { due: false, givenAt: now }
    : await secondFactorStep(tx, keyring, user, client.rememberedDevice, now);
  const token = newSecret();
  await insertSession(tx, {
    jurisdictionId: user.jurisdictionId,
    id: newId(),
    tokenHash: hashSecret(token),
    userId: user.id,
    authMethod: 'oidc',
    secondFactorDue: step.due,
    secondFactorAt: step.due ? null : step.givenAt,
    userAgent: client.userAgent,
    clientAddress: client.address,
    now,
    expiresAt: await sessionExpiresAt(tx, user.jurisdictionId, user.role, now),
  });
  audit.push(
    signInEntry('sso.login', user.id, provider, {
      client: client.address,
      second_factor: secondFactor,
      subject,
    }),
  );
  await recordAuditEntries(tx, provider.jurisdictionId, now, audit);
  return { token, user, secondFactor: step.due ? { methods: step.methods } : null };
}

/** An audit entry of single sign-on: the user is the actor (null before one is known), the provider named. */
function signInEntry(
  action: string,
  userId: string | null,
  provider: StoredIdentityProvider,
  details: Record<string, unknown>,
): AuditRecord {
  return {
    actorType: userId ? 'user' : 'system',
    actorId: userId ?? 'single-sign-on',
    action,
    subjectType: userId ? 'user' : 'identity_provider',
    subjectId: userId ?? provider.id,
    purpose: null,
    details: { provider_id: provider.id, ...details },
  };
}
