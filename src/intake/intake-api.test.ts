import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import {
  describeEachEngine,
  openTestContext,
  seedJurisdiction,
  sharedData,
} from '../../test/support/test-databases.js';
import { cliActor } from '../access/roles.js';
import { buildApp } from '../main/app.js';
import type { AppContext } from '../main/app-context.js';
import { importLayer } from '../surveillance/layer-service.js';

describeEachEngine('POST /api/v1/reports', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let key: string;
  let jurisdictionId: string;

  before(async () => {
    context = await openTestContext(engine);
    const seeded = await seedJurisdiction(context.db);
    jurisdictionId = seeded.jurisdiction.id;
    ({ key } = await context.access.createApiKey(cliActor, {
      jurisdictionId,
      organizationId: seeded.organization.id,
      name: 'cad',
    }));
    app = await buildApp(context);
  });
  after(async () => {
    await app.close();
    await context.dispose();
  });

  const post = (payload: unknown, headers: Record<string, string> = { authorization: `Bearer ${key}` }) =>
    app.inject({ method: 'POST', url: '/api/v1/reports', payload: payload as object, headers });
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await context.db.query<{ n: number }>(sql, params))[0]?.n);

  it('accepts an ODMAP-like minimal report, writes overdose, rollups and an audit entry together', async () => {
    const auditBefore = await count('select count(*)::int as n from audit_entries');
    const response = await post({
      source_record_id: 'cad-1',
      occurred_at: '2024-05-03T22:15:00-04:00',
      latitude: 41.77,
      longitude: -72.68,
      fatal: false,
      naloxone_given: true,
      naloxone_doses: 2,
    });
    assert.equal(response.statusCode, 201, response.body);
    const body = response.json();
    assert.equal(body.status, 'accepted');
    assert.equal(body.version, 1);
    const [overdose] = await context.db.query<{
      occurred_date: string;
      naloxone_doses: number;
      h3_r7: string;
    }>('select occurred_date, naloxone_doses, h3_r7 from overdoses where id = $1', [body.overdose_id]);
    assert.equal(overdose?.occurred_date, '2024-05-03');
    assert.equal(overdose?.naloxone_doses, 2);
    assert.match(overdose?.h3_r7 ?? '', /^87/);
    assert.equal(
      await count(
        "select sum(count)::int as n from daily_area_counts where layer_id = '' and day = '2024-05-03'",
      ),
      1,
    );
    assert.equal(
      await count(
        "select sum(count)::int as n from daily_area_counts where layer_id = 'h3r7' and area_id = $1",
        [overdose?.h3_r7],
      ),
      1,
      'the H3 cell is counted as an area',
    );
    assert.equal(await count('select count(*)::int as n from audit_entries'), auditBefore + 1);
  });

  it('answers duplicate for the same record sent again, and stores a correction as a new version', async () => {
    const report = { source_record_id: 'cad-2', occurred_at: '2024-05-04', latitude: 41.3, longitude: -72.9 };
    assert.equal((await post(report)).statusCode, 201);
    const again = await post(report);
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().status, 'duplicate');
    const corrected = await post({ ...report, fatal: true });
    assert.equal(corrected.statusCode, 201);
    assert.equal(corrected.json().version, 2);
    assert.equal(corrected.json().overdose_id, again.json().overdose_id);
    assert.equal(await count("select count(*)::int as n from reports where source_record_id = 'cad-2'"), 2);
    const byFatal = await context.db.query<{ fatal: string; n: number }>(
      `select fatal, sum(count)::int as n from daily_area_counts
       where layer_id = '' and day = '2024-05-04' group by fatal order by fatal`,
    );
    assert.deepEqual(
      byFatal.filter((r) => r.n !== 0).map((r) => [r.fatal, r.n]),
      [['fatal', 1]],
    );
  });

  it('answers each report of a batch on its own, with field-level reasons', async () => {
    const good = {
      source_record_id: 'b-1',
      occurred_at: '2024-06-01T10:00',
      latitude: 41.5,
      longitude: -72.5,
    };
    const response = await post({
      reports: [
        good,
        { ...good, source_record_id: 'b-2', latitude: 'north' },
        { ...good, source_record_id: 'b-3', occurred_at: '2999-01-01' },
        { ...good, source_record_id: 'b-4', occurred_at: '1989-12-31' },
        { ...good, source_record_id: 'b-5', latitude: 95 },
        { ...good, source_record_id: 'b-6', latitude: 0, longitude: 0 },
        { ...good, source_record_id: 'b-7', sex: 'robot', substances: ['fentanyl', 'moon dust'] },
        { ...good, source_record_id: 'b-1' },
        { ...good, source_record_id: 'b-8', occurred_at: '2024-02-30' },
        { ...good, source_record_id: 'b-9', latitude: null, longitude: null },
        { ...good, source_record_id: 'b-10', fatal: 'maybe', naloxone_doses: 40 },
      ],
    });
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    const outcome = body.results.map((r: { status: string; problems: { field: string; code: string }[] }) => [
      r.status,
      r.problems.map((p) => `${p.field}:${p.code}`).join(','),
    ]);
    assert.deepEqual(outcome, [
      ['accepted', ''],
      ['rejected', 'latitude:INVALID_TYPE'],
      ['rejected', 'occurred_at:DATE_IN_FUTURE'],
      ['rejected', 'occurred_at:DATE_TOO_OLD'],
      ['rejected', 'latitude:LATITUDE_OUT_OF_RANGE'],
      ['rejected', 'latitude:NULL_ISLAND'],
      ['accepted', 'sex:UNKNOWN_VALUE,substances:UNKNOWN_VALUE'],
      ['rejected', 'source_record_id:DUPLICATE_IN_BATCH'],
      ['rejected', 'occurred_at:INVALID_DATE'],
      ['rejected', 'latitude:LOCATION_REQUIRED'],
      ['rejected', 'fatal:INVALID_TYPE,naloxone_doses:OUT_OF_RANGE'],
    ]);
    assert.deepEqual([body.accepted, body.duplicates, body.rejected], [2, 0, 9]);
    const [flagged] = await context.db.query<{ sex: string; substances: string[]; raw: { sex: string } }>(
      `select o.sex, o.substances, r.raw from reports r join overdoses o on o.id = r.overdose_id
       where r.source_record_id = 'b-7'`,
    );
    assert.equal(flagged?.sex, 'unknown', 'an unknown value is kept raw, normalized to unknown');
    assert.equal(flagged?.raw.sex, 'robot');
    assert.deepEqual(flagged?.substances, ['fentanyl']);
  });

  it('refuses a batch of more than 1,000 reports and a body over the size limit', async () => {
    const reports = Array.from({ length: 1001 }, (_, i) => ({
      source_record_id: `x${i}`,
      occurred_at: '2024-01-01',
    }));
    const tooMany = await post({ reports });
    assert.equal(tooMany.statusCode, 413);
    assert.equal(tooMany.json().error.code, 'BATCH_TOO_LARGE');
    const huge = await post({
      reports: [
        { source_record_id: 'big', occurred_at: '2024-01-01', narrative: 'x'.repeat(6 * 1024 * 1024) },
      ],
    });
    assert.equal(huge.statusCode, 413);
    assert.equal(huge.json().error.code, 'BODY_TOO_LARGE');
    assert.equal(
      await count("select count(*)::int as n from reports where source_record_id in ('x0', 'big')"),
      0,
    );
  });

  it('requires a valid API key or session and well-formed JSON', async () => {
    const report = { source_record_id: 'auth-1', occurred_at: '2024-01-01', latitude: 41, longitude: -72 };
    const anonymous = await post(report, {});
    assert.equal(anonymous.statusCode, 401);
    assert.equal(anonymous.json().error.code, 'UNAUTHENTICATED');
    const forged = await post(report, { authorization: 'Bearer sos_not-a-real-key' });
    assert.equal(forged.statusCode, 401);
    const broken = await app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      payload: '{"source_record_id": ',
    });
    assert.equal(broken.statusCode, 400);
    assert.equal(broken.json().error.code, 'VALIDATION_FAILED');
  });

  it('seals identifying details of the person apart from the overdose', async () => {
    const response = await post({
      source_record_id: 'p-1',
      occurred_at: '2024-07-01T08:00:00Z',
      latitude: 41.2,
      longitude: -73.1,
      person: { first_name: 'Ada', last_name: 'Quinlan', birth_date: '1990-02-03', phone: '555-0100' },
    });
    assert.equal(response.statusCode, 201, response.body);
    const [row] = await context.db.query<{ raw: { person: string }; key_id: string; sealed: Uint8Array }>(
      `select r.raw, p.key_id, p.sealed from reports r join persons p on p.id = r.person_id
       where r.source_record_id = 'p-1'`,
    );
    assert.ok(row);
    assert.equal(row.raw.person, '[sealed]');
    assert.ok(!Buffer.from(row.sealed).toString('latin1').includes('Quinlan'), 'no plaintext at rest');
    assert.deepEqual(context.keyring.open(row.key_id, row.sealed), {
      first_name: 'Ada',
      last_name: 'Quinlan',
      birth_date: '1990-02-03',
      phone: '555-0100',
    });
    const overdoseColumns = await context.db.query<{ column_name: string }>(
      "select column_name from information_schema.columns where table_name = 'overdoses'",
    );
    assert.ok(!overdoseColumns.some((c) => /name|birth|phone|person/.test(c.column_name)));
  });
  it('seals the persons of a batch in one go, each one opening to its own details', async () => {
    const people = [
      { first_name: 'Ada', last_name: 'Byrne', birth_date: '1980-01-02' },
      { first_name: 'Bo', last_name: 'Chen', birth_date: '1975-05-06' },
      { first_name: 'Cy', last_name: 'Dunn' },
    ];
    const response = await post({
      reports: people.map((person, i) => ({
        source_record_id: `bulk-${i}`,
        occurred_at: '2024-07-02T08:00:00Z',
        latitude: 41.2,
        longitude: -73.1,
        person,
      })),
    });
    assert.equal(response.statusCode, 200, response.body);
    const rows = await context.db.query<{ key_id: string; sealed: Uint8Array; has_match_key: boolean }>(
      `select p.key_id, p.sealed, p.match_key is not null as has_match_key
       from reports r join persons p on p.id = r.person_id
       where r.source_record_id like 'bulk-%' order by r.source_record_id`,
    );
    assert.deepEqual(
      rows.map((r) => context.keyring.open(r.key_id, r.sealed)),
      people,
    );
    assert.deepEqual(
      rows.map((r) => r.has_match_key),
      [true, true, false],
      'a person without a birth date is not matched',
    );
  });

  it('flags a point outside every town of the jurisdiction in the answer, and keeps the report', async () => {
    const seeded = await seedJurisdiction(context.db);
    const { key: ctKey } = await context.access.createApiKey(cliActor, {
      jurisdictionId: seeded.jurisdiction.id,
      organizationId: seeded.organization.id,
      name: 'ct',
    });
    const submit = (id: string, latitude: number, longitude: number) =>
      post(
        { reports: [{ source_record_id: id, occurred_at: '2024-07-03T08:00:00Z', latitude, longitude }] },
        { authorization: `Bearer ${ctKey}` },
      );
    const codes = (body: { results: { problems: { code: string }[] }[] }) =>
      body.results[0]?.problems.map((p) => p.code);
    const before = (await submit('edge-0', 42.028, -72.6)).json();
    assert.deepEqual(codes(before), [], 'no layer: nothing to be outside of');
    await importLayer(context, cliActor, {
      jurisdiction: seeded.jurisdiction,
      geojsonPath: sharedData('geo', 'ct_towns.geojson'),
      name: 'Towns',
      idProperty: 'name',
    });
    const inside = (await submit('edge-1', 42.024, -72.6)).json();
    assert.deepEqual([inside.accepted, codes(inside)], [1, []]);
    const outside = (await submit('edge-2', 42.028, -72.6)).json();
    assert.deepEqual([outside.accepted, codes(outside)], [1, ['OUTSIDE_JURISDICTION']]);
    assert.equal(outside.results[0].problems[0].severity, 'flag');
    assert.match(outside.results[0].problems[0].message, /\(42\.028, -72\.6\)/);
  });
});
