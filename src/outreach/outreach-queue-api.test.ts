import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { OWN_ORIGIN, TEST_PASSWORD } from '../../test/support/sign-in.js';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import { cliActor, type Role } from '../access/roles.js';
import { buildApp } from '../main/app.js';
import type { AppContext } from '../main/app-context.js';
import { importLayer } from '../surveillance/layer-service.js';

const HOUR = 3_600_000;

/** Two square towns, enough for service areas to name. */
function writeTowns(dir: string): string {
  const square = (x: number) => [
    [
      [
        [x, 41],
        [x + 0.1, 41],
        [x + 0.1, 41.1],
        [x, 41.1],
        [x, 41],
      ],
    ],
  ];
  const file = path.join(dir, 'towns.geojson');
  writeFileSync(
    file,
    JSON.stringify({
      type: 'FeatureCollection',
      features: ['Hartford', 'Bristol'].map((name, i) => ({
        type: 'Feature',
        properties: { name },
        geometry: { type: 'MultiPolygon', coordinates: square(-72.9 + i * 0.2) },
      })),
    }),
  );
  return file;
}

describeEachEngine('outreach programs and the case queue over HTTP', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let dir: string;
  let seeded: Awaited<ReturnType<typeof seedJurisdiction>>;
  let elsewhere: Awaited<ReturnType<typeof seedJurisdiction>>;
  const users = new Map<string, { id: string; cookie: string }>();
  let programP: string;
  let programQ: string;
  const cases: Record<string, string> = {};

  async function addUser(name: string, role: Role, jurisdictionId = seeded.jurisdiction.id) {
    const email = `${name}.${jurisdictionId}@example.org`;
    const { id } = await context.access.createUser(cliActor, {
      jurisdictionId,
      email,
      displayName: name,
      role,
      organizationId: null,
      password: TEST_PASSWORD,
    });
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: TEST_PASSWORD },
    });
    assert.equal(login.statusCode, 200, login.body);
    users.set(name, { id, cookie: String(login.headers['set-cookie']).split(';')[0] as string });
  }
  const as = (name: string) => ({ cookie: users.get(name)?.cookie ?? '', origin: OWN_ORIGIN });
  const get = (name: string, url: string) =>
    app.inject({ method: 'GET', url: `/api/v1/outreach${url}`, headers: as(name) });
  const send = (name: string, method: 'POST' | 'PATCH', url: string, payload: object) =>
    app.inject({ method, url: `/api/v1/outreach${url}`, headers: as(name), payload });
  const auditOf = (action: string) =>
    context.db.query<{
      actor_id: string;
      subject_id: string | null;
      purpose: string | null;
      details: Record<string, unknown>;
    }>(
      'select actor_id, subject_id, purpose, details from audit_entries where jurisdiction_id = $1 and action = $2 order by seq',
      [seeded.jurisdiction.id, action],
    );

  before(async () => {
    context = await openTestContext(engine);
    seeded = await seedJurisdiction(context.db);
    elsewhere = await seedJurisdiction(context.db);
    dir = mkdtempSync(path.join(tmpdir(), 'sos-outreach-'));
    await importLayer(context, cliActor, {
      jurisdiction: seeded.jurisdiction,
      geojsonPath: writeTowns(dir),
      name: 'Towns',
      idProperty: 'name',
    });
    app = await buildApp(context);
    await addUser('admin', 'administrator');
    await addUser('analyst', 'analyst');
    await addUser('police', 'public_safety_analyst');
    await addUser('coordA', 'outreach_coordinator');
    await addUser('coordB', 'outreach_coordinator');
    await addUser('worker1', 'outreach_worker');
    await addUser('worker2', 'outreach_worker');
    await addUser('coordElsewhere', 'outreach_coordinator', elsewhere.jurisdiction.id);
  });
  after(async () => {
    await app.close();
    await context.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets an administrator create programs, checking their areas and policies, and audits it', async () => {
    const program = {
      name: 'Hartford POST',
      organization_id: seeded.organization.id,
      service_areas: [{ layer_id: 'towns', area_id: 'Hartford' }],
    };
    const noLayer = await send('admin', 'POST', '/programs', {
      ...program,
      service_areas: [{ layer_id: 'zips', area_id: '06101' }],
    });
    assert.equal(noLayer.statusCode, 400, noLayer.body);
    assert.deepEqual(noLayer.json().error.details, { field: 'service_areas.0.layer_id' });
    const noArea = await send('admin', 'POST', '/programs', {
      ...program,
      service_areas: [
        { layer_id: 'towns', area_id: 'Hartford' },
        { layer_id: 'towns', area_id: 'Atlantis' },
      ],
    });
    assert.equal(noArea.statusCode, 400, noArea.body);
    assert.deepEqual(noArea.json().error.details, { field: 'service_areas.1.area_id' });
    const officers = await send('admin', 'POST', '/programs', {
      ...program,
      policies: { law_enforcement_at_visits: 'plain_clothes' },
    });
    assert.equal(officers.statusCode, 400, officers.body);
    assert.deepEqual(officers.json().error.details, { field: 'policies.infraction_policy' });
    assert.equal((await send('coordA', 'POST', '/programs', program)).statusCode, 403);

    const created = await send('admin', 'POST', '/programs', {
      ...program,
      policies: { response_window_hours: 48 },
      privacy_contact: 'privacy@health.example.org',
    });
    assert.equal(created.statusCode, 201, created.body);
    const p = created.json();
    programP = p.id;
    assert.deepEqual(p.policies, {
      response_window_hours: 48,
      attempt_cap: 5,
      phone_first: true,
      law_enforcement_at_visits: 'never',
      infraction_policy: '',
      materials_allowed: ['naloxone', 'fentanyl_test_strips', 'contact_card', 'resource_guide'],
      family_support: false,
      retention_days: 730,
      referral_answer_days: 3,
    });
    assert.deepEqual(p.members, []);
    const q = await send('admin', 'POST', '/programs', {
      ...program,
      name: 'Bristol QRT',
      service_areas: [{ layer_id: 'towns', area_id: 'Bristol' }],
    });
    assert.equal(q.statusCode, 201, q.body);
    programQ = q.json().id;
    const audited = await auditOf('outreach_program.create');
    assert.deepEqual(
      audited.map((a) => a.subject_id),
      [programP, programQ],
    );
  });

  it('adds members who sign in only when they are active outreach users, and shows programs to whom they concern', async () => {
    const member = (name: string, team_role = 'outreach_worker') => ({
      user_id: users.get(name)?.id,
      display_name: name,
      agency: 'Health department',
      team_role,
    });
    const analystMember = await send('admin', 'POST', `/programs/${programP}/members`, member('analyst'));
    assert.equal(analystMember.statusCode, 400, analystMember.body);
    assert.deepEqual(analystMember.json().error.details, { field: 'user_id' });
    for (const [program, name] of [
      [programP, 'coordA'],
      [programP, 'worker1'],
      [programP, 'worker2'],
      [programQ, 'coordB'],
    ] as const) {
      const added = await send('admin', 'POST', `/programs/${program}/members`, member(name));
      assert.equal(added.statusCode, 201, added.body);
      assert.equal(added.json().user_id, users.get(name)?.id);
    }
    const crew = await send('coordA', 'POST', `/programs/${programP}/members`, {
      display_name: 'EMS partner',
      agency: 'City Fire',
      team_role: 'ems',
    });
    assert.equal(crew.statusCode, 201, crew.body);
    assert.equal(crew.json().user_id, null);
    assert.equal(
      (await send('coordB', 'POST', `/programs/${programP}/members`, member('worker1'))).statusCode,
      404,
    );
    assert.equal(
      (await send('worker1', 'POST', `/programs/${programP}/members`, member('worker2'))).statusCode,
      403,
    );
    assert.equal((await auditOf('outreach_program_member.add')).length, 5);

    const seen = async (name: string) =>
      ((await get(name, '/programs')).json().programs as { id: string }[]).map((p) => p.id).sort();
    assert.deepEqual(await seen('coordA'), [programP]);
    assert.deepEqual(await seen('worker1'), [programP]);
    assert.deepEqual(await seen('coordB'), [programQ]);
    assert.deepEqual(await seen('admin'), [programP, programQ].sort());
    assert.deepEqual(await seen('analyst'), [programP, programQ].sort());
    const one = await get('coordA', `/programs/${programP}`);
    assert.equal(one.statusCode, 200, one.body);
    assert.equal(one.json().members.length, 4);
    assert.equal((await get('coordA', `/programs/${programQ}`)).statusCode, 404);
    assert.equal((await get('analyst', `/programs/${programQ}`)).statusCode, 200);
    assert.equal((await send('analyst', 'PATCH', `/programs/${programQ}`, { name: 'Mine' })).statusCode, 403);

    const patched = await send('coordA', 'PATCH', `/programs/${programP}`, { policies: { attempt_cap: 4 } });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.equal(patched.json().policies.attempt_cap, 4);
    assert.equal(patched.json().policies.response_window_hours, 48, 'unset policies keep their value');
    assert.equal((await send('coordA', 'PATCH', `/programs/${programQ}`, { name: 'Mine' })).statusCode, 404);
    assert.equal((await send('worker1', 'PATCH', `/programs/${programP}`, { name: 'Mine' })).statusCode, 403);
    const [update] = await auditOf('outreach_program.update');
    assert.equal(update?.subject_id, programP);
    assert.equal(update?.actor_id, users.get('coordA')?.id);

    const left = await send('admin', 'PATCH', `/programs/${programP}/members/${crew.json().id}`, {
      active: false,
    });
    assert.equal(left.statusCode, 200, left.body);
    assert.equal(left.json().active, false);
    assert.equal((await auditOf('outreach_program_member.update')).length, 1);
  });

  it('opens cases by hand and by deflection, sealing the person and flagging unusable contact details', async () => {
    const now = Date.now();
    const open = (name: string, body: object) => send(name, 'POST', '/cases', body);
    const noPathway = await open('coordA', { program_id: programP, origin: 'deflection', person: {} });
    assert.equal(noPathway.statusCode, 400, noPathway.body);
    assert.deepEqual(noPathway.json().error.details, { field: 'pathway' });
    const noArea = await open('coordA', {
      program_id: programP,
      origin: 'by_hand',
      area_id: 'Atlantis',
      person: {},
    });
    assert.equal(noArea.statusCode, 400, noArea.body);
    assert.deepEqual(noArea.json().error.details, { field: 'area_id' });
    for (const startedAt of ['0000-01-01T00:00:00Z', '1900-01-01T00:00:00Z']) {
      const tooOld = await open('coordA', {
        program_id: programP,
        origin: 'by_hand',
        started_at: startedAt,
        person: {},
      });
      assert.equal(tooOld.statusCode, 400, tooOld.body);
      assert.deepEqual(tooOld.json().error.details, { field: 'started_at' });
    }
    assert.equal(
      (await open('coordA', { program_id: programQ, origin: 'by_hand', person: {} })).statusCode,
      404,
    );
    assert.equal(
      (await open('worker1', { program_id: programP, origin: 'by_hand', person: {} })).statusCode,
      403,
    );

    // Opened out of order: the queue orders them by when their window closes.
    const specs = [
      [
        'late',
        now - 10 * HOUR,
        { first_name: 'Ana', last_name: 'Late', phone: '(860) 555-0101', address: '1 Main St' },
      ],
      ['overdue', now - 50 * HOUR, { first_name: 'Bo', last_name: 'Overdue', phone: '860-555-0102' }],
      ['middle', now - 30 * HOUR, { first_name: 'Cy', last_name: 'Middle' }],
    ] as const;
    for (const [key, startedAt, person] of specs) {
      const opened = await open('coordA', {
        program_id: programP,
        origin: key === 'middle' ? 'deflection' : 'by_hand',
        ...(key === 'middle' ? { pathway: 'self_referral' } : {}),
        started_at: new Date(startedAt).toISOString(),
        area_id: 'Hartford',
        person,
      });
      assert.equal(opened.statusCode, 201, opened.body);
      cases[key] = opened.json().id;
      assert.equal(opened.json().person.first_name, person.first_name);
      assert.equal(opened.json().due_at, new Date(startedAt + 48 * HOUR).toISOString());
    }
    const flags = await context.db.query<{ id: string; contact_flags: string[]; person_id: string | null }>(
      'select id, contact_flags, person_id from outreach_cases where jurisdiction_id = $1',
      [seeded.jurisdiction.id],
    );
    const byId = new Map(flags.map((f) => [f.id, f]));
    assert.deepEqual(byId.get(cases.late as string)?.contact_flags, []);
    assert.deepEqual(byId.get(cases.overdue as string)?.contact_flags, ['no_address']);
    assert.deepEqual(byId.get(cases.middle as string)?.contact_flags, ['no_phone', 'no_address']);
    // The vault holds the person sealed: no name in the clear anywhere in its row.
    const [sealed] = await context.db.query<{ row: string }>(
      'select row_to_json(p)::text as row from persons p where jurisdiction_id = $1 and id = $2',
      [seeded.jurisdiction.id, byId.get(cases.late as string)?.person_id],
    );
    assert.ok(sealed && !sealed.row.includes('Ana'));

    const other = await open('coordB', {
      program_id: programQ,
      origin: 'by_hand',
      person: { first_name: 'Dee' },
    });
    assert.equal(other.statusCode, 201, other.body);
    cases.other = other.json().id;
    assert.equal((await auditOf('outreach_case.open')).length, 4);
  });

  it("shows a coordinator her program's queue, most urgent first, without identifiers, a page at a time", async () => {
    const all = await get('coordA', '/cases');
    assert.equal(all.statusCode, 200, all.body);
    const body = all.json();
    assert.equal(body.total, 3);
    assert.deepEqual(
      body.cases.map((c: { id: string }) => c.id),
      [cases.overdue, cases.middle, cases.late],
    );
    assert.deepEqual(
      body.cases.map((c: { overdue: boolean }) => c.overdue),
      [true, false, false],
    );
    // Whole values: a fragment such as '555' turns up by chance in the hex of an id.
    for (const name of ['Ana', 'Bo', 'Cy', 'Late', '555-0101', '555-0102'])
      assert.ok(!all.body.includes(name), name);
    assert.ok(!('person' in body.cases[0]));

    const first = (await get('coordA', '/cases?limit=2')).json();
    assert.equal(first.total, 3);
    assert.deepEqual(
      first.cases.map((c: { id: string }) => c.id),
      [cases.overdue, cases.middle],
    );
    assert.ok(first.next_cursor);
    const second = (await get('coordA', `/cases?limit=2&cursor=${first.next_cursor}`)).json();
    assert.deepEqual(
      second.cases.map((c: { id: string }) => c.id),
      [cases.late],
    );
    assert.equal(second.next_cursor, null);
    assert.equal(second.total, 3);
    const bad = await get('coordA', '/cases?cursor=not-a-cursor');
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(bad.json().error.details, { field: 'cursor' });

    const overdue = (await get('coordA', '/cases?overdue=true')).json();
    assert.deepEqual(
      overdue.cases.map((c: { id: string }) => c.id),
      [cases.overdue],
    );
    assert.equal(overdue.total, 1);
    assert.deepEqual(
      (await get('coordB', '/cases')).json().cases.map((c: { id: string }) => c.id),
      [cases.other],
    );
    assert.equal((await get('coordA', `/cases?program_id=${programQ}`)).json().total, 0);
  });

  it('assigns cases to active members only, and shows a worker only the cases assigned to her', async () => {
    const assign = (name: string, caseId: string, userId: string | null) =>
      send(name, 'POST', `/cases/${caseId}/assign`, { user_id: userId });
    const notMember = await assign('coordA', cases.late as string, users.get('coordB')?.id as string);
    assert.equal(notMember.statusCode, 400, notMember.body);
    assert.deepEqual(notMember.json().error.details, { field: 'user_id' });
    const assigned = await assign('coordA', cases.late as string, users.get('worker1')?.id as string);
    assert.equal(assigned.statusCode, 200, assigned.body);
    assert.deepEqual(assigned.json().assigned_to, {
      user_id: users.get('worker1')?.id,
      display_name: 'worker1',
    });
    assert.equal(
      (await assign('coordA', cases.middle as string, users.get('worker2')?.id as string)).statusCode,
      200,
    );
    assert.equal(
      (await assign('coordB', cases.overdue as string, users.get('coordB')?.id as string)).statusCode,
      404,
    );
    assert.equal(
      (await assign('worker1', cases.late as string, null)).statusCode,
      403,
      'her own case: readable',
    );
    assert.equal(
      (await assign('worker1', cases.middle as string, null)).statusCode,
      404,
      "another's: hidden",
    );
    assert.equal((await auditOf('outreach_case.assign')).length, 2);

    // Whatever the filters, a worker's queue holds her cases only: not another's, not an unassigned one.
    for (const query of ['', '?assigned=any', '?assigned=unassigned', `?program_id=${programP}&status=all`]) {
      const listed = (await get('worker1', `/cases${query}`)).json();
      const expected = query.includes('unassigned') ? [] : [cases.late];
      assert.deepEqual(
        listed.cases.map((c: { id: string }) => c.id),
        expected,
        query,
      );
      assert.equal(listed.total, expected.length, query);
    }
    assert.deepEqual(
      (await get('worker2', '/cases')).json().cases.map((c: { id: string }) => c.id),
      [cases.middle],
    );
    assert.deepEqual(
      (await get('coordA', '/cases?assigned=unassigned')).json().cases.map((c: { id: string }) => c.id),
      [cases.overdue],
    );
    assert.equal((await get('worker1', `/cases/${cases.middle}`)).statusCode, 404);
    assert.equal((await get('worker1', `/cases/${cases.overdue}`)).statusCode, 404);
  });

  it('opens a case with its person and records for a purpose, auditing the case read and the person read', async () => {
    const jurisdictionId = seeded.jurisdiction.id;
    const worker = users.get('worker1')?.id;
    const at = new Date(Date.now() - HOUR);
    await context.db.query(
      `insert into outreach_contact_attempts (jurisdiction_id, id, case_id, method, outcome, attempted_at,
         attempted_by, disclosure, materials_left, recorded_at)
       values ($1, $2, $3, 'phone', 'survivor_reached', $4, $5, 'generic_script', '[]', $4)`,
      [jurisdictionId, randomUUID(), cases.late, at, worker],
    );
    await context.db.query(
      `insert into outreach_consents (jurisdiction_id, id, case_id, scope, method, obtained_by, obtained_at)
       values ($1, $2, $3, 'home_visit', 'verbal', $4, $5), ($1, $6, $3, 'text_messages', 'verbal', $4, $7)`,
      [jurisdictionId, randomUUID(), cases.late, worker, at, randomUUID(), new Date(Date.now() + HOUR)],
    );
    const read = await get('worker1', `/cases/${cases.late}?purpose=operations`);
    assert.equal(read.statusCode, 200, read.body);
    const detail = read.json();
    assert.deepEqual(detail.person, {
      first_name: 'Ana',
      last_name: 'Late',
      birth_date: null,
      phone: '(860) 555-0101',
      email: null,
      address: '1 Main St',
    });
    assert.equal(detail.attempt_count, 1);
    assert.equal(detail.attempts_remaining, 3);
    assert.deepEqual(detail.last_attempt, {
      attempted_at: at.toISOString(),
      method: 'phone',
      outcome: 'survivor_reached',
    });
    assert.equal(detail.attempts[0].attempted_by.display_name, 'worker1');
    assert.deepEqual(
      detail.consents_in_force,
      ['home_visit'],
      'a consent obtained in the future is not in force',
    );
    assert.deepEqual(
      detail.consents.map((c: { in_force: boolean }) => c.in_force),
      [true, false],
    );
    assert.deepEqual(detail.program, {
      id: programP,
      name: 'Hartford POST',
      policies: (await get('coordA', `/programs/${programP}`)).json().policies,
    });

    const caseReads = (await auditOf('outreach_case.read')).filter((a) => a.subject_id === cases.late);
    assert.deepEqual(
      caseReads.map((a) => [a.actor_id, a.purpose]),
      [[worker, 'operations']],
    );
    const personReads = await auditOf('person.read');
    assert.deepEqual(
      personReads.map((a) => [a.actor_id, a.purpose]),
      [[worker, 'operations']],
    );

    // A reached survivor is no longer overdue, even past the window; the list read is audited once.
    const before = (await auditOf('outreach_case.list')).length;
    const listed = (await get('coordA', '/cases?purpose=audit&status=all')).json();
    const late = listed.cases.find((c: { id: string }) => c.id === cases.late);
    assert.equal(late.overdue, false);
    const lists = await auditOf('outreach_case.list');
    assert.equal(lists.length, before + 1);
    assert.deepEqual(
      [lists.at(-1)?.actor_id, lists.at(-1)?.purpose, lists.at(-1)?.details.count],
      [users.get('coordA')?.id, 'audit', 3],
    );
  });

  it('answers 404 on cases to administrators, analysts, other programs and other jurisdictions, and on every route to police', async () => {
    const caseId = cases.late as string;
    for (const name of ['admin', 'analyst', 'coordB', 'coordElsewhere']) {
      const detail = await get(name, `/cases/${caseId}`);
      assert.equal(detail.statusCode, 404, `${name}: ${detail.body}`);
      assert.equal(detail.json().error.code, 'NOT_FOUND');
    }
    for (const name of ['admin', 'analyst']) {
      assert.equal((await get(name, '/cases')).statusCode, 404, name);
      assert.equal(
        (await send(name, 'POST', `/cases/${caseId}/close`, { reason: 'other' })).statusCode,
        404,
        name,
      );
    }
    assert.equal((await get('coordElsewhere', '/cases')).json().total, 0);
    for (const [method, url] of [
      ['GET', '/programs'],
      ['GET', `/programs/${programP}`],
      ['GET', `/programs/${programP}/queue-health`],
      ['GET', '/cases'],
      ['GET', `/cases/${caseId}`],
      ['POST', '/cases'],
      ['POST', `/cases/${caseId}/assign`],
      ['POST', `/cases/${caseId}/close`],
    ] as const) {
      const answer = await app.inject({
        method,
        url: `/api/v1/outreach${url}`,
        headers: as('police'),
        payload: {},
      });
      assert.equal(answer.statusCode, 404, `${method} ${url}`);
      // The answer of a route that does not exist, which names only the path the caller sent.
      assert.deepEqual(answer.json(), {
        error: { code: 'NOT_FOUND', message: `No route ${method} /api/v1/outreach${url}` },
      });
    }
    assert.equal((await app.inject({ method: 'GET', url: '/api/v1/outreach/cases' })).statusCode, 401);
  });

  it('reports queue health to coordinators, and closes cases with a reason once', async () => {
    const health = await get('coordA', `/programs/${programP}/queue-health`);
    assert.equal(health.statusCode, 200, health.body);
    assert.deepEqual(
      { ...(health.json() as object), by_worker: undefined },
      {
        open: 3,
        unassigned: 1,
        overdue: 1,
        due_within_24h: 1,
        contact_unusable: 1,
        by_worker: undefined,
        recent_visits: {
          days: 30,
          total: 0,
          team_composition: [
            { composition: 'public_health_only', visits: 0 },
            { composition: 'with_plain_clothes_officer', visits: 0 },
            { composition: 'with_uniformed_officer', visits: 0 },
          ],
        },
      },
    );
    const byWorker = new Map(
      (health.json().by_worker as { display_name: string; open: number }[]).map((w) => [
        w.display_name,
        w.open,
      ]),
    );
    assert.deepEqual(Object.fromEntries(byWorker), { coordA: 0, worker1: 1, worker2: 1 });
    assert.equal((await get('worker1', `/programs/${programP}/queue-health`)).statusCode, 403);
    assert.equal((await get('coordB', `/programs/${programP}/queue-health`)).statusCode, 404);

    const close = (name: string, caseId: string) =>
      send(name, 'POST', `/cases/${caseId}/close`, { reason: 'engaged' });
    assert.equal((await close('worker1', cases.middle as string)).statusCode, 404);
    const closed = await close('worker1', cases.late as string);
    assert.equal(closed.statusCode, 200, closed.body);
    assert.deepEqual([closed.json().status, closed.json().close_reason], ['closed', 'engaged']);
    const again = await close('coordA', cases.late as string);
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().error.code, 'OUTREACH_CASE_CLOSED');
    const [entry] = await auditOf('outreach_case.close');
    assert.deepEqual(
      [entry?.subject_id, entry?.purpose, entry?.details],
      [cases.late, 'treatment', { reason: 'engaged' }],
    );
    assert.equal((await get('coordA', '/cases')).json().total, 2);
    assert.deepEqual(
      (await get('coordA', '/cases?status=closed')).json().cases.map((c: { id: string }) => c.id),
      [cases.late],
    );
    // One case a page across open and closed, by due time.
    const paged: string[] = [];
    let cursor = '';
    do {
      const page = (
        await get('coordA', `/cases?status=all&limit=1${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      assert.equal(page.total, 3);
      paged.push(...page.cases.map((c: { id: string }) => c.id));
      cursor = page.next_cursor ?? '';
    } while (cursor && paged.length < 10);
    assert.deepEqual(paged, [cases.overdue, cases.middle, cases.late]);
    assert.equal(new Set(paged).size, 3);
  });
});
