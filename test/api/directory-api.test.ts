import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { insertOrganization } from '../../src/access/jurisdictions/jurisdiction-repository.js';
import { cliActor, type Role } from '../../src/access/roles.js';
import { buildApp } from '../../src/main/app.js';
import type { AppContext } from '../../src/main/app-context.js';
import { seedDirectoryService } from '../support/care-fixtures.js';
import { OWN_ORIGIN, TEST_PASSWORD } from '../support/sign-in.js';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../support/test-databases.js';

describeEachEngine('the directory edit API', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let jurisdictionId: string;
  let providerA: string;
  let providerB: string;
  let serviceId: string;
  const cookies = new Map<string, string>();

  async function signIn(name: string, role: Role, organizationId: string | null) {
    const email = `${name}.${jurisdictionId}@example.org`;
    await context.access.createUser(cliActor, {
      jurisdictionId,
      email,
      displayName: name,
      role,
      organizationId,
      password: TEST_PASSWORD,
    });
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: TEST_PASSWORD },
    });
    assert.equal(login.statusCode, 200, login.body);
    cookies.set(name, String(login.headers['set-cookie']).split(';')[0] as string);
  }

  before(async () => {
    context = await openTestContext(engine);
    jurisdictionId = (await seedJurisdiction(context.db)).jurisdiction.id;
    providerA = randomUUID();
    providerB = randomUUID();
    for (const [id, name] of [
      [providerA, 'Harbor Health'],
      [providerB, 'Elm Street Recovery'],
    ] as const) {
      await insertOrganization(context.db, { jurisdictionId, id, name, type: 'treatment_provider' });
    }
    serviceId = (
      await seedDirectoryService(context.db, jurisdictionId, { providerOrganizationId: providerA })
    ).serviceId;
    app = await buildApp(context);
    await signIn('analyst', 'analyst', null);
    await signIn('worker', 'outreach_worker', null);
    await signIn('providerA', 'service_provider', providerA);
    await signIn('providerB', 'service_provider', providerB);
  });
  after(async () => {
    await app.close();
    await context.dispose();
  });

  const send = (who: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: unknown) =>
    app.inject({
      method,
      url: `/api/v1/directory/services${url}`,
      headers: { cookie: cookies.get(who) ?? '', origin: OWN_ORIGIN },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  async function auditOf(action: string, subjectId: string) {
    return context.db.query<{ actor_id: string; details: unknown }>(
      `select actor_id, details from audit_entries
       where jurisdiction_id = $1 and action = $2 and subject_id = $3 order by seq`,
      [jurisdictionId, action, subjectId],
    );
  }

  it('reads one service for every directory reader, and answers 404 for an unknown one', async () => {
    const read = await send('worker', 'GET', `/${serviceId}`);
    assert.equal(read.statusCode, 200, read.body);
    const service = read.json();
    assert.equal(service.name, 'Harbor Recovery Clinic');
    assert.equal(service.organization.name, 'Harbor Recovery Clinic Inc.');
    assert.deepEqual(service.capacity, { status: 'available', waitlist_days: null, updated_at: null });
    assert.equal(service.provider_organization_id, providerA);
    assert.equal(service.open_now, null);
    assert.equal((await send('worker', 'GET', `/${randomUUID()}`)).statusCode, 404);
    assert.equal(
      (await app.inject({ method: 'GET', url: `/api/v1/directory/services/${serviceId}` })).statusCode,
      401,
    );
  });

  it('lets curators change a service, audited, and refuses roles without directory.manage', async () => {
    const refused = await send('worker', 'PATCH', `/${serviceId}`, { name: 'Renamed' });
    assert.equal(refused.statusCode, 403, refused.body);
    assert.equal(
      (await send('providerA', 'PATCH', `/${serviceId}`, { part2_program: true })).statusCode,
      403,
    );
    const changed = await send('analyst', 'PATCH', `/${serviceId}`, {
      name: 'Harbor Recovery Center',
      needs: ['moud', 'recovery_coach'],
      part2_program: true,
      walk_in_hours: 'Mon-Fri 8-11 am',
    });
    assert.equal(changed.statusCode, 200, changed.body);
    const body = changed.json();
    assert.equal(body.name, 'Harbor Recovery Center');
    assert.deepEqual(body.needs, ['moud', 'recovery_coach']);
    assert.equal(body.part2_program, true);
    assert.deepEqual(body.moud, ['buprenorphine']);
    const audit = await auditOf('directory.service_change', serviceId);
    assert.equal(audit.length, 1);
    assert.deepEqual(audit[0]?.details, { fields: ['name', 'needs', 'part2_program', 'walk_in_hours'] });
    const unknown = await send('analyst', 'PATCH', `/${serviceId}`, {
      provider_organization_id: randomUUID(),
    });
    assert.equal(unknown.statusCode, 400);
    assert.equal(unknown.json().error.details.field, 'provider_organization_id');
  });

  it('adds a service with a new organization, a located address and a phone', async () => {
    const created = await send('analyst', 'POST', '', {
      name: 'Eastside Syringe Services',
      organization_name: 'Eastside Harm Reduction',
      address: { address_1: '12 Main Street', city: 'Hartford', state_province: 'CT', postal_code: '06103' },
      latitude: 41.7658,
      longitude: -72.6734,
      phone: '860-555-0100',
      needs: ['syringe_services', 'naloxone'],
    });
    assert.equal(created.statusCode, 201, created.body);
    const service = created.json();
    assert.equal(service.organization.name, 'Eastside Harm Reduction');
    assert.equal(service.locations[0].address, '12 Main Street, Hartford, CT 06103');
    assert.equal(service.locations[0].latitude, 41.7658);
    assert.deepEqual(service.phones, [{ number: '860-555-0100', type: null }]);
    assert.equal((await send('worker', 'GET', `/${service.id}`)).json().name, 'Eastside Syringe Services');
    assert.equal((await auditOf('directory.service_create', service.id)).length, 1);
    const both = await send('analyst', 'POST', '', {
      name: 'X',
      organization_name: 'Y',
      organization_id: 'z',
    });
    assert.equal(both.statusCode, 400);
  });

  it("lets a provider update its own services' capacity only, audited", async () => {
    const own = await send('providerA', 'PUT', `/${serviceId}/capacity`, {
      status: 'waitlist',
      waitlist_days: 5,
    });
    assert.equal(own.statusCode, 200, own.body);
    assert.equal(own.json().capacity.status, 'waitlist');
    assert.equal(own.json().capacity.waitlist_days, 5);
    assert.ok(own.json().capacity.updated_at);
    const other = await send('providerB', 'PUT', `/${serviceId}/capacity`, { status: 'full' });
    assert.equal(other.statusCode, 403, other.body);
    assert.equal((await send('worker', 'PUT', `/${serviceId}/capacity`, { status: 'full' })).statusCode, 403);
    const curator = await send('analyst', 'PUT', `/${serviceId}/capacity`, { status: 'available' });
    assert.equal(curator.json().capacity.waitlist_days, null);
    const audit = await auditOf('directory.capacity_update', serviceId);
    assert.equal(audit.length, 2);
    assert.deepEqual(audit[0]?.details, { status: 'waitlist', waitlist_days: 5 });
    assert.equal((await send('worker', 'GET', `/${serviceId}`)).json().capacity.status, 'available');
  });
});
