import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { ManualTime } from '../../test/support/manual-time.js';
import { OWN_ORIGIN, signInRoles } from '../../test/support/sign-in.js';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import { TWO_TOWNS, writeTwoTowns } from '../../test/support/two-towns.js';
import { addOrganization } from '../access/jurisdictions/jurisdiction-service.js';
import { cliActor, type Role } from '../access/roles.js';
import { buildApp } from '../main/app.js';
import type { AppContext } from '../main/app-context.js';
import { importLayer } from '../surveillance/layer-service.js';

describeEachEngine('drug-checking results: intake, area x week, CSV quarantine, access', (engine) => {
  const time = new ManualTime(new Date('2026-11-02T15:00:00Z'));
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let dir: string;
  let jurisdictionId: string;
  let orgA: string;
  let orgB: string;
  let key: string;
  let cookies: Map<Role, string>;
  let submitterB: string;

  const call = (who: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({
      method,
      url,
      headers:
        who === 'key'
          ? { authorization: `Bearer ${key}` }
          : {
              cookie: (who === 'submitterB' ? submitterB : cookies.get(who as Role)) as string,
              origin: OWN_ORIGIN,
            },
      ...(payload ? { payload } : {}),
    });

  before(async () => {
    context = await openTestContext(engine, { clock: time });
    const seeded = await seedJurisdiction(context.db, { organizationType: 'harm_reduction' });
    jurisdictionId = seeded.jurisdiction.id;
    orgA = seeded.organization.id;
    orgB = '7c7c7c7c-0000-4000-8000-00000000000b';
    await addOrganization(context.db, { jurisdictionId, id: orgB, name: 'State lab', type: 'public_health' });
    dir = mkdtempSync(path.join(tmpdir(), 'sos-drug-checks-'));
    await importLayer(context, cliActor, {
      jurisdiction: seeded.jurisdiction,
      geojsonPath: writeTwoTowns(dir),
      name: 'Towns',
      idProperty: 'name',
    });
    ({ key } = await context.access.createApiKey(cliActor, {
      jurisdictionId,
      organizationId: orgA,
      name: 'checker',
    }));
    app = await buildApp(context);
    cookies = await signInRoles(app, context, jurisdictionId, [
      'analyst',
      'harm_reduction_partner',
      'public_safety_analyst',
      'outreach_coordinator',
      'outreach_worker',
    ]);
    submitterB = (await signInRoles(app, context, jurisdictionId, ['submitter'], orgB)).get(
      'submitter',
    ) as string;
  });
  after(async () => {
    await app.close();
    await context.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const point = { ...TWO_TOWNS.Hartford };
  const good = {
    source_id: 'lab-1',
    kind: 'drug_check',
    method: 'ftir',
    sold_as: 'Fentanyl',
    substances: ['fentanyl', 'Para-Fluorofentanyl', 'medetomadine'],
    collected_on: '2026-10-07T21:15:00-04:00',
    ...point,
  };

  it('keeps good results, answers a bad one with every field it failed, and normalizes substances', async () => {
    const response = await call('harm_reduction_partner', 'POST', '/api/v1/drug-checks', {
      organization_id: orgA,
      results: [
        good,
        {
          source_id: 'lab-2',
          kind: 'drug_check',
          method: 'test_strip',
          substances: 'xylazene; AP-237',
          collected_on: '2026-10-30',
          area: 'bristol',
        },
        {
          source_id: 'lab-3',
          kind: 'seizure',
          method: 'ftir',
          substances: [],
          collected_on: '2026-11-09',
          area: 'Nowhere',
        },
      ],
    });
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.deepEqual([body.accepted, body.duplicate, body.updated, body.rejected], [2, 0, 0, 1]);
    const [first, second, third] = body.results;
    assert.deepEqual(first.problems, []);
    assert.deepEqual(
      second.problems.map((p: { field: string; code: string; severity: string }) => [
        p.field,
        p.code,
        p.severity,
      ]),
      [['substances', 'UNKNOWN_VALUE', 'flag']],
    );
    assert.match(second.problems[0].message, /AP-237/);
    assert.equal(third.status, 'rejected');
    assert.deepEqual(
      third.problems.map((p: { field: string; code: string }) => [p.field, p.code]),
      [
        ['method', 'INVALID_CODE'],
        ['collected_on', 'DATE_IN_FUTURE'],
        ['area', 'AREA_UNKNOWN'],
      ],
    );
    const stored = await context.db.query<{
      source_id: string;
      substances: string[];
      unknown_substances: string[];
      sold_as: string;
    }>(
      'select source_id, substances, unknown_substances, sold_as from drug_check_results where jurisdiction_id = $1 order by source_id',
      [jurisdictionId],
    );
    assert.deepEqual(
      stored.map((r) => [r.source_id, [...r.substances].sort(), r.unknown_substances, r.sold_as]),
      [
        ['lab-1', ['fentanyl', 'fentanyl_analogue', 'medetomidine'], [], 'fentanyl'],
        ['lab-2', ['xylazine'], ['AP-237'], null],
      ],
    );
  });

  it('stores nothing finer than area x week: no day, no point, no timestamp, in the rows or the audit trail', async () => {
    const columns = await context.db.query<{ table_name: string; column_name: string; data_type: string }>(
      `select table_name, column_name, data_type from information_schema.columns
       where table_name like 'drug_check_%' order by table_name, column_name`,
    );
    const finer = columns.filter((c) =>
      /timestamp|time|double|real|numeric|point|geometry/.test(c.data_type),
    );
    assert.deepEqual(finer, []);
    const rows = await context.db.query<Record<string, unknown>>(
      `select r.*, to_char(r.week_start, 'YYYY-MM-DD') as week, a.layer_id, a.area_id from drug_check_results r
       join drug_check_result_areas a on a.jurisdiction_id = r.jurisdiction_id and a.result_id = r.id
       where r.jurisdiction_id = $1 and r.source_id = 'lab-1'`,
      [jurisdictionId],
    );
    // The day (Wednesday 7 October, evening in New York) is kept as its week's Sunday; the point as its town.
    assert.deepEqual(
      rows.map((r) => [r.week, r.layer_id, r.area_id]),
      [['2026-10-04', 'towns', 'Hartford']],
    );
    const audit = await context.db.query<{ details: unknown }>(
      "select details from audit_entries where jurisdiction_id = $1 and action = 'drug_check.submit'",
      [jurisdictionId],
    );
    const written = JSON.stringify([rows, audit]);
    for (const finerValue of ['2026-10-07', '2026-10-08', '21:15', '41.05', '72.85']) {
      assert.equal(written.includes(finerValue), false, `${finerValue} stored`);
    }
    // A 7 October result is the same week as 4 October's Sunday; its id does not carry the time of day.
    assert.notEqual(
      String(rows[0]?.id).charAt(14),
      '7',
      'a time-ordered (v7) id would carry the receipt time',
    );
  });

  it('is idempotent on (organization, source id): the same result is a duplicate, a changed one an update', async () => {
    const again = await call('key', 'POST', '/api/v1/drug-checks', { results: [good] });
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json().results[0].status, 'duplicate');
    const changed = await call('key', 'POST', '/api/v1/drug-checks', {
      results: [{ ...good, substances: ['fentanyl', 'xylazine'] }],
    });
    assert.equal(changed.json().results[0].status, 'updated');
    assert.equal(changed.json().results[0].id, again.json().results[0].id);
    // The same source id from another organization is another result.
    const other = await call('submitterB', 'POST', '/api/v1/drug-checks', {
      results: [{ ...good, kind: 'seizure', method: 'lab_confirmed' }],
    });
    assert.equal(other.json().results[0].status, 'accepted', other.body);
    const n = await context.db.query<{ n: number }>(
      "select count(*)::int as n from drug_check_results where jurisdiction_id = $1 and source_id = 'lab-1'",
      [jurisdictionId],
    );
    assert.equal(n[0]?.n, 2);
  });

  it('lets an API key and a bound submitter send for their own organization only', async () => {
    const forB = await call('key', 'POST', '/api/v1/drug-checks', { organization_id: orgB, results: [good] });
    assert.equal(forB.statusCode, 403, forB.body);
    const forA = await call('submitterB', 'POST', '/api/v1/drug-checks', {
      organization_id: orgA,
      results: [good],
    });
    assert.equal(forA.statusCode, 403, forA.body);
    // A partner tied to no organization names one; without it the request says what is missing.
    const unnamed = await call('harm_reduction_partner', 'POST', '/api/v1/drug-checks', { results: [good] });
    assert.equal(unnamed.statusCode, 400, unnamed.body);
    assert.equal(unnamed.json().error.details.field, 'organization_id');
  });

  it('lets public safety read counts and signals but not submit; refuses outreach roles', async () => {
    const submitted = await call('public_safety_analyst', 'POST', '/api/v1/drug-checks', {
      organization_id: orgA,
      results: [good],
    });
    assert.equal(submitted.statusCode, 403, submitted.body);
    for (const url of [
      '/api/v1/drug-checks/signals?from=2026-09-01',
      '/api/v1/drug-checks/weekly?from=2026-09-01',
    ]) {
      assert.equal((await call('public_safety_analyst', 'GET', url)).statusCode, 200, url);
      for (const role of ['outreach_coordinator', 'outreach_worker']) {
        assert.equal((await call(role, 'GET', url)).statusCode, 403, `${role} ${url}`);
      }
      assert.equal((await call('key', 'GET', url)).statusCode, 403, `key ${url}`);
    }
    for (const role of ['outreach_coordinator', 'outreach_worker']) {
      const refused = await call(role, 'POST', '/api/v1/drug-checks', {
        organization_id: orgA,
        results: [good],
      });
      assert.equal(refused.statusCode, 403, role);
    }
    const choices = (await call('public_safety_analyst', 'GET', '/api/v1/drug-checks/choices')).json();
    assert.deepEqual([choices.may_read, choices.may_submit, choices.organizations], [true, false, []]);
  });

  it('imports a CSV file: bad rows quarantined by file, row, line and field, good rows kept', async () => {
    const csv = [
      'source_id,kind,method,collected_on,substances,area,latitude,longitude',
      'csv-1,drug_check,mass_spectrometry,2026-10-20,nitazene;xylazine,Hartford,,',
      'csv-2,,ftir,20/10/2026,fentanyl,Hartford,,',
      'csv-3,drug_check,ftir,2026-10-21,fentanyl,,41.05,',
      'csv-4,drug_check,test_strip,2026-10-21,fentanyl,Bristol',
      'csv-1,drug_check,ftir,2026-10-22,cocaine,Bristol,,',
      `csv-5,drug_check,other,2026-10-22,"benzo, bromazolam",,${TWO_TOWNS.Bristol.latitude},${TWO_TOWNS.Bristol.longitude}`,
    ].join('\n');
    const response = await call('harm_reduction_partner', 'POST', '/api/v1/drug-checks/import', {
      organization_id: orgA,
      file_name: 'october.csv',
      csv,
    });
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.deepEqual([body.rows, body.accepted, body.rejected], [6, 2, 4]);
    assert.deepEqual(
      body.quarantined.map((q: Record<string, unknown>) => [q.file, q.row, q.line, q.field, q.code]),
      [
        ['october.csv', 2, 3, 'kind', 'REQUIRED'],
        ['october.csv', 2, 3, 'collected_on', 'INVALID_DATE'],
        ['october.csv', 3, 4, 'longitude', 'COORDINATE_PAIR_INCOMPLETE'],
        ['october.csv', 4, 5, '(row)', 'RAGGED_ROW'],
        ['october.csv', 5, 6, 'source_id', 'DUPLICATE_IN_BATCH'],
      ],
    );
    // The quarantined rows come back as read, under the header, to be corrected and sent again.
    assert.deepEqual(body.quarantined_csv.split('\r\n'), [
      'source_id,kind,method,collected_on,substances,area,latitude,longitude',
      'csv-2,,ftir,20/10/2026,fentanyl,Hartford,,',
      'csv-3,drug_check,ftir,2026-10-21,fentanyl,,41.05,',
      'csv-4,drug_check,test_strip,2026-10-21,fentanyl,Bristol',
      'csv-1,drug_check,ftir,2026-10-22,cocaine,Bristol,,',
      '',
    ]);
    const kept = await context.db.query<{ source_id: string; area_id: string; substances: string[] }>(
      `select r.source_id, a.area_id, r.substances from drug_check_results r
       join drug_check_result_areas a on a.jurisdiction_id = r.jurisdiction_id and a.result_id = r.id
       where r.jurisdiction_id = $1 and r.source_id like 'csv-%' order by r.source_id`,
      [jurisdictionId],
    );
    assert.deepEqual(
      kept.map((r) => [r.source_id, r.area_id, [...r.substances].sort()]),
      [
        ['csv-1', 'Hartford', ['nitazene', 'xylazine']],
        ['csv-5', 'Bristol', ['benzodiazepine', 'bromazolam']],
      ],
    );
  });

  it('refuses a file it cannot read with what and where, never a 500', async () => {
    const missing = await call('harm_reduction_partner', 'POST', '/api/v1/drug-checks/import', {
      organization_id: orgA,
      file_name: 'no-kind.csv',
      csv: 'source_id,method,collected_on,substances,area\nx,ftir,2026-10-01,fentanyl,Hartford\n',
    });
    assert.equal(missing.statusCode, 400, missing.body);
    assert.equal(missing.json().error.code, 'CSV_MISSING_COLUMNS');
    assert.match(missing.json().error.message, /no-kind\.csv/);
    const empty = await call('harm_reduction_partner', 'POST', '/api/v1/drug-checks/import', {
      organization_id: orgA,
      file_name: 'empty.csv',
      csv: '',
    });
    assert.equal(empty.statusCode, 400, empty.body);
    assert.equal(empty.json().error.code, 'FILE_EMPTY');
    const binary = await call('harm_reduction_partner', 'POST', '/api/v1/drug-checks/import', {
      organization_id: orgA,
      file_name: 'odd.csv',
      csv: 'source_id;kind;method;collected_on;substances\n1;2;3;4;5\n',
    });
    assert.ok(binary.statusCode < 500 && binary.statusCode >= 400, binary.body);
  });

  it('counts results by week and area as SQL over the rows counts them', async () => {
    const response = await call(
      'public_safety_analyst',
      'GET',
      '/api/v1/drug-checks/weekly?from=2026-09-01&to=2026-11-02',
    );
    assert.equal(response.statusCode, 200, response.body);
    const shown = response
      .json()
      .weeks.map(
        (w: { week_start: string; area_id: string; results: number }) =>
          `${w.week_start} ${w.area_id} ${w.results}`,
      )
      .sort();
    const counted = await context.db.query<{ line: string }>(
      `select week || ' ' || area_id || ' ' || count(*) as line from (
         select to_char(date_trunc('week', r.week_start + 1) - interval '1 day', 'YYYY-MM-DD') as week, a.area_id
         from drug_check_results r
         join drug_check_result_areas a on a.result_id = r.id and a.jurisdiction_id = r.jurisdiction_id
         where r.jurisdiction_id = $1 and a.layer_id = 'towns') as cells
       group by week, area_id`,
      [jurisdictionId],
    );
    assert.deepEqual(shown, counted.map((c) => c.line).sort());
    assert.ok(shown.length >= 3);
  });
});
