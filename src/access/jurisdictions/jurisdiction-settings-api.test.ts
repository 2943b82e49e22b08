import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { OWN_ORIGIN, signInRoles } from '../../../test/support/sign-in.js';
import {
  describeEachEngine,
  openTestContext,
  seedJurisdiction,
} from '../../../test/support/test-databases.js';
import { buildApp } from '../../main/app.js';
import type { AppContext } from '../../main/app-context.js';

describeEachEngine('the jurisdiction settings', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let jurisdictionId: string;
  let admin: string;
  let analyst: string;

  before(async () => {
    context = await openTestContext(engine);
    jurisdictionId = (
      await seedJurisdiction(context.db, { timeZone: 'America/New_York', sessionLifetimes: 'default' })
    ).jurisdiction.id;
    app = await buildApp(context);
    const cookies = await signInRoles(app, context, jurisdictionId, ['administrator', 'analyst']);
    admin = cookies.get('administrator') as string;
    analyst = cookies.get('analyst') as string;
  });
  after(async () => {
    await app.close();
    await context.dispose();
  });

  const read = (cookie = admin) =>
    app.inject({ method: 'GET', url: '/api/v1/admin/jurisdiction', headers: { cookie } });
  const change = (payload: object, cookie = admin) =>
    app.inject({
      method: 'PATCH',
      url: '/api/v1/admin/jurisdiction',
      headers: { cookie, origin: OWN_ORIGIN },
      payload,
    });
  const updates = () =>
    context.db.query<{ actor_type: string; details: { changed: Record<string, unknown> } }>(
      `select actor_type, details from audit_entries where jurisdiction_id = $1 and action = 'jurisdiction.update'
       order by seq`,
      [jurisdictionId],
    );

  it('shows the time zone, publication settings, MFA, privacy contact and each lifetime with its default', async () => {
    const response = await read();
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.deepEqual(
      [body.time_zone, body.public_k, body.partner_k, body.public_min_population, body.mfa_required],
      ['America/New_York', 10, 1, 20000, false],
    );
    assert.equal(body.privacy_contact_email, null);
    assert.deepEqual(body.session_lifetimes.t3, {
      idle_minutes: null,
      absolute_minutes: null,
      default_idle_minutes: 15,
      default_absolute_minutes: 480,
    });
    assert.equal(body.session_lifetimes.t2.default_idle_minutes, 30);
  });

  it('refuses a time zone that does not exist, naming the field, and changes nothing', async () => {
    const response = await change({ time_zone: 'America/Springfield', public_k: 11 });
    assert.equal(response.statusCode, 400, response.body);
    assert.deepEqual(
      [response.json().error.code, response.json().error.details.field],
      ['VALIDATION_FAILED', 'time_zone'],
    );
    assert.match(response.json().error.message, /America\/Springfield/);
    assert.equal(
      (await read()).json().public_k,
      10,
      'the valid field of the refused change was not kept either',
    );
    assert.deepEqual(await updates(), []);
  });

  it('refuses an idle timeout longer than the absolute lifetime, and values out of bounds', async () => {
    const longer = await change({ session_lifetimes: { t3: { idle_minutes: 600 } } });
    assert.deepEqual(
      [longer.statusCode, longer.json().error.details.field],
      [400, 'session_lifetimes.t3.idle_minutes'],
    );
    const tiny = await change({ session_lifetimes: { t2: { idle_minutes: 1 } } });
    assert.equal(tiny.statusCode, 400);
    assert.deepEqual(
      tiny.json().error.details.map((d: { field: string }) => d.field),
      ['session_lifetimes.t2.idle_minutes'],
    );
    const k = await change({ public_k: 1 });
    assert.deepEqual(
      k.json().error.details.map((d: { field: string }) => d.field),
      ['public_k'],
    );
    const email = await change({ privacy_contact_email: 'not an email' });
    assert.equal(email.statusCode, 400);
    assert.deepEqual(await updates(), []);
  });

  it('refuses other roles', async () => {
    assert.equal((await read(analyst)).statusCode, 403);
    assert.equal((await change({ public_k: 12 }, analyst)).statusCode, 403);
  });

  it('saves a change and audits exactly the fields that changed, with their old and new values', async () => {
    const response = await change({
      time_zone: 'America/Chicago',
      public_k: 10,
      privacy_contact_email: 'privacy@county.example',
      session_lifetimes: { t3: { idle_minutes: 10 }, other: { absolute_minutes: null } },
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json(), (await read()).json());
    assert.equal(response.json().session_lifetimes.t3.idle_minutes, 10);
    const [entry, ...more] = await updates();
    assert.deepEqual(more, []);
    assert.deepEqual(entry, {
      actor_type: 'user',
      details: {
        changed: {
          time_zone: { from: 'America/New_York', to: 'America/Chicago' },
          privacy_contact_email: { from: null, to: 'privacy@county.example' },
          'session_lifetimes.t3.idle_minutes': { from: null, to: 10 },
        },
      },
    });
    const same = await change({ time_zone: 'America/Chicago' });
    assert.equal(same.statusCode, 200);
    assert.equal((await updates()).length, 1, 'a change to the same values is no change');
  });

  it('requires a second factor of the administrator too, once MFA is required', async () => {
    const response = await change({ mfa_required: true });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().mfa_required, true);
    const after = await read();
    assert.deepEqual([after.statusCode, after.json().error.code], [403, 'MFA_REQUIRED']);
  });
});
