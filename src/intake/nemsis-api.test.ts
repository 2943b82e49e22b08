import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { OWN_ORIGIN, signInRoles } from '../../test/support/sign-in.js';
import {
  describeEachEngine,
  openTestContext,
  seedJurisdiction,
  sharedData,
} from '../../test/support/test-databases.js';
import { cliActor } from '../access/roles.js';
import { buildApp } from '../main/app.js';
import type { AppContext } from '../main/app-context.js';

const document = (file: string) => readFileSync(sharedData('nemsis', file), 'utf8');

describeEachEngine('POST /api/v1/reports/nemsis', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let key: string;
  let jurisdictionId: string;
  let organizationId: string;
  const maxBytes = 64 * 1024;

  before(async () => {
    context = await openTestContext(engine, { config: { nemsisMaxBytes: maxBytes } });
    const seeded = await seedJurisdiction(context.db);
    jurisdictionId = seeded.jurisdiction.id;
    organizationId = seeded.organization.id;
    ({ key } = await context.access.createApiKey(cliActor, {
      jurisdictionId: seeded.jurisdiction.id,
      organizationId: seeded.organization.id,
      name: 'epcr',
    }));
    app = await buildApp(context);
  });
  after(async () => {
    await app.close();
    await context.dispose();
  });

  const post = (payload: string, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/reports/nemsis',
      payload,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/xml', ...headers },
    });

  it('accepts a document with an API key, and the same document again is a duplicate', async () => {
    const first = await post(document('2025-EMS-3-MVC_v351.xml'));
    assert.equal(first.statusCode, 200, first.body);
    assert.deepEqual(first.json(), {
      read: 1,
      accepted: 1,
      duplicates: 0,
      rejected: 0,
      definitions: {},
      records: [],
      unlisted_records: 0,
    });
    const again = await post(document('2025-EMS-3-MVC_v351.xml'), {
      'content-type': 'text/xml; charset=utf-8',
    });
    assert.equal(again.statusCode, 200, again.body);
    assert.deepEqual([again.json().accepted, again.json().duplicates], [0, 1]);
  });

  it('answers a rejected record with its elements and PatientCareReport named, not a failure', async () => {
    const response = await post(document('fail/2025-EMS-FailSchematron_v351.xml'));
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.equal(body.rejected, 1);
    assert.equal(body.records[0].source_record_id, '2025-EMS-5-CPMIH_v351');
    assert.deepEqual(
      body.records[0].problems.map((p: { field: string }) => p.field),
      ['eSituation.10', 'eProcedures.03'],
    );
  });

  it('takes a document from a signed-in submitter for their organization, not from a public safety analyst', async () => {
    const cookies = await signInRoles(
      app,
      context,
      jurisdictionId,
      ['submitter', 'public_safety_analyst'],
      organizationId,
    );
    const asUser = (role: 'submitter' | 'public_safety_analyst') =>
      app.inject({
        method: 'POST',
        url: '/api/v1/reports/nemsis',
        payload: document('2025-EMS-4-eBike_v351.xml'),
        headers: {
          cookie: cookies.get(role) as string,
          origin: OWN_ORIGIN,
          'content-type': 'application/xml',
        },
      });
    const submitted = await asUser('submitter');
    assert.equal(submitted.statusCode, 200, submitted.body);
    assert.equal(submitted.json().accepted, 1);
    const refused = await asUser('public_safety_analyst');
    assert.equal(refused.statusCode, 403, refused.body);
    assert.equal(refused.json().error.code, 'FORBIDDEN');
  });

  it('refuses hostile, malformed, oversized and non-XML bodies with their codes, never a 500', async () => {
    const hostile = await post(`<!DOCTYPE x [<!ENTITY a "b">]>${document('2025-EMS-5-CPMIH_v351.xml')}`);
    assert.equal(hostile.statusCode, 400, hostile.body);
    assert.equal(hostile.json().error.code, 'XML_HOSTILE');
    const malformed = await post('<EMSDataSet><Header><PatientCareReport></Header>');
    assert.equal(malformed.statusCode, 400, malformed.body);
    assert.equal(malformed.json().error.code, 'XML_MALFORMED');
    const large = await post(
      document('2025-EMS-3-MVC_v351.xml').replace('<Header>', `<Header>${' '.repeat(maxBytes)}`),
    );
    assert.equal(large.statusCode, 413, large.body);
    assert.equal(large.json().error.code, 'BODY_TOO_LARGE');
    // Sent in chunks without a length, the limit is counted while reading.
    const chunks = [
      document('2025-EMS-3-MVC_v351.xml').replace('<Header>', `<Header>${' '.repeat(maxBytes)}`),
    ];
    const streamed = await app.inject({
      method: 'POST',
      url: '/api/v1/reports/nemsis',
      payload: Readable.from(chunks.map((c) => Buffer.from(c))),
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/xml' },
    });
    assert.equal(streamed.statusCode, 413, streamed.body);
    assert.equal(streamed.json().error.code, 'BODY_TOO_LARGE');
    const json = await app.inject({
      method: 'POST',
      url: '/api/v1/reports/nemsis',
      payload: { reports: [] },
      headers: { authorization: `Bearer ${key}` },
    });
    assert.equal(json.statusCode, 400, json.body);
    assert.equal(json.json().error.code, 'VALIDATION_FAILED');
    const anonymous = await post(document('2025-EMS-5-CPMIH_v351.xml'), { authorization: '' });
    assert.equal(anonymous.statusCode, 401, anonymous.body);
  });
});
