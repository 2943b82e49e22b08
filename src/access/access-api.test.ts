import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { OWN_ORIGIN } from '../../test/support/sign-in.js';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import { buildApp } from '../main/app.js';
import type { AppContext } from '../main/app-context.js';
import { cliActor } from './roles.js';

const PASSWORD = 'correct horse battery staple';

describeEachEngine('sign-in, sessions and API keys', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let jurisdictionId: string;
  let organizationId: string;

  before(async () => {
    context = await openTestContext(engine);
    ({
      jurisdiction: { id: jurisdictionId },
      organization: { id: organizationId },
    } = await seedJurisdiction(context.db));
    for (const [email, role] of [
      ['analyst@example.org', 'analyst'],
      ['police@example.org', 'public_safety_analyst'],
    ] as const) {
      await context.access.createUser(cliActor, {
        jurisdictionId,
        email,
        displayName: email,
        role,
        organizationId: null,
        password: PASSWORD,
      });
    }
    app = await buildApp(context);
  });
  after(async () => {
    await app.close();
    await context.dispose();
  });

  const login = (email: string, password: string, remoteAddress = '127.0.0.1') =>
    app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress });

  it('signs in with a revocable HttpOnly, SameSite session cookie whose token is stored only as a hash', async () => {
    const response = await login('Analyst@Example.org', PASSWORD);
    assert.equal(response.statusCode, 200, response.body);
    const header = String(response.headers['set-cookie']);
    assert.match(header, /^sos_session=[A-Za-z0-9_-]{43};/);
    assert.match(header, /HttpOnly/);
    assert.match(header, /SameSite=Strict/);
    const token = /sos_session=([^;]+)/.exec(header)?.[1] as string;
    const stored = await context.db.query<{ token_hash: string }>('select token_hash from sessions');
    assert.ok(stored.length > 0 && stored.every((s) => s.token_hash !== token && s.token_hash.length === 64));
    const cookie = `sos_session=${token}`;
    const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    assert.equal(me.statusCode, 200);
    assert.deepEqual([me.json().role, me.json().tier], ['analyst', 'T2']);
    assert.equal(
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/auth/logout',
          headers: { cookie, origin: OWN_ORIGIN },
        })
      ).statusCode,
      204,
    );
    const after = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    assert.equal(after.statusCode, 401, 'a revoked session no longer works');
  });

  it('says whether a request is signed in without answering an error when it is not', async () => {
    const signedOut = await app.inject({ method: 'GET', url: '/api/v1/auth/session' });
    assert.equal(signedOut.statusCode, 200);
    assert.deepEqual(signedOut.json(), { signed_in: false, me: null });
    const token = /sos_session=([^;]+)/.exec(
      String((await login('police@example.org', PASSWORD, '10.0.0.9')).headers['set-cookie']),
    )?.[1];
    const cookie = `sos_session=${token}`;
    const signedIn = await app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie } });
    const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    assert.deepEqual(signedIn.json(), { signed_in: true, me: me.json() });
    assert.equal(signedIn.json().me.role, 'public_safety_analyst');
    assert.ok(signedIn.json().me.may.includes('aggregate.read_partner'));
    assert.ok(!signedIn.json().me.may.includes('overdose.read_line_level'));
    const logout = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie, origin: OWN_ORIGIN },
    });
    assert.equal(logout.statusCode, 204);
    const revoked = await app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie } });
    assert.deepEqual([revoked.statusCode, revoked.json().signed_in], [200, false]);
  });

  it('answers an unknown route with the catalog error', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/nothing-here?x=1' });
    assert.equal(response.statusCode, 404);
    assert.deepEqual(response.json(), {
      error: { code: 'NOT_FOUND', message: 'No route GET /api/v1/nothing-here' },
    });
  });

  it('answers the same for an unknown email and a wrong password', async () => {
    const unknown = await login('nobody@example.org', PASSWORD, '10.0.0.2');
    const wrong = await login('police@example.org', 'not the password', '10.0.0.2');
    assert.deepEqual([unknown.statusCode, unknown.json().error.code], [401, 'INVALID_CREDENTIALS']);
    assert.deepEqual([wrong.statusCode, wrong.json().error.code], [401, 'INVALID_CREDENTIALS']);
  });

  it('slows down guessing from one address, but not people signing in from it', async () => {
    for (let i = 0; i < 12; i++) {
      assert.equal((await login('police@example.org', PASSWORD, '10.9.9.8')).statusCode, 200, `sign-in ${i}`);
    }
    const codes: number[] = [];
    for (let i = 0; i < 11; i++)
      codes.push((await login(`guess${i}@example.org`, 'x', '10.9.9.9')).statusCode);
    assert.deepEqual(codes.slice(0, 10), Array(10).fill(401));
    assert.equal(codes[10], 429);
  });

  it('scopes an API key to submitting for its own organization', async () => {
    const { key } = await context.access.createApiKey(cliActor, {
      jurisdictionId,
      organizationId,
      name: 'cad',
    });
    const stored = await context.db.query<{ key_hash: string }>('select key_hash from api_keys');
    assert.ok(stored.every((k) => !key.includes(k.key_hash) && k.key_hash.length === 64));
    const me = await app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${key}` },
    });
    assert.deepEqual(me.json().scopes, ['submit']);
    assert.equal(me.json().organization_id, organizationId);
    await assert.rejects(
      context.access.createUser(
        { kind: 'api_key', keyId: 'k', jurisdictionId, organizationId, scopes: ['submit'] },
        {
          jurisdictionId,
          email: 'x@example.org',
          displayName: 'x',
          role: 'administrator',
          organizationId: null,
          password: PASSWORD,
        },
      ),
      { code: 'FORBIDDEN' },
    );
  });

  it('creates the first administrator once, from the environment or with a generated password', async () => {
    const first = await context.access.ensureFirstAdministrator(jurisdictionId, null, null);
    assert.ok(first?.generatedPassword && first.generatedPassword.length >= 20);
    assert.equal((await login(first.email, first.generatedPassword, '10.3.0.1')).statusCode, 200);
    assert.equal(
      await context.access.ensureFirstAdministrator(jurisdictionId, 'a@b.org', 'another password!'),
      null,
    );
  });
});
