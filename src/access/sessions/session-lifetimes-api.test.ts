import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { ManualTime } from '../../../test/support/manual-time.js';
import { OWN_ORIGIN, TEST_PASSWORD } from '../../../test/support/sign-in.js';
import {
  describeEachEngine,
  openTestContext,
  seedJurisdiction,
} from '../../../test/support/test-databases.js';
import { buildApp } from '../../main/app.js';
import type { AppContext } from '../../main/app-context.js';
import { newId } from '../../platform/ids.js';
import { cliActor, type Role } from '../roles.js';
import { hashSecret, newSecret } from '../users/secret-token.js';
import { insertSession } from './session-repository.js';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const _CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const MINUTE = 60_000;

describeEachEngine('session lifetimes and re-authentication', (engine) => {
  const time = new ManualTime(new Date('2026-03-02T13:00:00Z'));
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let jurisdictionId: string;
  let _otherJurisdictionId: string;
  const userIds = new Map<string, string>();

  before(async () => {
    context = await openTestContext(engine, { clock: time });
    jurisdictionId = (await seedJurisdiction(context.db, { sessionLifetimes: 'default' })).jurisdiction.id;
    _otherJurisdictionId = (await seedJurisdiction(context.db)).jurisdiction.id;
    app = await buildApp(context);
  });
  after(async () => {
    await app.close();
    await context.dispose();
  });

  /** A new user of the role (in the test jurisdiction unless told), by a unique email. */
  const createUser = async (name: string, role: Role, inJurisdiction = jurisdictionId) => {
    const email = `${name}.${engine}@example.org`;
    const { id } = await context.access.createUser(cliActor, {
      jurisdictionId: inJurisdiction,
      email,
      displayName: name,
      role,
      organizationId: null,
      password: TEST_PASSWORD,
    });
    userIds.set(name, id);
    return email;
  };
  /** Signs in from a browser; the session cookie. */
  const signIn = async (email: string, userAgent = FIREFOX, remoteAddress = '127.0.0.1') => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: TEST_PASSWORD },
      headers: { 'user-agent': userAgent },
      remoteAddress,
    });
    assert.equal(response.statusCode, 200, response.body);
    return String(response.headers['set-cookie']).split(';')[0] as string;
  };
  const get = (url: string, cookie: string) => app.inject({ method: 'GET', url, headers: { cookie } });
  const post = (url: string, cookie: string, payload?: object) =>
    app.inject({
      method: 'POST',
      url,
      headers: { cookie, origin: OWN_ORIGIN },
      ...(payload ? { payload } : {}),
    });
  const status = async (cookie: string) => (await get('/api/v1/me', cookie)).statusCode;
  const auditActions = async (action: string) =>
    context.db.query<{ actor_id: string; subject_id: string; details: Record<string, unknown> }>(
      'select actor_id, subject_id, details from audit_entries where jurisdiction_id = $1 and action = $2 order by seq',
      [jurisdictionId, action],
    );

  it('ends a session left idle past its timeout, and a T3 session sooner than a T2 one', async () => {
    const analyst = await signIn(await createUser('idle-analyst', 'analyst'));
    const worker = await signIn(await createUser('idle-worker', 'outreach_worker'));
    time.advance(14 * MINUTE);
    assert.deepEqual(
      [await status(analyst), await status(worker)],
      [200, 200],
      'both used within their timeouts',
    );
    time.advance(16 * MINUTE);
    // 16 minutes unused: past the worker's 15, within the analyst's 30.
    assert.deepEqual([await status(analyst), await status(worker)], [200, 401]);
    time.advance(29 * MINUTE);
    assert.equal(await status(analyst), 200, 'each use starts the idle timeout again');
    time.advance(31 * MINUTE);
    assert.equal(await status(analyst), 401);
  });

  it('caps a session at its absolute lifetime, shorter for T3 roles, however busy it is kept', async () => {
    const started = time.now().getTime();
    const analyst = await signIn(await createUser('busy-analyst', 'analyst'));
    const coordinator = await signIn(await createUser('busy-coordinator', 'outreach_coordinator'));
    const stored = await context.db.query<{ role: string; expires_at: Date }>(
      `select u.role, s.expires_at from sessions s join users u on u.id = s.user_id
       where u.email in ($1, $2) order by u.role`,
      [`busy-analyst.${engine}@example.org`, `busy-coordinator.${engine}@example.org`],
    );
    assert.deepEqual(
      stored.map((s) => [s.role, new Date(s.expires_at).getTime() - started]),
      [
        ['analyst', 720 * MINUTE],
        ['outreach_coordinator', 480 * MINUTE],
      ],
    );
    const alive: Record<string, number> = { analyst: 0, coordinator: 0 };
    for (let minutes = 10; minutes <= 12 * 60; minutes += 10) {
      time.advance(10 * MINUTE);
      if ((await status(analyst)) === 200) alive.analyst = minutes;
      if ((await status(coordinator)) === 200) alive.coordinator = minutes;
    }
    assert.deepEqual(alive, { analyst: 710, coordinator: 470 });
  });

  it('records the last use at most once a minute', async () => {
    const cookie = await signIn(await createUser('toucher', 'analyst'));
    const signedInAt = time.now().getTime();
    const lastUsed = async () =>
      new Date(
        (
          await context.db.query<{ last_used_at: Date }>(
            'select s.last_used_at from sessions s join users u on u.id = s.user_id where u.email = $1',
            [`toucher.${engine}@example.org`],
          )
        )[0]?.last_used_at as Date,
      ).getTime() - signedInAt;
    time.advance(30_000);
    await status(cookie);
    await status(cookie);
    assert.equal(await lastUsed(), 0, 'within the minute: not written');
    time.advance(31_000);
    await status(cookie);
    assert.equal(await lastUsed(), 61_000);
    time.advance(1_000);
    await status(cookie);
    assert.equal(await lastUsed(), 61_000);
  });

  it("follows the jurisdiction's own lifetimes from the settings", async () => {
    const admin = await signIn(await createUser('lifetime-admin', 'administrator'));
    const patched = await app.inject({
      method: 'PATCH',
      url: '/api/v1/admin/jurisdiction',
      headers: { cookie: admin, origin: OWN_ORIGIN },
      payload: { session_lifetimes: { other: { idle_minutes: 5 } } },
    });
    assert.equal(patched.statusCode, 200, patched.body);
    const partner = await signIn(await createUser('short-partner', 'harm_reduction_partner'));
    time.advance(4 * MINUTE);
    assert.equal(await status(partner), 200);
    time.advance(5 * MINUTE);
    assert.equal(await status(partner), 401);
    const reset = await app.inject({
      method: 'PATCH',
      url: '/api/v1/admin/jurisdiction',
      headers: { cookie: await signIn(`lifetime-admin.${engine}@example.org`), origin: OWN_ORIGIN },
      payload: { session_lifetimes: { other: { idle_minutes: null } } },
    });
    assert.equal(reset.json().session_lifetimes.other.idle_minutes, null);
  });

  it('asks for the password again before a line-level export 10 minutes after sign-in, and lets it through after', async () => {
    const analyst = await signIn(await createUser('exporter', 'analyst'));
    const exportCsv = () => get('/api/v1/overdoses.csv', analyst);
    assert.equal((await exportCsv()).statusCode, 200, 'just signed in');
    time.advance(11 * MINUTE);
    const refused = await exportCsv();
    assert.equal(refused.statusCode, 403, refused.body);
    assert.deepEqual(
      [refused.json().error.code, refused.json().error.details.method],
      ['REAUTHENTICATION_REQUIRED', 'password'],
    );
    const wrong = await post('/api/v1/auth/reauthenticate', analyst, { password: 'not the password at all' });
    assert.deepEqual([wrong.statusCode, wrong.json().error.code], [403, 'REAUTHENTICATION_FAILED']);
    assert.equal((await exportCsv()).statusCode, 403, 'a wrong password proves nothing');
    const right = await post('/api/v1/auth/reauthenticate', analyst, { password: TEST_PASSWORD });
    assert.equal(right.statusCode, 200, right.body);
    assert.equal(right.json().authenticated_at, time.now().toISOString());
    assert.equal((await exportCsv()).statusCode, 200);
    assert.deepEqual(
      (await auditActions('auth.reauthenticate_failed'))
        .concat(await auditActions('auth.reauthenticate'))
        .map((e) => e.actor_id),
      [userIds.get('exporter'), userIds.get('exporter')],
    );
  });

  it('answers a user who has no password (single sign-on only) that re-authentication needs a fresh sign-in', async () => {
    await createUser('sso-only', 'analyst');
    const userId = userIds.get('sso-only') as string;
    await context.db.query('update users set password_hash = null where id = $1', [userId]);
    const token = newSecret();
    const now = time.now();
    await insertSession(context.db, {
      jurisdictionId,
      id: newId(),
      tokenHash: hashSecret(token),
      userId,
      authMethod: 'oidc',
      secondFactorDue: false,
      secondFactorAt: null,
      userAgent: FIREFOX,
      clientAddress: '10.2.0.1',
      now,
      expiresAt: new Date(now.getTime() + 60 * MINUTE),
    });
    const cookie = `sos_session=${token}`;
    time.advance(11 * MINUTE);
    const exported = await get('/api/v1/overdoses.csv', cookie);
    assert.deepEqual([exported.statusCode, exported.json().error.details.method], [403, 'sso']);
    const response = await post('/api/v1/auth/reauthenticate', cookie, { password: 'anything at all' });
    assert.deepEqual(
      [response.statusCode, response.json().error.code, response.json().error.details],
      [403, 'REAUTHENTICATION_REQUIRED', { method: 'sso' }],
    );
  });
});
