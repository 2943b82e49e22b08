import assert from 'node:assert/strict';
import { after, before, beforeEach, it } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { OWN_ORIGIN, TEST_PASSWORD } from '../../../test/support/sign-in.js';
import { startSmtpInbox } from '../../../test/support/smtp-inbox.js';
import {
  describeEachEngine,
  openTestContext,
  seedJurisdiction,
} from '../../../test/support/test-databases.js';
import { buildApp } from '../../main/app.js';
import type { AppContext } from '../../main/app-context.js';
import { createProgram } from '../../outreach/program-service.js';
import { cliActor } from '../roles.js';

const NEW_PASSWORD = 'seven quiet lanterns over the harbor';

describeEachEngine('users administration, invitations and own passwords', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let inbox: Awaited<ReturnType<typeof startSmtpInbox>>;
  let jurisdictionId: string;
  let organizationId: string;
  let programId: string;
  let admin: string;
  let adminId: string;
  // The clock the server reads: tests move it past an invitation's 72 hours.
  let now = new Date('2026-03-02T12:00:00Z');

  before(async () => {
    inbox = await startSmtpInbox();
    context = await openTestContext(engine, {
      clock: { now: () => new Date(now) },
      config: { smtpUrl: inbox.url, mailFrom: 'SOS <sos@example.org>' },
    });
    ({
      jurisdiction: { id: jurisdictionId },
      organization: { id: organizationId },
    } = await seedJurisdiction(context.db));
    ({ id: adminId } = await context.access.createUser(cliActor, {
      jurisdictionId,
      email: 'admin@county.example.org',
      displayName: 'Admin',
      role: 'administrator',
      organizationId: null,
      password: TEST_PASSWORD,
    }));
    ({ id: programId } = await createProgram(
      { db: context.db, clock: context.clock },
      cliActor,
      { name: 'Harbor outreach', organization_id: organizationId, service_areas: [] },
      jurisdictionId,
    ));
    app = await buildApp(context);
    admin = await signIn('admin@county.example.org', TEST_PASSWORD);
  });
  beforeEach(() => {
    now = new Date(now.getTime() + 60_000);
  });
  after(async () => {
    await app.close();
    await context.dispose();
    await inbox.close();
  });

  function sessionCookieOf(response: LightMyRequestResponse): string {
    const token = /sos_session=([^;]+)/.exec(String(response.headers['set-cookie']))?.[1];
    assert.ok(token, `a session cookie: ${response.body}`);
    return `sos_session=${token}`;
  }
  async function signIn(email: string, password: string): Promise<string> {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password },
    });
    assert.equal(response.statusCode, 200, response.body);
    return sessionCookieOf(response);
  }
  const send = (cookie: string, method: string, url: string, payload?: object) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: { cookie, origin: OWN_ORIGIN },
      ...(payload ? { payload } : {}),
    });
  const lookup = (token: string) =>
    app.inject({
      method: 'GET',
      url: '/api/v1/auth/invitations/lookup',
      headers: { 'x-invitation-token': token },
    });
  const accept = (token: string, password = NEW_PASSWORD) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/auth/invitations/accept',
      headers: { origin: OWN_ORIGIN },
      payload: { token, password },
    });

  /** Invites a user as the administrator; answers the user and the token read from the mail received. */
  async function invite(email: string, body: object = {}) {
    const before = inbox.received.length;
    const response = await send(admin, 'POST', '/api/v1/admin/users', {
      email,
      display_name: `Name of ${email}`,
      role: 'analyst',
      ...body,
    });
    assert.equal(response.statusCode, 201, response.body);
    assert.equal(inbox.received.length, before + 1, 'one invitation mailed');
    const mail = inbox.received.at(-1);
    assert.deepEqual(mail?.to, [email]);
    const link = /(http\S+\/welcome#token=([A-Za-z0-9_-]{43}))/.exec(mail?.text ?? '');
    assert.ok(link, `a link in the mail: ${mail?.text}`);
    return { user: response.json(), link: link[1] as string, token: link[2] as string };
  }
  const auditActions = async (userId: string) =>
    (
      await context.db.query<{ action: string; details: Record<string, unknown> }>(
        `select action, details from audit_entries where jurisdiction_id = $1 and subject_id = $2 order by seq`,
        [jurisdictionId, userId],
      )
    ).map((r) => r.action);

  it('invites a user by mail; the link names the user, sets a password once, signs in, and is audited', async () => {
    const { user, link, token } = await invite('new.analyst@county.example.org');
    assert.equal(user.status, 'invited');
    assert.equal(user.has_password, false);
    assert.equal(
      link,
      `http://localhost/welcome#token=${token}`,
      'the request origin, the token in the fragment',
    );
    assert.equal(
      user.invitation_expires_at,
      new Date(now.getTime() + 72 * 3_600_000).toISOString(),
      'good for 72 hours by default',
    );
    const stored = await context.db.query<{ token_hash: string }>(
      'select token_hash from user_invitations where user_id = $1',
      [user.id],
    );
    assert.ok(stored.length === 1 && stored[0]?.token_hash !== token, 'only a hash of the token is kept');

    const found = await lookup(token);
    assert.equal(found.statusCode, 200, found.body);
    assert.deepEqual(found.json(), {
      email: 'new.analyst@county.example.org',
      display_name: 'Name of new.analyst@county.example.org',
    });
    const weak = await accept(token, 'short');
    assert.equal(weak.json().error.code, 'PASSWORD_TOO_WEAK');

    const accepted = await accept(token);
    assert.equal(accepted.statusCode, 200, accepted.body);
    assert.equal(accepted.json().user.email, 'new.analyst@county.example.org');
    const me = await app.inject({ url: '/api/v1/me', headers: { cookie: sessionCookieOf(accepted) } });
    assert.equal(me.json().id, user.id, 'the new session is the invited user');
    await signIn('new.analyst@county.example.org', NEW_PASSWORD);

    const listed = await send(admin, 'GET', `/api/v1/admin/users/${user.id}`);
    assert.equal(listed.json().status, 'active');
    assert.ok(listed.json().last_sign_in_at, 'last sign-in shown');
    assert.deepEqual(await auditActions(user.id), ['user.invite', 'user.invitation_accept', 'auth.login']);
    const details = await context.db.query<{ details: unknown }>(
      'select details from audit_entries where jurisdiction_id = $1',
      [jurisdictionId],
    );
    assert.ok(!JSON.stringify(details).includes(token), 'no audit entry holds the token');
  });

  it('refuses a used, an expired, a replaced and an unknown link with one answer', async () => {
    const used = await invite('used@county.example.org');
    assert.equal((await accept(used.token)).statusCode, 200);
    const expired = await invite('expired@county.example.org');
    const replaced = await invite('replaced@county.example.org');
    const resent = await send(admin, 'POST', `/api/v1/admin/users/${replaced.user.id}/invitation`);
    assert.equal(resent.statusCode, 200, resent.body);
    const fresh = /#token=([A-Za-z0-9_-]{43})/.exec(inbox.received.at(-1)?.text ?? '')?.[1] as string;
    // Before any link expires: the used and the replaced links are refused as an unknown one is.
    const unknown = await accept('y'.repeat(43), 'another long passphrase here');
    for (const token of [used.token, replaced.token]) {
      const again = await accept(token, 'another long passphrase here');
      assert.deepEqual([again.statusCode, again.json()], [unknown.statusCode, unknown.json()]);
      assert.equal((await lookup(token)).statusCode, 410);
    }
    assert.equal(unknown.json().error.code, 'INVITATION_INVALID');
    assert.equal((await lookup(expired.token)).statusCode, 200, 'still good before its 72 hours');
    now = new Date(now.getTime() + 72 * 3_600_000 + 1000);
    // The administrator's session (12 hours) has ended too.
    admin = await signIn('admin@county.example.org', TEST_PASSWORD);
    const answers = [];
    for (const token of [used.token, expired.token, replaced.token, 'x'.repeat(43), 'not a token']) {
      const seen = await lookup(token);
      const tried = await accept(token);
      answers.push([seen.statusCode, seen.json(), tried.statusCode, tried.json()]);
    }
    assert.equal(new Set(answers.map((a) => JSON.stringify(a))).size, 1, 'one answer for all');
    const [status, body] = answers[0] as [number, { error: { code: string } }];
    assert.deepEqual([status, body.error.code], [410, 'INVITATION_INVALID']);
    // The re-sent link was sent after the others and expires 72 hours after it was sent: also past now.
    assert.equal((await accept(fresh)).statusCode, 410);
    const again = await send(admin, 'POST', `/api/v1/admin/users/${replaced.user.id}/invitation`);
    const newest = /#token=([A-Za-z0-9_-]{43})/.exec(inbox.received.at(-1)?.text ?? '')?.[1] as string;
    assert.equal(again.statusCode, 200);
    assert.equal((await accept(newest)).statusCode, 200, 'a link sent again works');
    assert.deepEqual(await auditActions(replaced.user.id), [
      'user.invite',
      'user.invite_resend',
      'user.invite_resend',
      'user.invitation_accept',
    ]);
  });

  it('disabling a user revokes every session of theirs at once; enabling lets them sign in again', async () => {
    const { user, token } = await invite('disabled@county.example.org');
    const first = sessionCookieOf(await accept(token));
    const second = await signIn('disabled@county.example.org', NEW_PASSWORD);
    const disabled = await send(admin, 'POST', `/api/v1/admin/users/${user.id}/disable`);
    assert.equal(disabled.statusCode, 200, disabled.body);
    assert.equal(disabled.json().status, 'disabled');
    for (const cookie of [first, second]) {
      assert.equal((await app.inject({ url: '/api/v1/me', headers: { cookie } })).statusCode, 401);
    }
    const live = await context.db.query('select 1 from sessions where user_id = $1 and revoked_at is null', [
      user.id,
    ]);
    assert.equal(live.length, 0, 'the sessions themselves are revoked, not only hidden');
    const refused = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'disabled@county.example.org', password: NEW_PASSWORD },
    });
    assert.equal(refused.statusCode, 401);
    assert.equal(
      (await send(admin, 'POST', `/api/v1/admin/users/${user.id}/enable`)).json().status,
      'active',
    );
    await signIn('disabled@county.example.org', NEW_PASSWORD);
    assert.deepEqual(
      (await auditActions(user.id)).filter((a) => a.startsWith('user.')),
      ['user.invite', 'user.invitation_accept', 'user.disable', 'user.enable'],
    );
  });

  it('keeps the last active administrator: no disabling or demoting them, until another one is active', async () => {
    const self = await send(admin, 'POST', `/api/v1/admin/users/${adminId}/disable`);
    assert.equal(self.statusCode, 409, self.body);
    assert.equal(self.json().error.code, 'LAST_ADMINISTRATOR');
    const demoted = await send(admin, 'PATCH', `/api/v1/admin/users/${adminId}`, { role: 'analyst' });
    assert.equal(demoted.json().error.code, 'LAST_ADMINISTRATOR');
    // An invited administrator who has not set a password cannot act yet: still the last one.
    const second = await invite('second.admin@county.example.org', { role: 'administrator' });
    assert.equal(
      (await send(admin, 'PATCH', `/api/v1/admin/users/${adminId}`, { role: 'analyst' })).statusCode,
      409,
    );
    const secondCookie = sessionCookieOf(await accept(second.token));
    const demotedNow = await send(admin, 'PATCH', `/api/v1/admin/users/${adminId}`, { role: 'analyst' });
    assert.equal(demotedNow.statusCode, 200, demotedNow.body);
    const back = await send(secondCookie, 'PATCH', `/api/v1/admin/users/${adminId}`, {
      role: 'administrator',
    });
    assert.equal(back.statusCode, 200, back.body);
    assert.equal((await auditActions(adminId)).filter((a) => a === 'user.update').length, 2);
    const entry = await context.db.query<{ details: { role: unknown } }>(
      `select details from audit_entries where subject_id = $1 and action = 'user.update' order by seq`,
      [adminId],
    );
    assert.deepEqual(entry[0]?.details.role, { from: 'administrator', to: 'analyst' });
  });

  it('refuses a service provider without an organization, and a program for a role that works in none', async () => {
    const provider = await send(admin, 'POST', '/api/v1/admin/users', {
      email: 'provider@clinic.example.org',
      display_name: 'Provider',
      role: 'service_provider',
    });
    assert.equal(provider.statusCode, 400, provider.body);
    assert.deepEqual(
      [provider.json().error.code, provider.json().error.details],
      ['VALIDATION_FAILED', { field: 'organization_id' }],
    );
    const analyst = await send(admin, 'POST', '/api/v1/admin/users', {
      email: 'program.analyst@county.example.org',
      display_name: 'Analyst',
      role: 'analyst',
      program_ids: [programId],
    });
    assert.deepEqual(analyst.json().error.details, { field: 'program_ids' });
    const none = await context.db.query("select 1 from users where email like 'pro%'");
    assert.equal(none.length, 0, 'nothing created');
  });

  it('sets program membership, changes role and organization, and lists users by filter', async () => {
    const { user } = await invite('worker@county.example.org', {
      role: 'outreach_worker',
      organization_id: organizationId,
      program_ids: [programId],
    });
    assert.deepEqual(user.programs, [{ id: programId, name: 'Harbor outreach' }]);
    assert.deepEqual(user.organization, { id: organizationId, name: 'County EMS' });
    const members = await context.db.query<{ active: boolean }>(
      'select active from outreach_program_members where user_id = $1',
      [user.id],
    );
    assert.deepEqual(members, [{ active: true }], 'a member row of the program names the user');
    const workers = await send(admin, 'GET', '/api/v1/admin/users?role=outreach_worker&status=invited');
    assert.deepEqual(
      workers.json().users.map((u: { email: string }) => u.email),
      ['worker@county.example.org'],
    );
    const moved = await send(admin, 'PATCH', `/api/v1/admin/users/${user.id}`, {
      role: 'analyst',
      display_name: 'Former worker',
    });
    assert.equal(moved.statusCode, 200, moved.body);
    assert.deepEqual([moved.json().role, moved.json().programs], ['analyst', []], 'left the program');
    const after = await context.db.query<{ active: boolean }>(
      'select active from outreach_program_members where user_id = $1',
      [user.id],
    );
    assert.deepEqual(after, [{ active: false }]);
    const byOrganization = await send(admin, 'GET', `/api/v1/admin/users?organization_id=${organizationId}`);
    assert.ok(
      byOrganization
        .json()
        .users.every((u: { organization: { id: string } }) => u.organization.id === organizationId),
    );
  });

  it('pages the list newest first with a cursor', async () => {
    const all = (await send(admin, 'GET', '/api/v1/admin/users?limit=200')).json().users;
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: LightMyRequestResponse = await send(
        admin,
        'GET',
        `/api/v1/admin/users?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      assert.equal(page.statusCode, 200, page.body);
      seen.push(...page.json().users.map((u: { id: string }) => u.id));
      cursor = page.json().next_cursor;
    } while (cursor);
    assert.deepEqual(
      seen,
      all.map((u: { id: string }) => u.id),
    );
    const times = all.map((u: { created_at: string }) => u.created_at);
    assert.deepEqual(times, [...times].sort().reverse());
  });

  it('lets only administrators manage users', async () => {
    const { token } = await invite('plain.analyst@county.example.org');
    const analyst = sessionCookieOf(await accept(token));
    for (const [method, url] of [
      ['GET', '/api/v1/admin/users'],
      ['GET', '/api/v1/admin/users/choices'],
      ['POST', `/api/v1/admin/users/${adminId}/disable`],
    ] as const) {
      const response = await send(analyst, method, url);
      assert.equal(response.statusCode, 403, `${method} ${url}: ${response.body}`);
    }
  });

  it("changes one's own password: the current one asked, other sessions revoked, audited", async () => {
    const { user, token } = await invite('changer@county.example.org');
    const here = sessionCookieOf(await accept(token));
    const elsewhere = await signIn('changer@county.example.org', NEW_PASSWORD);
    const wrong = await send(here, 'POST', '/api/v1/account/password', {
      current_password: 'not the password at all',
      new_password: 'a brand new passphrase here',
    });
    assert.deepEqual([wrong.statusCode, wrong.json().error.code], [400, 'CURRENT_PASSWORD_WRONG']);
    const weak = await send(here, 'POST', '/api/v1/account/password', {
      current_password: NEW_PASSWORD,
      new_password: 'password1234',
    });
    assert.equal(weak.json().error.code, 'PASSWORD_TOO_WEAK');
    const changed = await send(here, 'POST', '/api/v1/account/password', {
      current_password: NEW_PASSWORD,
      new_password: 'a brand new passphrase here',
    });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.deepEqual(changed.json(), { revoked_sessions: 1 });
    assert.equal((await app.inject({ url: '/api/v1/me', headers: { cookie: here } })).statusCode, 200);
    assert.equal((await app.inject({ url: '/api/v1/me', headers: { cookie: elsewhere } })).statusCode, 401);
    await signIn('changer@county.example.org', 'a brand new passphrase here');
    assert.deepEqual((await auditActions(user.id)).slice(2, 5), [
      'auth.login',
      'user.password_change_failed',
      'user.password_change',
    ]);
  });

  it('counts wrong current passwords as failed sign-ins of the account: a sixth try waits', async () => {
    const { token } = await invite('guessed@county.example.org');
    const here = sessionCookieOf(await accept(token));
    const change = (current: string) =>
      send(here, 'POST', '/api/v1/account/password', {
        current_password: current,
        new_password: 'a brand new passphrase here',
      });
    for (let i = 0; i < 5; i++) {
      assert.equal((await change(`wrong guess number ${i}`)).json().error.code, 'CURRENT_PASSWORD_WRONG');
    }
    const held = await change(NEW_PASSWORD);
    assert.deepEqual([held.statusCode, held.json().error.code], [429, 'RATE_LIMITED']);
    now = new Date(now.getTime() + 16 * 60_000);
    assert.equal((await change(NEW_PASSWORD)).statusCode, 200, 'the right password, once the wait is over');
  });
});
