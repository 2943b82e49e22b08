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
const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const MINUTE = 60_000;

describeEachEngine('sessions, lifetimes and re-authentication', (engine) => {
  const time = new ManualTime(new Date('2026-03-02T13:00:00Z'));
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let jurisdictionId: string;
  let otherJurisdictionId: string;
  const userIds = new Map<string, string>();

  before(async () => {
    context = await openTestContext(engine, { clock: time });
    jurisdictionId = (await seedJurisdiction(context.db)).jurisdiction.id;
    otherJurisdictionId = (await seedJurisdiction(context.db)).jurisdiction.id;
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

  it("lists one's live sessions with the device in words, the address and which one is current", async () => {
    const email = await createUser('lister', 'analyst');
    const mine = await signIn(email, FIREFOX, '10.1.0.1');
    const other = await signIn(email, CHROME, '10.1.0.2');
    const response = await get('/api/v1/account/sessions', mine);
    assert.equal(response.statusCode, 200, response.body);
    const sessions = response.json().sessions as Record<string, unknown>[];
    assert.deepEqual(sessions.map((s) => [s.device, s.client_address, s.auth_method, s.current]).sort(), [
      ['Chrome on Windows', '10.1.0.2', 'password', false],
      ['Firefox on Linux', '10.1.0.1', 'password', true],
    ]);
    // The absolute lifetime of an analyst (T2) is 12 hours from sign-in.
    assert.ok(
      sessions.every((s) => s.expires_at === new Date(time.now().getTime() + 720 * MINUTE).toISOString()),
    );
    assert.ok(!response.body.includes(hashSecret(mine.split('=')[1] as string)), 'no token hash leaves');
    const fromOther = (await get('/api/v1/account/sessions', other)).json().sessions as {
      current: boolean;
      device: string;
    }[];
    assert.deepEqual(
      fromOther.filter((s) => s.current).map((s) => s.device),
      ['Chrome on Windows'],
    );
  });

  it('revokes one session: its cookie is refused at once, the others go on, and the revocation is audited', async () => {
    const email = await createUser('revoker', 'analyst');
    const mine = await signIn(email, FIREFOX);
    const other = await signIn(email, CHROME);
    const listed = (await get('/api/v1/account/sessions', mine)).json().sessions as {
      id: string;
      current: boolean;
    }[];
    const otherId = listed.find((s) => !s.current)?.id as string;
    const revoked = await post(`/api/v1/account/sessions/${otherId}/revoke`, mine);
    assert.equal(revoked.statusCode, 200, revoked.body);
    assert.deepEqual(revoked.json(), { revoked: [otherId] });
    assert.equal(await status(other), 401);
    assert.equal(await status(mine), 200);
    const again = await post(`/api/v1/account/sessions/${otherId}/revoke`, mine);
    assert.deepEqual([again.statusCode, again.json().error.code], [404, 'NOT_FOUND']);
    const entries = await auditActions('session.revoke');
    assert.deepEqual(entries.at(-1), {
      actor_id: userIds.get('revoker'),
      subject_id: userIds.get('revoker'),
      details: { scope: 'one', session_ids: [otherId] },
    });
  });

  it("cannot revoke another user's session by its id", async () => {
    const victim = await signIn(await createUser('victim', 'analyst'));
    const attacker = await signIn(await createUser('attacker', 'analyst'));
    const [session] = (await get('/api/v1/account/sessions', victim)).json().sessions as { id: string }[];
    const response = await post(`/api/v1/account/sessions/${session?.id}/revoke`, attacker);
    assert.equal(response.statusCode, 404);
    assert.equal(await status(victim), 200);
  });

  it('revokes all the other sessions and keeps the current one', async () => {
    const email = await createUser('others', 'submitter');
    const mine = await signIn(email, FIREFOX);
    const second = await signIn(email, CHROME);
    const third = await signIn(email, CHROME);
    const response = await post('/api/v1/account/sessions/revoke-others', mine);
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().revoked.length, 2);
    assert.deepEqual([await status(mine), await status(second), await status(third)], [200, 401, 401]);
    const left = (await get('/api/v1/account/sessions', mine)).json().sessions as { current: boolean }[];
    assert.deepEqual(
      left.map((s) => s.current),
      [true],
    );
  });

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

  it("lets an administrator list and end a user's sessions in the jurisdiction, audited, and nobody else", async () => {
    const admin = await signIn(await createUser('admin', 'administrator'));
    const email = await createUser('target', 'outreach_coordinator');
    const first = await signIn(email, FIREFOX);
    const second = await signIn(email, CHROME);
    const targetId = userIds.get('target') as string;
    const listed = await get(`/api/v1/admin/users/${targetId}/sessions`, admin);
    assert.equal(listed.statusCode, 200, listed.body);
    assert.deepEqual(
      (listed.json().sessions as { device: string; current: boolean }[])
        .map((s) => [s.device, s.current])
        .sort(),
      [
        ['Chrome on Windows', false],
        ['Firefox on Linux', false],
      ],
    );
    const analyst = await signIn(await createUser('nosy', 'analyst'));
    assert.equal((await get(`/api/v1/admin/users/${targetId}/sessions`, analyst)).statusCode, 403);
    assert.equal((await post(`/api/v1/admin/users/${targetId}/sessions/revoke`, analyst)).statusCode, 403);
    await createUser('elsewhere', 'analyst', otherJurisdictionId);
    const foreign = await get(`/api/v1/admin/users/${userIds.get('elsewhere')}/sessions`, admin);
    assert.equal(foreign.statusCode, 404);
    const revoked = await post(`/api/v1/admin/users/${targetId}/sessions/revoke`, admin);
    assert.equal(revoked.statusCode, 200, revoked.body);
    assert.equal(revoked.json().revoked.length, 2);
    assert.deepEqual([await status(first), await status(second), await status(admin)], [401, 401, 200]);
    const entry = (await auditActions('session.revoke')).at(-1);
    assert.deepEqual(
      [entry?.actor_id, entry?.subject_id, entry?.details.scope],
      [userIds.get('admin'), targetId, 'all'],
    );
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
