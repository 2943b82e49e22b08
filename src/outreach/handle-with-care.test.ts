import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { ManualTime } from '../../test/support/manual-time.js';
import {
  createUser,
  insertCase,
  insertMember,
  insertProgram,
} from '../../test/support/outreach-lifecycle-fixtures.js';
import { OWN_ORIGIN } from '../../test/support/sign-in.js';
import { startSmtpInbox } from '../../test/support/smtp-inbox.js';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import { buildApp } from '../main/app.js';
import type { AppContext } from '../main/app-context.js';
import { sealPerson, storeSealedPersons } from '../persons/person-vault.js';

describeEachEngine('schools, the household and Handle with Care', (engine) => {
  // Friday 2026-03-06, 23:30 in New York: the notice is due Monday 07:30 (after the DST change, UTC-4).
  const time = new ManualTime(new Date('2026-03-06T23:30:00-05:00'));
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let inbox: Awaited<ReturnType<typeof startSmtpInbox>>;
  let jurisdictionId: string;
  type User = Awaited<ReturnType<typeof createUser>>;
  let coordinator: User;
  let worker: User;
  let analyst: User;
  let caseId: string;
  let schoolId: string;
  let childId: string;

  const send = (user: User, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: { cookie: user.cookie, origin: OWN_ORIGIN },
      ...(payload ? { payload: payload as Record<string, unknown> } : {}),
    });

  before(async () => {
    inbox = await startSmtpInbox();
    context = await openTestContext(engine, { clock: time, config: { smtpUrl: inbox.url } });
    app = await buildApp(context);
    const { db } = context;
    jurisdictionId = (await seedJurisdiction(db, { timeZone: 'America/New_York' })).jurisdiction.id;
    coordinator = await createUser(context, jurisdictionId, 'outreach_coordinator', app);
    worker = await createUser(context, jurisdictionId, 'outreach_worker', app);
    analyst = await createUser(context, jurisdictionId, 'analyst', app);
    const programId = await insertProgram(db, jurisdictionId, { name: 'North QRT' });
    await insertMember(db, jurisdictionId, programId, coordinator.id);
    await insertMember(db, jurisdictionId, programId, worker.id);
    // The survivor, whose name must never reach the school.
    const survivor = sealPerson(context.keyring, { first_name: 'Marisol', last_name: 'Okonkwo-Reyes' });
    await storeSealedPersons(db, jurisdictionId, [survivor]);
    caseId = await insertCase(db, jurisdictionId, programId, {
      clockStartedAt: new Date('2026-03-06T21:00:00-05:00'),
      assignedTo: worker.id,
      personId: survivor.id,
    });
  });
  after(async () => {
    await app.close();
    await context.dispose();
    await inbox.close();
  });

  it('lets coordinators manage schools, workers read them, others neither', async () => {
    const created = await send(coordinator, 'POST', '/api/v1/outreach/schools', {
      name: 'Maple Street Elementary',
      district: 'North District',
      contact_name: 'Ms. Counselor',
      contact_email: 'hwc@maple.example',
    });
    assert.equal(created.statusCode, 201, created.body);
    schoolId = created.json().id;
    const byWorker = await send(worker, 'POST', '/api/v1/outreach/schools', {
      name: 'Other',
      contact_name: 'X',
      contact_email: 'x@example.org',
    });
    assert.equal(byWorker.statusCode, 403, byWorker.body);
    const listed = await send(worker, 'GET', '/api/v1/outreach/schools');
    assert.equal(listed.statusCode, 200, listed.body);
    assert.deepEqual(
      listed.json().schools.map((s: { name: string }) => s.name),
      ['Maple Street Elementary'],
    );
    assert.equal((await send(analyst, 'GET', '/api/v1/outreach/schools')).statusCode, 403);
    const renamed = await send(coordinator, 'PATCH', `/api/v1/outreach/schools/${schoolId}`, {
      contact_name: 'Mr. Nurse',
    });
    assert.equal(renamed.statusCode, 200, renamed.body);
    assert.equal(renamed.json().contact_name, 'Mr. Nurse');
    assert.equal(renamed.json().contact_email, 'hwc@maple.example');
  });

  it("records the household with a child sealed in the vault: the answers never hold the child's name", async () => {
    const child = await send(worker, 'POST', `/api/v1/outreach/cases/${caseId}/household`, {
      relation: 'child',
      age_years: 8,
      caregiver: 'Grandmother, next door',
      child: { first_name: 'Tobias', last_name: 'Lindqvist', birth_date: '2017-09-14', school_id: schoolId },
    });
    assert.equal(child.statusCode, 201, child.body);
    childId = child.json().id;
    time.advance(60_000);
    assert.equal(child.json().child_named, true);
    assert.deepEqual(child.json().school, { id: schoolId, name: 'Maple Street Elementary' });
    const partner = await send(worker, 'POST', `/api/v1/outreach/cases/${caseId}/household`, {
      relation: 'partner',
    });
    assert.equal(partner.statusCode, 201, partner.body);
    const namedPartner = await send(worker, 'POST', `/api/v1/outreach/cases/${caseId}/household`, {
      relation: 'partner',
      child: { first_name: 'A', last_name: 'B', birth_date: '2017-09-14', school_id: schoolId },
    });
    assert.equal(namedPartner.statusCode, 400);
    assert.equal(namedPartner.json().error.details.field, 'child');
    const listed = await send(worker, 'GET', `/api/v1/outreach/cases/${caseId}/household`);
    assert.equal(listed.statusCode, 200, listed.body);
    assert.deepEqual(
      listed
        .json()
        .household.map((m: { relation: string; age_years: number | null }) => [m.relation, m.age_years]),
      [
        ['child', 8],
        ['partner', null],
      ],
    );
    for (const body of [child.body, listed.body]) {
      assert.doesNotMatch(body, /Tobias|Lindqvist|2017-09-14/);
    }
    // Sealed with no match key: a child is never linked to intake's overdoses.
    const [stored] = await context.db.query<{ n: number }>(
      `select count(*)::int as n from outreach_household_members m join persons p
         on p.jurisdiction_id = m.jurisdiction_id and p.id = m.person_id
       where m.jurisdiction_id = $1 and m.id = $2 and p.match_key is null`,
      [jurisdictionId, childId],
    );
    assert.equal(stored?.n, 1);
  });

  it('sends the school a notice due Monday 07:30 holding exactly the name, birth date, school and the words', async () => {
    const requested = await send(worker, 'POST', `/api/v1/outreach/cases/${caseId}/handle-with-care`, {
      household_member_id: childId,
    });
    assert.equal(requested.statusCode, 201, requested.body);
    assert.deepEqual(
      { ...(requested.json() as Record<string, unknown>), id: undefined },
      {
        id: undefined,
        school: { id: schoolId, name: 'Maple Street Elementary' },
        due_by: '2026-03-09T11:30:00.000Z',
        status: 'pending',
      },
    );
    await context.outbox.idle();
    assert.equal(inbox.received.length, 1);
    const [mail] = inbox.received;
    assert.deepEqual(mail?.to, ['hwc@maple.example']);
    assert.equal(mail?.subject, 'Handle with Care');
    assert.equal(
      mail?.text.replace(/\r\n/g, '\n').trimEnd(),
      [
        'Handle with Care',
        '',
        'Child: Tobias Lindqvist',
        'Date of birth: 2017-09-14',
        'School: Maple Street Elementary',
      ].join('\n'),
    );
    assert.deepEqual(mail?.attachments, []);
    const [notice] = await context.db.query<{
      status: string;
      message_id: string | null;
      sent_at: Date | null;
    }>(
      'select status, message_id, sent_at from handle_with_care_notices where jurisdiction_id = $1 and id = $2',
      [jurisdictionId, requested.json().id],
    );
    assert.equal(notice?.status, 'sent');
    assert.match(notice?.message_id ?? '', /^<.+@.+>$/);
    assert.ok(notice?.sent_at);
    const reads = await context.db.query<{ actor_type: string; purpose: string }>(
      `select e.actor_type, e.purpose from audit_entries e join outreach_household_members m
         on m.jurisdiction_id = e.jurisdiction_id and m.person_id::text = e.subject_id
       where e.jurisdiction_id = $1 and m.id = $2 and e.action = 'person.read'`,
      [jurisdictionId, childId],
    );
    assert.deepEqual(
      reads.map((r) => [r.actor_type, r.purpose]),
      [['system', 'operations']],
      "the child's name opened once, for the send, audited",
    );
  });

  it('records a refused delivery as failed with why', async () => {
    inbox.setRefuse((to) => to === 'hwc@maple.example');
    const requested = await send(worker, 'POST', `/api/v1/outreach/cases/${caseId}/handle-with-care`, {
      household_member_id: childId,
    });
    assert.equal(requested.statusCode, 201, requested.body);
    await context.outbox.idle();
    const [notice] = await context.db.query<{ status: string; failure: string | null }>(
      'select status, failure from handle_with_care_notices where jurisdiction_id = $1 and id = $2',
      [jurisdictionId, requested.json().id],
    );
    assert.equal(notice?.status, 'failed');
    assert.match(notice?.failure ?? '', /Mailbox busy/);
    inbox.setRefuse(() => false);
  });

  it('refuses a notice about a household member who is not a named child', async () => {
    const listed = await send(worker, 'GET', `/api/v1/outreach/cases/${caseId}/household`);
    const partner = listed.json().household.find((m: { relation: string }) => m.relation === 'partner');
    const refused = await send(worker, 'POST', `/api/v1/outreach/cases/${caseId}/handle-with-care`, {
      household_member_id: partner.id,
    });
    assert.equal(refused.statusCode, 400, refused.body);
    assert.equal(refused.json().error.details.field, 'household_member_id');
  });
});
