import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { insertOrganization } from '../../src/access/jurisdictions/jurisdiction-repository.js';
import { cliActor } from '../../src/access/roles.js';
import { buildApp } from '../../src/main/app.js';
import type { AppContext } from '../../src/main/app-context.js';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../support/test-databases.js';

// Identifiers sent outside `person` must not reach the report's raw payload (a T2 table).
describeEachEngine('extra keys of a report payload', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let key: string;
  let jurisdictionId: string;

  before(async () => {
    context = await openTestContext(engine);
    const seeded = await seedJurisdiction(context.db);
    jurisdictionId = seeded.jurisdiction.id;
    // Its intake profile lets the raw payload keep the unit that responded, and nothing else.
    const organization = {
      jurisdictionId,
      id: randomUUID(),
      name: 'Fire',
      type: 'fire',
      allowedRawKeys: ['unit', 'ssn'],
    };
    await insertOrganization(context.db, organization);
    ({ key } = await context.access.createApiKey(cliActor, {
      jurisdictionId,
      organizationId: organization.id,
      name: 'cad',
    }));
    app = await buildApp(context);
  });
  after(async () => {
    await app.close();
    await context.dispose();
  });

  const post = (payload: unknown) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: payload as object,
      headers: { authorization: `Bearer ${key}` },
    });

  it('seals person fields with the person, keeps allowed keys, drops the rest, and says so', async () => {
    const payload = {
      source_record_id: 'x-1',
      occurred_at: '2024-07-01T08:00:00Z',
      latitude: 41.2,
      longitude: -73.1,
      first_name: 'Ada',
      ssn: '123-45-6789',
      DateOfBirth: '1990-02-03',
      unit: 'E7',
      crew_notes: 'called by neighbour',
    };
    const response = await post(payload);
    assert.equal(response.statusCode, 201, response.body);
    const body = response.json();
    assert.deepEqual(body.sealed_keys, ['first_name', 'ssn', 'DateOfBirth']);
    assert.deepEqual(body.dropped_keys, ['crew_notes']);
    const [row] = await context.db.query<{ raw: unknown; key_id: string; sealed: Uint8Array }>(
      `select r.raw::text as raw, p.key_id, p.sealed from reports r join persons p on p.id = r.person_id
       where r.jurisdiction_id = $1 and r.source_record_id = 'x-1'`,
      [jurisdictionId],
    );
    assert.ok(row, 'a person is sealed for the identifiers');
    assert.deepEqual(JSON.parse(row.raw as string), {
      source_record_id: 'x-1',
      occurred_at: '2024-07-01T08:00:00Z',
      latitude: 41.2,
      longitude: -73.1,
      unit: 'E7',
    });
    assert.deepEqual(context.keyring.open(row.key_id, row.sealed), {
      other: { first_name: 'Ada', ssn: '123-45-6789', DateOfBirth: '1990-02-03' },
    });
    const again = await post(payload);
    assert.equal(again.statusCode, 200, 'the same payload sent again is still a duplicate');
    assert.equal(again.json().status, 'duplicate');
  });

  it('answers per report in a batch, and keeps a person object sealed beside the extra identifiers', async () => {
    const response = await post({
      reports: [
        {
          source_record_id: 'x-2',
          occurred_at: '2024-07-01',
          address: '1 Main St',
          person: { last_name: 'Quinlan' },
          phone: '555-0100',
        },
        { source_record_id: 'x-3', occurred_at: '2024-07-01', address: '2 Main St', unit: 'M2' },
      ],
    });
    assert.equal(response.statusCode, 200, response.body);
    const [first, second] = response.json().results;
    assert.deepEqual([first.sealed_keys, first.dropped_keys], [['phone'], undefined]);
    assert.deepEqual([second.sealed_keys, second.dropped_keys], [undefined, undefined]);
    const [row] = await context.db.query<{ raw: string; key_id: string; sealed: Uint8Array }>(
      `select r.raw::text as raw, p.key_id, p.sealed from reports r join persons p on p.id = r.person_id
       where r.jurisdiction_id = $1 and r.source_record_id = 'x-2'`,
      [jurisdictionId],
    );
    assert.ok(row);
    assert.deepEqual(JSON.parse(row.raw), {
      source_record_id: 'x-2',
      occurred_at: '2024-07-01',
      address: '1 Main St',
      person: '[sealed]',
    });
    assert.deepEqual(context.keyring.open(row.key_id, row.sealed), {
      last_name: 'Quinlan',
      other: { phone: '555-0100' },
    });
  });
});
