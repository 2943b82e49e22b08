import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createUser } from '../../../test/support/outreach-lifecycle-fixtures.js';
import { OWN_ORIGIN } from '../../../test/support/sign-in.js';
import {
  describeEachEngine,
  openTestContext,
  seedJurisdiction,
} from '../../../test/support/test-databases.js';
import { buildApp } from '../../main/app.js';
import type { AppContext } from '../../main/app-context.js';
import { findOrganization } from '../jurisdictions/jurisdiction-service.js';

describeEachEngine('organizations administration API', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let jurisdictionId: string;
  let admin: Awaited<ReturnType<typeof createUser>>;
  let analyst: Awaited<ReturnType<typeof createUser>>;
  let otherAdmin: Awaited<ReturnType<typeof createUser>>;

  const call = (cookie: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    app.inject({ method, url, headers: { cookie, origin: OWN_ORIGIN }, ...(payload ? { payload } : {}) });
  const medic = {
    name: 'Dana Reyes',
    role: 'Medical director',
    email: 'dreyes@ems.example.org',
    phone: '+1 (860) 555-0134',
  };

  before(async () => {
    context = await openTestContext(engine);
    app = await buildApp(context);
    const seeded = await seedJurisdiction(context.db);
    jurisdictionId = seeded.jurisdiction.id;
    admin = await createUser(context, jurisdictionId, 'administrator', app);
    analyst = await createUser(context, jurisdictionId, 'analyst', app);
    otherAdmin = await createUser(
      context,
      (await seedJurisdiction(context.db)).jurisdiction.id,
      'administrator',
      app,
    );
  });
  after(async () => {
    await app.close();
    await context.dispose();
  });

  it('creates an organization with contacts and an intake profile, lists it, and audits without the contacts', async () => {
    const created = await call(admin.cookie, 'POST', '/api/v1/admin/organizations', {
      name: '  Harbor Fire  ',
      type: 'fire',
      contacts: [medic, { name: 'Night desk', phone: '860-555-0199 ext 4' }],
      allowed_raw_keys: ['unit_id', ' unit_id', 'crew'],
    });
    assert.equal(created.statusCode, 201, created.body);
    const body = created.json();
    assert.equal(body.name, 'Harbor Fire');
    assert.deepEqual(body.contacts, [
      medic,
      { name: 'Night desk', role: null, email: null, phone: '860-555-0199 ext 4' },
    ]);
    assert.deepEqual(body.allowed_raw_keys, ['unit_id', 'crew']);
    // The intake reads the same organization, with its profile.
    const stored = await findOrganization(context.db, jurisdictionId, body.id);
    assert.deepEqual(stored?.allowedRawKeys, ['unit_id', 'crew']);
    const list = (await call(admin.cookie, 'GET', '/api/v1/admin/organizations')).json();
    assert.deepEqual(
      list.organizations.map((o: { name: string }) => o.name),
      ['County EMS', 'Harbor Fire'],
    );
    assert.ok(list.types.includes('medical_examiner'));
    const [entry] = await context.db.query<{ action: string; details: Record<string, unknown> }>(
      `select action, details from audit_entries where jurisdiction_id = $1 and subject_id = $2`,
      [jurisdictionId, body.id],
    );
    assert.equal(entry?.action, 'organization.create');
    assert.deepEqual(entry?.details, { name: 'Harbor Fire', type: 'fire', contacts: 2 });
  });

  it('edits only the fields given; contacts given replace the list', async () => {
    const { id } = (
      await call(admin.cookie, 'POST', '/api/v1/admin/organizations', {
        name: 'Mercy ED',
        type: 'hospital',
        contacts: [medic],
      })
    ).json();
    const renamed = await call(admin.cookie, 'PATCH', `/api/v1/admin/organizations/${id}`, {
      name: 'Mercy Hospital ED',
    });
    assert.equal(renamed.statusCode, 200, renamed.body);
    assert.equal(renamed.json().type, 'hospital');
    assert.deepEqual(renamed.json().contacts, [medic]);
    const emptied = await call(admin.cookie, 'PATCH', `/api/v1/admin/organizations/${id}`, {
      contacts: [],
      type: 'other',
    });
    assert.deepEqual(emptied.json().contacts, []);
    assert.equal(emptied.json().type, 'other');
    assert.equal(emptied.json().name, 'Mercy Hospital ED');
    const audit = await context.db.query<{ details: { fields: string[] } }>(
      `select details from audit_entries where subject_id = $1 and action = 'organization.update' order by seq`,
      [id],
    );
    assert.deepEqual(
      audit.map((a) => a.details.fields),
      [['name'], ['contacts', 'type']],
    );
  });

  it('refuses a type outside the vocabulary and a bad contact, naming the field', async () => {
    const badType = await call(admin.cookie, 'POST', '/api/v1/admin/organizations', {
      name: 'X',
      type: 'bakery',
    });
    assert.equal(badType.statusCode, 400);
    assert.match(badType.body, /type/);
    const badEmail = await call(admin.cookie, 'POST', '/api/v1/admin/organizations', {
      name: 'X',
      type: 'ems',
      contacts: [{ name: 'A', email: 'not an email' }],
    });
    assert.equal(badEmail.statusCode, 400);
    assert.match(badEmail.body, /contacts\.0\.email|contacts\/0\/email/);
    const badPhone = await call(admin.cookie, 'POST', '/api/v1/admin/organizations', {
      name: 'X',
      type: 'ems',
      contacts: [{ name: 'A', phone: 'call me' }],
    });
    assert.equal(badPhone.statusCode, 400);
  });

  it('lets only administrators manage organizations, each in their own jurisdiction', async () => {
    const { id } = (
      await call(admin.cookie, 'POST', '/api/v1/admin/organizations', { name: 'Ours', type: 'police' })
    ).json();
    assert.equal((await call(analyst.cookie, 'GET', '/api/v1/admin/organizations')).statusCode, 403);
    assert.equal(
      (await call(analyst.cookie, 'POST', '/api/v1/admin/organizations', { name: 'Y', type: 'ems' }))
        .statusCode,
      403,
    );
    const theirs = await call(otherAdmin.cookie, 'PATCH', `/api/v1/admin/organizations/${id}`, {
      name: 'Taken',
    });
    assert.equal(theirs.statusCode, 404, theirs.body);
    const names = (await call(otherAdmin.cookie, 'GET', '/api/v1/admin/organizations'))
      .json()
      .organizations.map((o: { name: string }) => o.name);
    assert.deepEqual(names, ['County EMS']);
  });
});
