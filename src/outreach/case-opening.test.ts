import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import {
  describeEachEngine,
  openTestContext,
  seedJurisdiction,
  sharedData,
} from '../../test/support/test-databases.js';
import { insertOrganization } from '../access/jurisdictions/jurisdiction-repository.js';
import { cliActor } from '../access/roles.js';
import { PERSONS_REPORTED, readPersonsReported } from '../intake/person-events.js';
import { buildApp } from '../main/app.js';
import type { AppContext } from '../main/app-context.js';
import { importLayer } from '../surveillance/layer-service.js';
import { openCasesFromReports } from './case-opening.js';

const HARTFORD = { latitude: 41.7658, longitude: -72.6734 };
const BRISTOL = { latitude: 41.6718, longitude: -72.9493 };
const NEW_HAVEN = { latitude: 41.3083, longitude: -72.9279 };

interface StoredCase {
  id: string;
  kind: string;
  origin: string;
  status: string;
  person_id: string | null;
  match_key: string | null;
  clock_started_at: Date;
  area_id: string | null;
  contact_flags: string[];
  overdoses: number;
}

describeEachEngine('outreach cases opened from overdoses', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let jurisdictionId: string;
  let emsKey: string;
  let policeKey: string;
  let survivorProgram: string;
  let familyProgram: string;

  /** A program as the programs API would store it (that API is another package's). */
  async function insertProgram(name: string, areas: string[], familySupport: boolean): Promise<string> {
    const id = randomUUID();
    await context.db.query(
      `insert into outreach_programs (jurisdiction_id, id, name, organization_id, service_areas,
         materials_allowed, family_support, created_at, updated_at)
       values ($1, $2, $3, $4, $5, '[]', $6, now(), now())`,
      [
        jurisdictionId,
        id,
        name,
        randomUUID(),
        JSON.stringify(areas.map((area_id) => ({ layer_id: 'towns', area_id }))),
        familySupport,
      ],
    );
    return id;
  }

  before(async () => {
    context = await openTestContext(engine);
    const seeded = await seedJurisdiction(context.db);
    jurisdictionId = seeded.jurisdiction.id;
    const police = { jurisdictionId, id: randomUUID(), name: 'City PD', type: 'police' };
    await insertOrganization(context.db, police);
    ({ key: emsKey } = await context.access.createApiKey(cliActor, {
      jurisdictionId,
      organizationId: seeded.organization.id,
      name: 'cad',
    }));
    ({ key: policeKey } = await context.access.createApiKey(cliActor, {
      jurisdictionId,
      organizationId: police.id,
      name: 'rms',
    }));
    await importLayer(context, cliActor, {
      jurisdiction: seeded.jurisdiction,
      geojsonPath: sharedData('geo', 'ct_towns.geojson'),
      name: 'Towns',
      idProperty: 'name',
    });
    survivorProgram = await insertProgram('Capitol Region POST', ['Hartford', 'West Hartford'], false);
    familyProgram = await insertProgram('Bristol family support', ['Bristol'], true);
    app = await buildApp(context);
  });
  after(async () => {
    await app.close();
    await context.dispose();
  });

  /** Posts one report and waits until the outbox has handled what its commit wrote (no sleeping). */
  async function post(report: Record<string, unknown>, key = emsKey) {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: report,
      headers: { authorization: `Bearer ${key}` },
    });
    assert.equal(response.statusCode, 201, response.body);
    await context.alerts.idle();
    return response.json();
  }

  async function casesOf(programId: string): Promise<StoredCase[]> {
    return context.db.query<StoredCase>(
      `select c.id, c.kind, c.origin, c.status, c.person_id, c.match_key, c.clock_started_at, c.area_id,
         c.contact_flags, (select count(*)::int from outreach_case_overdoses o
           where o.jurisdiction_id = c.jurisdiction_id and o.case_id = c.id) as overdoses
       from outreach_cases c where c.jurisdiction_id = $1 and c.program_id = $2 order by c.opened_at, c.id`,
      [jurisdictionId, programId],
    );
  }
  const allCases = async () =>
    Number(
      (
        await context.db.query<{ n: number }>(
          'select count(*)::int as n from outreach_cases where jurisdiction_id = $1',
          [jurisdictionId],
        )
      )[0]?.n,
    );
  const personOfReport = async (reportId: string) =>
    (
      await context.db.query<{ person_id: string }>(
        'select person_id from reports where jurisdiction_id = $1 and id = $2',
        [jurisdictionId, reportId],
      )
    )[0]?.person_id;

  const ann = { first_name: 'Ann', last_name: 'Lee', birth_date: '1990-04-02' };

  it('opens a case on the program of the area of a non-fatal overdose whose report names a person', async () => {
    const answer = await post({
      source_record_id: 'ems-1',
      occurred_at: '2024-05-03T22:15:00-04:00',
      ...HARTFORD,
      fatal: false,
      person: { ...ann, phone: '(860) 555-0100' },
    });
    assert.deepEqual(answer.contact_flags, ['no_address'], 'the intake answer flags the missing address');
    const [opened, ...others] = await casesOf(survivorProgram);
    assert.equal(others.length, 0);
    assert.deepEqual(
      {
        ...opened,
        id: undefined,
        match_key: undefined,
        clock_started_at: opened?.clock_started_at.toISOString(),
      },
      {
        id: undefined,
        kind: 'post_overdose',
        origin: 'overdose',
        status: 'open',
        person_id: await personOfReport(answer.report_id),
        match_key: undefined,
        clock_started_at: '2024-05-04T02:15:00.000Z',
        area_id: 'Hartford',
        contact_flags: ['no_address'],
        overdoses: 1,
      },
    );
    assert.match(opened?.match_key ?? '', /^[0-9a-f]{64}$/);
    const [entry] = await context.db.query<{ actor_type: string; purpose: string; subject_type: string }>(
      `select actor_type, purpose, subject_type from audit_entries
       where jurisdiction_id = $1 and action = 'outreach_case.open' and subject_id = $2`,
      [jurisdictionId, opened?.id],
    );
    assert.deepEqual(entry, { actor_type: 'system', purpose: 'operations', subject_type: 'outreach_case' });
  });

  it('tells outreach nothing identifying: the event holds the vault id and the keyed hash only', async () => {
    const [row] = await context.db.query<{ payload: unknown }>(
      'select payload from outbox_events where topic = $1 order by id limit 1',
      [PERSONS_REPORTED],
    );
    const text = JSON.stringify(row?.payload);
    // Whole values: a fragment such as '555' turns up by chance in the hex of a key or an id.
    for (const secret of ['Ann', 'Lee', '1990-04-02', '555-0100', '8605550100'])
      assert.ok(!text.includes(secret), secret);
    const event = readPersonsReported(row?.payload);
    assert.deepEqual(Object.keys(event.reports[0] ?? {}).sort(), [
      'areas',
      'contact_flags',
      'fatal',
      'match_key',
      'occurred_at',
      'organization_id',
      'overdose_id',
      'person_id',
      'report_id',
    ]);
    assert.ok(event.reports[0]?.areas.some((a) => a.layer_id === 'towns' && a.area_id === 'Hartford'));
  });

  it('opens none outside every program area, nor for a report without a person', async () => {
    const before = await allCases();
    const outside = await post({
      source_record_id: 'ems-2',
      occurred_at: '2024-05-05T10:00:00-04:00',
      ...NEW_HAVEN,
      person: { first_name: 'Bo', last_name: 'Diaz', birth_date: '1980-01-01', address: '1 Elm St' },
    });
    assert.deepEqual(outside.contact_flags, ['no_phone']);
    const nobody = await post({
      source_record_id: 'ems-3',
      occurred_at: '2024-05-05T11:00:00-04:00',
      ...HARTFORD,
    });
    assert.equal(nobody.contact_flags, undefined, 'no flags where no person was sent');
    assert.equal(await allCases(), before);
  });

  it('adds a repeat overdose of the same person to the open case, whose clock keeps running', async () => {
    const [first] = await casesOf(survivorProgram);
    // Another source, another day, another vault record: the same name and birth date.
    await post(
      {
        source_record_id: 'pd-1',
        occurred_at: '2024-05-12T09:00:00-04:00',
        ...HARTFORD,
        person: { ...ann, first_name: 'ANN', address: '5 Main St' },
      },
      policeKey,
    );
    const cases = await casesOf(survivorProgram);
    assert.equal(cases.length, 1, 'no new case');
    assert.equal(cases[0]?.id, first?.id);
    assert.equal(cases[0]?.overdoses, 2);
    assert.equal(cases[0]?.clock_started_at.toISOString(), '2024-05-04T02:15:00.000Z');
  });

  it('names the overdose a linked report joined, which its case already holds', async () => {
    const [before] = await casesOf(survivorProgram);
    // The police report of the EMS call of May 3, 20 minutes later and a few metres away.
    const linked = await post(
      {
        source_record_id: 'pd-2',
        occurred_at: '2024-05-03T22:35:00-04:00',
        latitude: HARTFORD.latitude + 0.0002,
        longitude: HARTFORD.longitude,
        person: ann,
      },
      policeKey,
    );
    const [row] = await context.db.query<{ payload: unknown }>(
      'select payload from outbox_events where topic = $1 order by id desc limit 1',
      [PERSONS_REPORTED],
    );
    const event = readPersonsReported(row?.payload);
    assert.equal(event.reports[0]?.overdose_id, linked.overdose_id, 'the overdose after linkage');
    const [after, ...others] = await casesOf(survivorProgram);
    assert.equal(others.length, 0);
    assert.equal(after?.overdoses, before?.overdoses, 'the same overdose, counted once');
  });

  it('opens a new case once the earlier one is closed', async () => {
    await context.db.query(
      `update outreach_cases set status = 'closed', closed_at = now(), close_reason = 'engaged'
       where jurisdiction_id = $1 and program_id = $2`,
      [jurisdictionId, survivorProgram],
    );
    await post({
      source_record_id: 'ems-4',
      occurred_at: '2024-06-01T09:00:00-04:00',
      ...HARTFORD,
      person: { ...ann, phone: '860 555 0100', address: '5 Main St' },
    });
    const cases = await casesOf(survivorProgram);
    assert.deepEqual(
      cases.map((c) => [c.status, c.overdoses, c.contact_flags]),
      [
        ['closed', 2, ['no_address']],
        ['open', 1, []],
      ],
    );
  });

  it('opens no case after a death, but a family-support case where the program does that work', async () => {
    const before = await casesOf(survivorProgram);
    await post({
      source_record_id: 'ems-5',
      occurred_at: '2024-06-02T09:00:00-04:00',
      ...HARTFORD,
      fatal: true,
      person: { first_name: 'Cy', last_name: 'Park', birth_date: '1979-01-15' },
    });
    assert.equal((await casesOf(survivorProgram)).length, before.length, 'the survivor program opens none');
    await post({
      source_record_id: 'ems-6',
      occurred_at: '2024-06-03T09:00:00-04:00',
      ...BRISTOL,
      fatal: true,
      person: { first_name: 'Dee', last_name: 'Moss', birth_date: '2001-07-07' },
    });
    const family = await casesOf(familyProgram);
    assert.deepEqual(
      family.map((c) => [c.kind, c.area_id, c.overdoses]),
      [['family_support', 'Bristol', 1]],
    );
  });

  it('opens one case when two events about one person are handled at once', async () => {
    const matchKey = 'ab'.repeat(32);
    const event = (day: number) => ({
      jurisdiction_id: jurisdictionId,
      reports: [
        {
          overdose_id: randomUUID(),
          report_id: randomUUID(),
          organization_id: randomUUID(),
          person_id: randomUUID(),
          match_key: matchKey,
          occurred_at: `2024-07-0${day}T10:00:00.000Z`,
          fatal: false,
          areas: [{ layer_id: 'towns', area_id: 'West Hartford' }],
          contact_flags: [],
        },
      ],
    });
    // As one outbox claim hands its events to their handlers together.
    const outcomes = await Promise.all([1, 2, 3, 4].map((day) => openCasesFromReports(context, event(day))));
    assert.deepEqual(
      [outcomes.flatMap((o) => o.opened).length, outcomes.reduce((n, o) => n + o.absorbed, 0)],
      [1, 3],
    );
    const cases = (await casesOf(survivorProgram)).filter((c) => c.match_key === matchKey);
    assert.deepEqual(
      cases.map((c) => [c.area_id, c.overdoses]),
      [['West Hartford', 4]],
    );
  });

  it('opens one case when the same event is handled twice', async () => {
    const rows = await context.db.query<{ payload: unknown }>(
      'select payload from outbox_events where topic = $1 order by id',
      [PERSONS_REPORTED],
    );
    const before = await allCases();
    const overdoseRows = async () =>
      Number(
        (
          await context.db.query<{ n: number }>(
            'select count(*)::int as n from outreach_case_overdoses where jurisdiction_id = $1',
            [jurisdictionId],
          )
        )[0]?.n,
      );
    const linked = await overdoseRows();
    for (const row of rows) {
      const outcome = await openCasesFromReports(context, readPersonsReported(row.payload));
      assert.deepEqual(outcome, { opened: [], absorbed: 0 });
    }
    assert.equal(await allCases(), before);
    assert.equal(await overdoseRows(), linked);
  });
});
