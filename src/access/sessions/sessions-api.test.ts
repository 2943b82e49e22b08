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
import { cliActor, type Role } from '../roles.js';
import { hashSecret } from '../users/secret-token.js';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const MINUTE = 60_000;

describeEachEngine("own and administrators' session lists and revocation", (engine) => {
  const time = new ManualTime(new Date('2026-03-02T13:00:00Z'));
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let jurisdictionId: string;
  let otherJurisdictionId: string;
  const userIds = new Map<string, string>();

  before(async () => {
    context = await openTestContext(engine, { clock: time });
    jurisdictionId = (await seedJurisdiction(context.db, { sessionLifetimes: 'default' })).jurisdiction.id;
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
});
