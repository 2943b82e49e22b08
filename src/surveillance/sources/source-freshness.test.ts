import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { signInRoles } from '../../../test/support/sign-in.js';
import {
  describeEachEngine,
  openTestContext,
  seedJurisdiction,
} from '../../../test/support/test-databases.js';
import type { Jurisdiction, Organization } from '../../access/jurisdictions/jurisdiction.js';
import { insertOrganization } from '../../access/jurisdictions/jurisdiction-repository.js';
import { cliActor, type Role } from '../../access/roles.js';
import { ingestReports } from '../../intake/intake-service.js';
import { buildApp } from '../../main/app.js';
import type { AppContext } from '../../main/app-context.js';

interface Freshness {
  organization_id: string;
  last_received_at: string | null;
  newest_occurred_at: string | null;
  accepted_total: number;
}

describeEachEngine('source freshness: newest overdose and last arrival', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let cookies: Map<Role, string>;
  let jurisdiction: Jurisdiction;
  let organization: Organization;
  let now = new Date('2024-03-06T15:37:12.345Z');

  before(async () => {
    context = await openTestContext(engine, { clock: { now: () => now } });
    ({ jurisdiction, organization } = await seedJurisdiction(context.db, {
      organizationType: 'medical_examiner',
    }));
    app = await buildApp(context);
    cookies = await signInRoles(app, context, jurisdiction.id, ['analyst', 'harm_reduction_partner']);
  });
  after(async () => {
    await app.close();
    await context.dispose();
  });

  const importFile = (rows: Record<string, unknown>[]) =>
    ingestReports(context.intake, cliActor, {
      jurisdiction,
      organization,
      channel: 'csv',
      items: rows.map((fields) => ({ raw: fields, fields })),
    });
  const read = async (role: Role): Promise<Freshness> => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/sources',
      headers: { cookie: cookies.get(role) as string },
    });
    assert.equal(response.statusCode, 200, response.body);
    const mine = (response.json() as Freshness[]).find((s) => s.organization_id === organization.id);
    assert.ok(mine);
    return mine;
  };
  const place = { latitude: 41.7, longitude: -72.6, fatal: 'true' };

  it('shows a file of 2022 deaths arriving today as arrived today with its newest death in 2022', async () => {
    const results = await importFile([
      { ...place, source_record_id: 'd1', occurred_at: '2022-12-30T23:40:00-05:00' },
      // A date alone stands at noon local time (17:00Z in New York's winter).
      { ...place, source_record_id: 'd2', occurred_at: '2022-12-31' },
      { ...place, source_record_id: 'd3', occurred_at: '2022-06-01' },
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['accepted', 'accepted', 'accepted'],
    );
    const analyst = await read('analyst');
    assert.equal(analyst.newest_occurred_at, '2022-12-31T17:00:00.000Z');
    assert.equal(analyst.last_received_at, now.toISOString());
    const partner = await read('harm_reduction_partner');
    // Partners (T1): the local day of the newest overdose (midnight in New York), not its hour.
    assert.equal(partner.newest_occurred_at, '2022-12-31T05:00:00.000Z');
    assert.equal(partner.last_received_at, '2024-03-06T15:00:00.000Z');
  });

  it('keeps the newest overdose when later files bring older records, duplicates or rejected rows', async () => {
    // Within the sessions' idle time, in the next hour.
    now = new Date('2024-03-06T16:05:00Z');
    await importFile([
      { ...place, source_record_id: 'd0', occurred_at: '2021-01-15T08:00:00Z' },
      { ...place, source_record_id: 'd2', occurred_at: '2022-12-31' },
      { ...place, source_record_id: 'bad', occurred_at: '2025-13-45' },
    ]);
    const after = await read('analyst');
    assert.equal(after.newest_occurred_at, '2022-12-31T17:00:00.000Z');
    assert.equal(after.last_received_at, '2024-03-06T16:05:00.000Z');
    assert.equal(after.accepted_total, 4);
    // A correction moving a record later moves the newest overdose with it.
    await importFile([{ ...place, source_record_id: 'd3', occurred_at: '2023-01-02T10:20:00Z' }]);
    const partner = await read('harm_reduction_partner');
    assert.equal(partner.newest_occurred_at, '2023-01-02T05:00:00.000Z');
    assert.equal((await read('analyst')).newest_occurred_at, '2023-01-02T10:20:00.000Z');
  });

  it('fills in the newest overdose of sources that reported before the column, from their reports', async () => {
    // Found by name, not number: migrations are renumbered when branches merge.
    const folder = new URL('../../../../drizzle/', import.meta.url);
    const file = readdirSync(folder).find((f) => f.endsWith('_source_newest_overdose.sql'));
    assert.ok(file);
    const migration = readFileSync(new URL(file, folder), 'utf8');
    const backfill = migration.split('--> statement-breakpoint').at(-1) as string;
    await context.db.query('update source_activity set newest_occurred_at = null');
    await context.db.query(backfill);
    assert.equal((await read('analyst')).newest_occurred_at, '2023-01-02T10:20:00.000Z');
  });

  it('says nothing of a replica lag when every read comes from the primary (no DATABASE_READ_URL)', async () => {
    assert.equal(context.readDb, context.db);
    for (const role of ['analyst', 'harm_reduction_partner'] as const) {
      const response = await app.inject({
        method: 'GET',
        url: '/api/v1/sources/replica-lag',
        headers: { cookie: cookies.get(role) as string },
      });
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual(response.json(), { replica: null });
    }
    const anonymous = await app.inject({ method: 'GET', url: '/api/v1/sources/replica-lag' });
    assert.equal(anonymous.statusCode, 401);
  });
});

describeEachEngine('source freshness: every organization, latest arrival first', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let cookies: Map<Role, string>;
  let jurisdiction: Jurisdiction;
  let now = new Date('2024-05-01T12:00:00Z');

  before(async () => {
    context = await openTestContext(engine, { clock: { now: () => now } });
    ({ jurisdiction } = await seedJurisdiction(context.db));
    app = await buildApp(context);
    cookies = await signInRoles(app, context, jurisdiction.id, ['analyst']);
  });
  after(async () => {
    await app.close();
    await context.dispose();
  });

  it('lists the organizations that never reported after the others, by name, with nothing accepted', async () => {
    const add = async (name: string): Promise<Organization> => {
      const organization = { jurisdictionId: jurisdiction.id, id: crypto.randomUUID(), name, type: 'ems' };
      await insertOrganization(context.db, organization);
      return organization;
    };
    const [early, late] = [await add('Zeta EMS'), await add('Alpha ED')];
    await add('Mid Police');
    await add('Beta Clinic');
    const send = (organization: Organization, id: string) =>
      ingestReports(context.intake, cliActor, {
        jurisdiction,
        organization,
        channel: 'csv',
        items: [
          {
            raw: {},
            fields: {
              source_record_id: id,
              occurred_at: '2024-04-30T10:00:00Z',
              latitude: 41.7,
              longitude: -72.6,
            },
          },
        ],
      });
    await send(early, 'e1');
    now = new Date('2024-05-01T13:00:00Z');
    await send(late, 'l1');
    await send(late, 'l2');
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/sources',
      headers: { cookie: cookies.get('analyst') as string },
    });
    assert.equal(response.statusCode, 200, response.body);
    const rows = response.json() as (Freshness & { name: string })[];
    assert.deepEqual(
      rows.map((r) => [r.name, r.last_received_at, r.accepted_total]),
      [
        ['Alpha ED', '2024-05-01T13:00:00.000Z', 2],
        ['Zeta EMS', '2024-05-01T12:00:00.000Z', 1],
        ['Beta Clinic', null, 0],
        ['County EMS', null, 0],
        ['Mid Police', null, 0],
      ],
    );
  });
});
