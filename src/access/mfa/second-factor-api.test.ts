import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { OWN_ORIGIN, signInRoles, TEST_PASSWORD } from '../../../test/support/sign-in.js';
import {
  describeEachEngine,
  openTestContext,
  seedJurisdiction,
} from '../../../test/support/test-databases.js';
import { base32Decode, codeAt } from '../../../test/support/totp-codes.js';
import { buildApp } from '../../main/app.js';
import type { AppContext } from '../../main/app-context.js';
import { setMfaRequired } from '../jurisdictions/jurisdiction-repository.js';

/** The cookies a response sets, by name (`name=value`). */
function cookiesOf(response: LightMyRequestResponse): Map<string, string> {
  const set = [response.headers['set-cookie'] ?? []].flat();
  return new Map(set.map((c) => [c.split('=')[0] as string, c.split(';')[0] as string]));
}

describeEachEngine('second factors over HTTP', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let jurisdictionId: string;
  let now = new Date('2026-12-07T14:00:10Z');
  const advance = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };
  let analystCookie: string;
  let adminCookie: string;
  let secret: Buffer;
  let recoveryCodes: string[];
  const email = () => `analyst.${jurisdictionId}@example.org`;

  before(async () => {
    context = await openTestContext(engine, { clock: { now: () => now } });
    ({
      jurisdiction: { id: jurisdictionId },
    } = await seedJurisdiction(context.db));
    app = await buildApp(context);
    const cookies = await signInRoles(app, context, jurisdictionId, ['analyst', 'administrator']);
    analystCookie = cookies.get('analyst') as string;
    adminCookie = cookies.get('administrator') as string;
  });
  after(async () => {
    await app.close();
    await context.dispose();
  });

  const post = (url: string, cookie: string | null, payload?: object) =>
    app.inject({
      method: 'POST',
      url,
      headers: { origin: OWN_ORIGIN, ...(cookie ? { cookie } : {}) },
      ...(payload ? { payload } : {}),
    });
  const get = (url: string, cookie: string) => app.inject({ method: 'GET', url, headers: { cookie } });
  /** Signs in with the password; the session cookie, the whole answer, and the cookies it set. */
  const login = async (extraCookie = '') => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { origin: OWN_ORIGIN, ...(extraCookie ? { cookie: extraCookie } : {}) },
      payload: { email: email(), password: TEST_PASSWORD },
    });
    assert.equal(response.statusCode, 200, response.body);
    const cookies = cookiesOf(response);
    return { cookie: cookies.get('sos_session') as string, cookies, body: response.json() };
  };

  it('enrols an authenticator app: a sealed secret, a QR code, a code to confirm, ten recovery codes', async () => {
    const started = await post('/api/v1/account/second-factors/totp', analystCookie, { name: 'Phone' });
    assert.equal(started.statusCode, 201, started.body);
    const enrolment = started.json();
    secret = base32Decode(enrolment.secret);
    assert.equal(secret.length, 20);
    assert.match(enrolment.otpauth_uri, /^otpauth:\/\/totp\/SOS:analyst\..*\?secret=[A-Z2-7]+&issuer=SOS/);
    assert.match(enrolment.qr_svg, /^<svg[^>]*>.*<path/s);
    const [stored] = await context.db.query<{ totp_secret_sealed: Uint8Array }>(
      'select totp_secret_sealed from second_factors where id = $1',
      [enrolment.id],
    );
    assert.ok(
      stored && !Buffer.from(stored.totp_secret_sealed).includes(secret),
      'the secret is sealed at rest',
    );
    // Not yet confirmed: the factor is not listed and the sign-in does not ask for it.
    assert.equal((await get('/api/v1/account/second-factors', analystCookie)).json().factors.length, 0);

    const wrongCode = String((Number(codeAt(secret, now)) + 1) % 1_000_000).padStart(6, '0');
    const wrong = await post(`/api/v1/account/second-factors/totp/${enrolment.id}/confirm`, analystCookie, {
      code: wrongCode,
    });
    assert.equal(wrong.statusCode, 401, wrong.body);
    assert.equal(wrong.json().error.code, 'SECOND_FACTOR_INVALID');
    const confirmed = await post(
      `/api/v1/account/second-factors/totp/${enrolment.id}/confirm`,
      analystCookie,
      {
        code: codeAt(secret, now),
      },
    );
    assert.equal(confirmed.statusCode, 200, confirmed.body);
    recoveryCodes = confirmed.json().recovery_codes;
    assert.equal(recoveryCodes.length, 10);
    assert.equal(new Set(recoveryCodes).size, 10);
    const list = (await get('/api/v1/account/second-factors', analystCookie)).json();
    assert.deepEqual(
      list.factors.map((f: { kind: string; name: string }) => [f.kind, f.name]),
      [['totp', 'Phone']],
    );
    assert.equal(list.recovery_codes_left, 10);
    assert.equal(list.factors[0].last_used_at, null, 'confirming is no use');
    const [stored2] = await context.db.query<{ n: number }>(
      `select count(*)::int as n from recovery_codes where code_hash = any($1::text[])`,
      [recoveryCodes],
    );
    assert.equal(stored2?.n, 0, 'recovery codes are stored as hashes only');
    const [audit] = await context.db.query<{ n: number }>(
      `select count(*)::int as n from audit_entries where jurisdiction_id = $1 and action = 'mfa.enrol'`,
      [jurisdictionId],
    );
    assert.equal(audit?.n, 1);
  });

  it('signs in with password and then the app code; the same code does not open a second sign-in', async () => {
    advance(30_000);
    const first = await login();
    assert.deepEqual(first.body.second_factor, { methods: ['totp', 'recovery_code'] });
    // The session owes its second factor: it is nobody yet.
    assert.equal((await get('/api/v1/me', first.cookie)).statusCode, 401);
    const code = codeAt(secret, now);
    const given = await post('/api/v1/auth/second-factor/totp', first.cookie, { code });
    assert.equal(given.statusCode, 200, given.body);
    assert.equal(given.json().second_factor, null);
    assert.equal((await get('/api/v1/me', first.cookie)).json().role, 'analyst');
    const [factor] = (await get('/api/v1/account/second-factors', first.cookie)).json().factors;
    assert.equal(factor.last_used_at, now.toISOString());

    const second = await login();
    const replayed = await post('/api/v1/auth/second-factor/totp', second.cookie, { code });
    assert.equal(replayed.statusCode, 401, replayed.body);
    assert.equal(replayed.json().error.code, 'SECOND_FACTOR_INVALID');
    // The code of the step before this one was never used, but it is older than the one that was.
    const older = await post('/api/v1/auth/second-factor/totp', second.cookie, {
      code: codeAt(secret, new Date(now.getTime() - 30_000)),
    });
    assert.equal(older.statusCode, 401, older.body);
    advance(30_000);
    const next = await post('/api/v1/auth/second-factor/totp', second.cookie, { code: codeAt(secret, now) });
    assert.equal(next.statusCode, 200, next.body);
    // A session that owes nothing has no second step to take.
    const again = await post('/api/v1/auth/second-factor/totp', second.cookie, { code: '000000' });
    assert.equal(again.json().error.code, 'SECOND_FACTOR_NOT_DUE');
  });

  it('signs in with a recovery code, which works once', async () => {
    const first = await login();
    const used = await post('/api/v1/auth/second-factor/recovery', first.cookie, {
      code: (recoveryCodes[0] as string).toUpperCase(),
    });
    assert.equal(used.statusCode, 200, used.body);
    assert.equal((await get('/api/v1/me', first.cookie)).statusCode, 200);
    const second = await login();
    const reused = await post('/api/v1/auth/second-factor/recovery', second.cookie, {
      code: recoveryCodes[0],
    });
    assert.equal(reused.statusCode, 401, reused.body);
    const other = await post('/api/v1/auth/second-factor/recovery', second.cookie, {
      code: recoveryCodes[1],
    });
    assert.equal(other.statusCode, 200, other.body);
    assert.equal((await get('/api/v1/account/second-factors', second.cookie)).json().recovery_codes_left, 8);
  });

  it('remembers a device when asked: the next sign-in there skips the second step', async () => {
    advance(30_000);
    const first = await login();
    const given = await post('/api/v1/auth/second-factor/totp', first.cookie, {
      code: codeAt(secret, now),
      remember_device: true,
    });
    assert.equal(given.statusCode, 200, given.body);
    const remembered = cookiesOf(given).get('sos_remembered_device');
    assert.ok(remembered, 'the remembered-device cookie is set');
    const there = await login(remembered);
    assert.equal(there.body.second_factor, null);
    assert.equal((await get('/api/v1/me', there.cookie)).statusCode, 200);
    const elsewhere = await login();
    assert.notEqual(elsewhere.body.second_factor, null);
    const forged = await login(`sos_remembered_device=${remembered.split('=')[1]?.split('.')[0]}.AAAA`);
    assert.notEqual(forged.body.second_factor, null);
  });

  it('asks for a recent sign-in before new recovery codes', async () => {
    const fresh = await login();
    advance(30_000);
    await post('/api/v1/auth/second-factor/totp', fresh.cookie, { code: codeAt(secret, now) });
    const renewed = await post('/api/v1/account/second-factors/recovery-codes', fresh.cookie);
    assert.equal(renewed.statusCode, 200, renewed.body);
    assert.equal(renewed.json().recovery_codes.length, 10);
    advance(11 * 60_000);
    const stale = await post('/api/v1/account/second-factors/recovery-codes', fresh.cookie);
    assert.equal(stale.statusCode, 403, stale.body);
    assert.equal(stale.json().error.code, 'REAUTHENTICATION_REQUIRED');
  });

  it('throttles wrong codes like wrong passwords, then lets the right one through after the wait', async () => {
    const attempt = await login();
    const answers: number[] = [];
    for (let i = 0; i < 8; i++) {
      answers.push(
        (await post('/api/v1/auth/second-factor/totp', attempt.cookie, { code: '000000' })).statusCode,
      );
    }
    assert.ok(
      answers.slice(0, 5).every((status) => status === 401),
      answers.join(' '),
    );
    assert.ok(answers.includes(429), answers.join(' '));
    advance(30_000);
    const right = await post('/api/v1/auth/second-factor/totp', attempt.cookie, {
      code: codeAt(secret, now),
    });
    assert.equal(right.statusCode, 429, 'even the right code waits');
    assert.ok(Number(right.headers['retry-after']) > 0);
    advance(16 * 60_000);
    const later = await post('/api/v1/auth/second-factor/totp', attempt.cookie, {
      code: codeAt(secret, now),
    });
    assert.equal(later.statusCode, 200, later.body);
  });

  it('keeps the last factor where the jurisdiction requires one, and lets an administrator reset them all', async () => {
    const [factor] = (await get('/api/v1/account/second-factors', analystCookie)).json().factors;
    await setMfaRequired(context.db, jurisdictionId, true);
    // A second app may go while the first stays.
    const tablet = (
      await post('/api/v1/account/second-factors/totp', analystCookie, { name: 'Tablet' })
    ).json();
    const added = await post(`/api/v1/account/second-factors/totp/${tablet.id}/confirm`, analystCookie, {
      code: codeAt(base32Decode(tablet.secret), now),
    });
    assert.equal(added.json().recovery_codes, null, 'the unused recovery codes stay');
    const removed = await app.inject({
      method: 'DELETE',
      url: `/api/v1/account/second-factors/${tablet.id}`,
      headers: { origin: OWN_ORIGIN, cookie: analystCookie },
    });
    assert.equal(removed.statusCode, 204, removed.body);
    const refused = await app.inject({
      method: 'DELETE',
      url: `/api/v1/account/second-factors/${factor.id}`,
      headers: { origin: OWN_ORIGIN, cookie: analystCookie },
    });
    assert.equal(refused.statusCode, 409, refused.body);
    assert.equal(refused.json().error.code, 'LAST_SECOND_FACTOR');
    await setMfaRequired(context.db, jurisdictionId, false);

    const [user] = await context.db.query<{ id: string }>('select id from users where email = $1', [email()]);
    const forbidden = await post(`/api/v1/admin/users/${user?.id}/second-factors/reset`, analystCookie);
    assert.equal(forbidden.statusCode, 403);
    const reset = await post(`/api/v1/admin/users/${user?.id}/second-factors/reset`, adminCookie);
    assert.equal(reset.statusCode, 200, reset.body);
    assert.equal(reset.json().factors_removed, 1);
    assert.ok(reset.json().sessions_revoked >= 1);
    assert.equal((await get('/api/v1/me', analystCookie)).statusCode, 401, "the user's sessions ended");
    const left = await context.db.query(
      `select 1 from second_factors where user_id = $1 union all select 1 from recovery_codes where user_id = $1
       union all select 1 from remembered_devices where user_id = $1`,
      [user?.id],
    );
    assert.equal(left.length, 0);
    assert.equal((await login()).body.second_factor, null, 'a password alone signs in again');
    const [audit] = await context.db.query<{ subject_id: string }>(
      `select subject_id from audit_entries where jurisdiction_id = $1 and action = 'mfa.reset'`,
      [jurisdictionId],
    );
    assert.equal(audit?.subject_id, user?.id);
    const unknown = await post(
      `/api/v1/admin/users/${crypto.randomUUID()}/second-factors/reset`,
      adminCookie,
    );
    assert.equal(unknown.statusCode, 404);
  });
});
