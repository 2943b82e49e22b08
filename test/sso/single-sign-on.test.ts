import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { insertPendingTotp } from '../../src/access/mfa/second-factor-repository.js';
import { cliActor } from '../../src/access/roles.js';
import { buildApp } from '../../src/main/app.js';
import type { AppContext } from '../../src/main/app-context.js';
import {
  type ProviderAccount,
  signInThroughProvider,
  startTestProvider,
  type TestProvider,
} from '../support/oidc-test-provider.js';
import { TEST_PASSWORD } from '../support/sign-in.js';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../support/test-databases.js';
import { codeAt } from '../support/totp-codes.js';

// Single sign-on against a real OpenID Provider (oidc-provider) on 127.0.0.1: the whole flow by HTTP,
// accounts made on first sign-in, roles from claim rules, and ID tokens that must be refused.
describeEachEngine('single sign-on with OpenID Connect', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let sos: string;
  let provider: TestProvider;
  let providerId: string;
  let jurisdictionId: string;
  let organizationId: string;
  let adminCookie: string;

  const admin = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: object) =>
    fetch(`${sos}/api/v1/admin/identity-providers${path}`, {
      method,
      headers: {
        cookie: adminCookie,
        origin: sos,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  const configure = async (settings: object) => {
    const response = await admin('PATCH', `/${providerId}`, settings);
    assert.equal(response.status, 200, await response.text());
  };
  const sessionCount = async () =>
    Number(
      (
        await context.db.query<{ n: string }>(
          `select count(*) as n from sessions where auth_method = 'oidc' and jurisdiction_id = $1`,
          [jurisdictionId],
        )
      )[0]?.n,
    );
  const whoAmI = async (jar: Awaited<ReturnType<typeof signInThroughProvider>>['jar']) => {
    const response = await fetch(`${sos}/api/v1/auth/session`, { headers: { cookie: jar.header(sos) } });
    return (await response.json()) as { signed_in: boolean; me: { role: string; email?: string } | null };
  };
  const refusal = (landing: string) => {
    const url = new URL(landing);
    assert.equal(url.pathname, '/login', landing);
    return decodeURIComponent(url.hash.replace(/^#sso_error=/, ''));
  };
  const auditActions = async (action: string) =>
    context.db.query<{ details: { reason?: string; provider_id: string; second_factor?: boolean } }>(
      'select details from audit_entries where jurisdiction_id = $1 and action = $2 order by seq',
      [jurisdictionId, action],
    );

  before(async () => {
    context = await openTestContext(engine);
    ({
      jurisdiction: { id: jurisdictionId },
      organization: { id: organizationId },
    } = await seedJurisdiction(context.db));
    for (const [email, role] of [
      ['admin@sso.example.org', 'administrator'],
      ['ana@sso.example.org', 'analyst'],
      ['gone@sso.example.org', 'analyst'],
    ] as const) {
      await context.access.createUser(cliActor, {
        jurisdictionId,
        email,
        displayName: email,
        role,
        organizationId: null,
        password: TEST_PASSWORD,
      });
    }
    await context.db.query(`update users set disabled_at = now() where email = 'gone@sso.example.org'`);
    app = await buildApp(context);
    await app.listen({ host: '127.0.0.1', port: 0 });
    sos = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    provider = await startTestProvider(`${sos}/api/v1/auth/oidc/callback`);
    const account = (email: string, groups: string[], verified = true) => ({
      email,
      email_verified: verified,
      name: email.split('@')[0] as string,
      groups,
    });
    provider.accounts.set('ana-sub', account('ana@sso.example.org', ['staff']));
    provider.accounts.set('newbie-sub', account('newbie@sso.example.org', ['sos-analysts']));
    provider.accounts.set('boss-sub', account('boss@sso.example.org', ['sos-analysts', 'sos-admins']));
    provider.accounts.set('stranger-sub', account('stranger@sso.example.org', ['visitors']));
    provider.accounts.set('unverified-sub', account('admin@sso.example.org', ['sos-admins'], false));
    provider.accounts.set('gone-sub', account('gone@sso.example.org', ['sos-analysts']));
    provider.accounts.set('provider-sub', account('provider@sso.example.org', ['clinic']));
    const login = await fetch(`${sos}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: sos },
      body: JSON.stringify({ email: 'admin@sso.example.org', password: TEST_PASSWORD }),
    });
    adminCookie = (login.headers.getSetCookie()[0] as string).split(';')[0] as string;
    const created = await admin('POST', '', {
      display_name: 'County Login',
      issuer_url: provider.issuer,
      client_id: provider.clientId,
      client_secret: provider.clientSecret,
      role_rules: [
        { claim: 'groups', contains: 'sos-admins', role: 'administrator' },
        { claim: 'groups', contains: 'sos-analysts', role: 'analyst' },
        { claim: 'groups', contains: 'clinic', role: 'service_provider', organization_id: organizationId },
      ],
    });
    assert.equal(created.status, 201, await created.clone().text());
    providerId = ((await created.json()) as { id: string }).id;
  });
  beforeEach(async () => {
    provider.changeIdToken = null;
    await configure({ jit_accounts: false, manages_roles: false });
  });
  after(async () => {
    await provider?.close();
    await app?.close();
    await context?.dispose();
  });

  it('lists the enabled provider on the sign-in page and keeps its secret sealed', async () => {
    const list = await fetch(`${sos}/api/v1/auth/oidc/providers`);
    assert.deepEqual(await list.json(), { providers: [{ id: providerId, display_name: 'County Login' }] });
    const settings = (await (await admin('GET', '')).json()) as {
      identity_providers: Record<string, unknown>[];
    };
    assert.equal(settings.identity_providers[0]?.client_secret_set, true);
    assert.equal(settings.identity_providers[0]?.redirect_uri, `${sos}/api/v1/auth/oidc/callback`);
    assert.ok(!JSON.stringify(settings).includes(provider.clientSecret), 'the secret never leaves');
    const [row] = await context.db.query<{ client_secret_sealed: Uint8Array }>(
      'select client_secret_sealed from identity_providers where id = $1',
      [providerId],
    );
    assert.ok(
      !Buffer.from(row?.client_secret_sealed ?? [])
        .toString('latin1')
        .includes(provider.clientSecret),
    );
    const audit = await context.db.query<{ details: string }>(
      `select details::text as details from audit_entries where action like 'identity_provider.%'`,
    );
    assert.ok(audit.length >= 1 && audit.every((a) => !a.details.includes(provider.clientSecret)));
  });

  it('signs an existing user in by verified email, links the subject, and opens an oidc session', async () => {
    const before = await sessionCount();
    const { landing, jar } = await signInThroughProvider(sos, providerId, 'ana-sub');
    assert.equal(new URL(landing).pathname, '/', landing);
    const me = await whoAmI(jar);
    assert.equal(me.signed_in, true);
    assert.equal(me.me?.role, 'analyst');
    assert.equal(await sessionCount(), before + 1);
    const [link] = await context.db.query<{ oidc_subject: string; email: string }>(
      `select l.oidc_subject, u.email from identity_provider_links l
       join users u on u.jurisdiction_id = l.jurisdiction_id and u.id = l.user_id where l.provider_id = $1`,
      [providerId],
    );
    assert.deepEqual(link, { oidc_subject: 'ana-sub', email: 'ana@sso.example.org' });
    const [session] = await context.db.query<{ second_factor_at: Date | null; client_address: string }>(
      `select second_factor_at, client_address from sessions where auth_method = 'oidc' order by created_at desc limit 1`,
    );
    assert.equal(session?.second_factor_at, null, 'no amr: no second factor');
    const logins = await auditActions('sso.login');
    assert.equal(logins.at(-1)?.details.provider_id, providerId);
    // Linked by subject from now on: the email the provider sends no longer decides.
    provider.accounts.set('ana-sub', {
      ...(provider.accounts.get('ana-sub') as ProviderAccount),
      email: 'renamed@elsewhere.example',
    });
    const again = await signInThroughProvider(sos, providerId, 'ana-sub');
    assert.equal((await whoAmI(again.jar)).me?.role, 'analyst');
  });

  it('refuses an unknown user unless the provider makes accounts, then gives the role of the first matching rule', async () => {
    const before = await sessionCount();
    const refused = await signInThroughProvider(sos, providerId, 'newbie-sub');
    assert.match(refusal(refused.landing), /no account for newbie@sso\.example\.org/);
    assert.equal(await sessionCount(), before);
    assert.equal((await whoAmI(refused.jar)).signed_in, false);
    assert.equal(
      (await context.db.query(`select 1 from users where email = 'newbie@sso.example.org'`)).length,
      0,
    );
    assert.match((await auditActions('sso.refused')).at(-1)?.details.reason ?? '', /no account/);

    await configure({ jit_accounts: true });
    const made = await signInThroughProvider(sos, providerId, 'newbie-sub');
    assert.equal(new URL(made.landing).pathname, '/');
    assert.equal((await whoAmI(made.jar)).me?.role, 'analyst');
    const [user] = await context.db.query<{ role: string; password_hash: string | null }>(
      `select role, password_hash from users where email = 'newbie@sso.example.org'`,
    );
    assert.deepEqual(user, { role: 'analyst', password_hash: null });
    // Both groups: the administrator rule comes first.
    const boss = await signInThroughProvider(sos, providerId, 'boss-sub');
    assert.equal((await whoAmI(boss.jar)).me?.role, 'administrator');
    // An organization-bound role takes the rule's organization.
    await signInThroughProvider(sos, providerId, 'provider-sub');
    const [clinic] = await context.db.query<{ role: string; organization_id: string }>(
      `select role, organization_id from users where email = 'provider@sso.example.org'`,
    );
    assert.deepEqual(clinic, { role: 'service_provider', organization_id: organizationId });
    // No rule matches: no role, refused, no account.
    const stranger = await signInThroughProvider(sos, providerId, 'stranger-sub');
    assert.match(refusal(stranger.landing), /no role rule/);
    assert.equal(
      (await context.db.query(`select 1 from users where email = 'stranger@sso.example.org'`)).length,
      0,
    );
  });

  it("updates an existing user's role from the rules only when the provider manages roles", async () => {
    await configure({ jit_accounts: true });
    await signInThroughProvider(sos, providerId, 'boss-sub');
    provider.accounts.set('boss-sub', {
      ...(provider.accounts.get('boss-sub') as ProviderAccount),
      groups: ['sos-analysts'],
    });
    const kept = await signInThroughProvider(sos, providerId, 'boss-sub');
    assert.equal((await whoAmI(kept.jar)).me?.role, 'administrator', 'roles not managed: kept');
    await configure({ manages_roles: true });
    const changed = await signInThroughProvider(sos, providerId, 'boss-sub');
    assert.equal((await whoAmI(changed.jar)).me?.role, 'analyst');
    const updates = await context.db.query<{ details: { role: { from: string; to: string } } }>(
      `select details from audit_entries where action = 'user.update' and jurisdiction_id = $1`,
      [jurisdictionId],
    );
    assert.deepEqual(updates.at(-1)?.details.role, { from: 'administrator', to: 'analyst' });
    provider.accounts.set('boss-sub', {
      ...(provider.accounts.get('boss-sub') as ProviderAccount),
      groups: [],
    });
    const none = await signInThroughProvider(sos, providerId, 'boss-sub');
    assert.match(refusal(none.landing), /no role rule/);
  });

  it('refuses a disabled user and an email the provider did not verify', async () => {
    const before = await sessionCount();
    assert.match(refusal((await signInThroughProvider(sos, providerId, 'gone-sub')).landing), /disabled/);
    assert.match(
      refusal((await signInThroughProvider(sos, providerId, 'unverified-sub')).landing),
      /verified email/,
    );
    assert.equal(await sessionCount(), before);
  });

  it('counts a second factor only when the ID token says the provider checked one (amr)', async () => {
    provider.changeIdToken = async (claims, _token, sign) => sign({ ...claims, amr: ['pwd', 'otp'] });
    const { jar } = await signInThroughProvider(sos, providerId, 'ana-sub');
    assert.equal((await whoAmI(jar)).signed_in, true);
    const [session] = await context.db.query<{ second_factor_at: Date | null }>(
      `select second_factor_at from sessions where auth_method = 'oidc' order by created_at desc limit 1`,
    );
    assert.ok(session?.second_factor_at, 'otp in amr: second factor given');
    assert.equal((await auditActions('sso.login')).at(-1)?.details.second_factor, true);
  });

  for (const [what, change, reason] of [
    [
      'a tampered token (claims changed, signature kept)',
      async (claims, token) => {
        const [header, , signature] = token.split('.');
        const forged = Buffer.from(JSON.stringify({ ...claims, email: 'admin@sso.example.org' })).toString(
          'base64url',
        );
        return `${header}.${forged}.${signature}`;
      },
      /signature does not verify/,
    ],
    [
      'a token for another client (audience)',
      async (claims, _token, sign) => sign({ ...claims, aud: 'another-client' }),
      /another client \(audience\)/,
    ],
    [
      'an expired token',
      async (claims, _token, sign) => {
        const now = Math.floor(Date.now() / 1000);
        return sign({ ...claims, iat: now - 300, exp: now - 120 });
      },
      /expired/,
    ],
  ] as const satisfies readonly [string, NonNullable<TestProvider['changeIdToken']>, RegExp][]) {
    it(`refuses ${what} with no session`, async () => {
      provider.changeIdToken = change;
      const before = await sessionCount();
      const { landing, jar } = await signInThroughProvider(sos, providerId, 'ana-sub');
      assert.match(refusal(landing), reason);
      assert.equal(await sessionCount(), before, 'no session opened');
      assert.equal(jar.get(sos, 'sos_session'), undefined, 'no session cookie');
      assert.equal((await whoAmI(jar)).signed_in, false);
      assert.match((await auditActions('sso.refused')).at(-1)?.details.reason ?? '', reason);
    });
  }

  it('asks a user with a second factor of their own for it when the provider checked none, as after a password', async () => {
    const { id: userId } = await context.access.createUser(cliActor, {
      jurisdictionId,
      email: 'fac@sso.example.org',
      displayName: 'Fac',
      role: 'analyst',
      organizationId: null,
      password: TEST_PASSWORD,
    });
    provider.accounts.set('fac-sub', {
      email: 'fac@sso.example.org',
      email_verified: true,
      name: 'fac',
      groups: ['staff'],
    });
    const secret = randomBytes(20);
    await insertPendingTotp(context.db, {
      jurisdictionId,
      id: randomUUID(),
      userId,
      name: 'Phone',
      ...context.keyring.seal(secret.toString('base64')),
      now: context.clock.now(),
    });
    await context.db.query('update second_factors set confirmed_at = now() where user_id = $1', [userId]);

    const { landing, jar } = await signInThroughProvider(sos, providerId, 'fac-sub');
    assert.equal(new URL(landing).pathname, '/login');
    assert.match(new URL(landing).hash, /^#second_factor=totp(,|$)/);
    assert.equal((await whoAmI(jar)).signed_in, false, 'no actor until the factor is given');
    const given = await fetch(`${sos}/api/v1/auth/second-factor/totp`, {
      method: 'POST',
      headers: { cookie: jar.header(sos), origin: sos, 'content-type': 'application/json' },
      body: JSON.stringify({ code: codeAt(secret, new Date()) }),
    });
    assert.equal(given.status, 200, await given.text());
    assert.equal((await whoAmI(jar)).signed_in, true);

    // A provider that checked a second factor stands for one: nothing more is asked.
    provider.changeIdToken = async (claims, _token, sign) => sign({ ...claims, amr: ['pwd', 'hwk'] });
    const second = await signInThroughProvider(sos, providerId, 'fac-sub');
    assert.equal(new URL(second.landing).hash, '');
    assert.equal((await whoAmI(second.jar)).signed_in, true);
  });

  it('refuses an answer whose state is not the one this browser started with', async () => {
    const start = await fetch(`${sos}/api/v1/auth/oidc/${providerId}/start`, { redirect: 'manual' });
    const cookie = (start.headers.getSetCookie()[0] as string).split(';')[0] as string;
    const answer = await fetch(`${sos}/api/v1/auth/oidc/callback?code=abc&state=forged`, {
      redirect: 'manual',
      headers: { cookie },
    });
    assert.equal(answer.status, 302);
    assert.match(refusal(new URL(answer.headers.get('location') as string, sos).href), /state/);
    const noCookie = await fetch(`${sos}/api/v1/auth/oidc/callback?code=abc&state=x`, { redirect: 'manual' });
    assert.match(refusal(new URL(noCookie.headers.get('location') as string, sos).href), /start again/);
  });

  it('neither lists nor starts a provider that is switched off, nor one that does not exist', async () => {
    await configure({ enabled: false });
    try {
      const list = await fetch(`${sos}/api/v1/auth/oidc/providers`);
      assert.deepEqual(await list.json(), { providers: [] });
      for (const id of [providerId, '00000000-0000-4000-8000-000000000000']) {
        const start = await fetch(`${sos}/api/v1/auth/oidc/${id}/start`, { redirect: 'manual' });
        assert.equal(start.status, 302);
        assert.match(
          refusal(new URL(start.headers.get('location') as string, sos).href),
          /unknown or switched off/,
        );
        assert.deepEqual(start.headers.getSetCookie(), [], 'no flow started');
      }
    } finally {
      await configure({ enabled: true });
    }
  });

  it('keeps provider administration to administrators and checks rules', async () => {
    const analyst = await signInThroughProvider(sos, providerId, 'ana-sub');
    const denied = await fetch(`${sos}/api/v1/admin/identity-providers`, {
      headers: { cookie: analyst.jar.header(sos) },
    });
    assert.equal(denied.status, 403);
    const bad = await admin('PATCH', `/${providerId}`, {
      role_rules: [{ claim: 'groups', contains: 'clinic', role: 'service_provider' }],
    });
    assert.equal(bad.status, 400);
    assert.equal(
      ((await bad.json()) as { error: { details: { field: string } } }).error.details.field,
      'role_rules[0].organization_id',
    );
    const insecure = await admin('PATCH', `/${providerId}`, { issuer_url: 'http://idp.example.org' });
    assert.equal(insecure.status, 400);
  });
});
