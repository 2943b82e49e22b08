import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { ManualTime } from '../../test/support/manual-time.js';
import {
  createUser,
  insertCase,
  insertMember,
  insertProgram,
} from '../../test/support/outreach-lifecycle-fixtures.js';
import { OWN_ORIGIN, TEST_PASSWORD } from '../../test/support/sign-in.js';
import { startSmtpInbox } from '../../test/support/smtp-inbox.js';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import { authorize } from '../access/authorize.js';
import { emergencyUse } from '../access/break-the-glass/glass-break-service.js';
import type { Actor } from '../access/roles.js';
import { buildApp } from '../main/app.js';
import type { AppContext } from '../main/app-context.js';
import { openPerson, sealPerson, storeSealedPersons } from '../persons/person-vault.js';
import type { Database, Queryable } from '../platform/database.js';
import { breakCaseGlass } from './case-glass-service.js';
import { caseResource, withPrograms } from './outreach-access.js';

describeEachEngine('break the glass on an outreach case', (engine) => {
  const time = new ManualTime(new Date('2026-03-02T08:00:00Z'));
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let inbox: Awaited<ReturnType<typeof startSmtpInbox>>;
  let jurisdictionId: string;
  type User = Awaited<ReturnType<typeof createUser>>;
  let coordinatorA: User;
  let coordinatorB: User;
  let workerA: User;
  let analyst: User;
  let programA: string;
  let programB: string;
  let caseA: string;
  let unassignedA: string;
  let caseNoContact: string;
  let personId: string;

  before(async () => {
    inbox = await startSmtpInbox();
    context = await openTestContext(engine, { clock: time, config: { smtpUrl: inbox.url } });
    app = await buildApp(context);
    const { db } = context;
    jurisdictionId = (await seedJurisdiction(db)).jurisdiction.id;
    coordinatorA = await createUser(context, jurisdictionId, 'outreach_coordinator', app);
    coordinatorB = await createUser(context, jurisdictionId, 'outreach_coordinator', app);
    workerA = await createUser(context, jurisdictionId, 'outreach_worker', app);
    analyst = await createUser(context, jurisdictionId, 'analyst', app);
    programA = await insertProgram(db, jurisdictionId, {
      name: 'North QRT',
      privacyContact: 'privacy@north.example',
    });
    programB = await insertProgram(db, jurisdictionId, { name: 'South POST' });
    await insertMember(db, jurisdictionId, programA, coordinatorA.id);
    await insertMember(db, jurisdictionId, programA, workerA.id);
    await insertMember(db, jurisdictionId, programB, coordinatorB.id);
    const sealed = sealPerson(context.keyring, {
      first_name: 'Rosa',
      last_name: 'Quintero',
      phone: '555-0100',
    });
    await storeSealedPersons(db, jurisdictionId, [sealed]);
    personId = sealed.id;
    caseA = await insertCase(db, jurisdictionId, programA, {
      clockStartedAt: new Date('2026-03-01T20:00:00Z'),
      assignedTo: workerA.id,
      personId,
    });
    unassignedA = await insertCase(db, jurisdictionId, programA, {
      clockStartedAt: new Date('2026-03-01T20:00:00Z'),
    });
    caseNoContact = await insertCase(db, jurisdictionId, programB, {
      clockStartedAt: new Date('2026-03-01T20:00:00Z'),
    });
  });
  after(async () => {
    await app.close();
    await context.dispose();
    await inbox.close();
  });

  const breakGlass = (user: User, caseId: string, payload: unknown) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/outreach/cases/${caseId}/break-the-glass`,
      headers: { cookie: user.cookie, origin: OWN_ORIGIN },
      payload: payload as Record<string, unknown>,
    });
  const glassAudit = () =>
    context.db.query<{
      actor_id: string;
      subject_type: string;
      subject_id: string;
      purpose: string;
      details: unknown;
    }>(
      `select actor_id, subject_type, subject_id, purpose, details from audit_entries
       where jurisdiction_id = $1 and action = 'access.break_the_glass' order by seq`,
      [jurisdictionId],
    );
  const refused = (answer: { statusCode: number; json(): { error: { code: string } } }) => [
    answer.statusCode,
    answer.json().error.code,
  ];

  it('refuses without a reason, or with a few letters, and breaks nothing', async () => {
    assert.deepEqual(refused(await breakGlass(coordinatorB, caseA, {})), [400, 'VALIDATION_FAILED']);
    const short = await breakGlass(coordinatorB, caseA, { reason: 'urgent' });
    assert.deepEqual(refused(short), [400, 'VALIDATION_FAILED']);
    assert.equal(short.json().error.details.field, 'reason');
    assert.deepEqual(await glassAudit(), []);
    assert.equal(inbox.received.length, 0);
  });

  it("refuses a coordinator her own program's case: there is no glass to break", async () => {
    assert.deepEqual(
      refused(await breakGlass(coordinatorA, caseA, { reason: 'Checking the emergency access works' })),
      [400, 'VALIDATION_FAILED'],
    );
  });

  it('answers 404 to a worker (even on her program), 403 to an analyst, 404 for a case that does not exist', async () => {
    const reason = { reason: 'Survivor turned up at our drop-in' };
    assert.deepEqual(refused(await breakGlass(workerA, unassignedA, reason)), [404, 'NOT_FOUND']);
    assert.deepEqual(refused(await breakGlass(workerA, caseNoContact, reason)), [404, 'NOT_FOUND']);
    assert.deepEqual(refused(await breakGlass(analyst, caseA, reason)), [403, 'FORBIDDEN']);
    assert.deepEqual(refused(await breakGlass(coordinatorB, randomUUID(), reason)), [404, 'NOT_FOUND']);
    assert.deepEqual(await glassAudit(), []);
  });

  it('breaks nothing when the notice to the privacy contact cannot be queued', async () => {
    const outboxDown = (q: Queryable): Queryable => ({
      query: <T>(text: string, params?: unknown[]) =>
        text.includes('outbox_events')
          ? Promise.reject(new Error('the outbox is down'))
          : q.query<T>(text, params),
      copyLines: (table, columns, text) => q.copyLines(table, columns, text),
    });
    const db: Database = {
      ...outboxDown(context.db),
      kind: context.db.kind,
      transaction: (fn) => context.db.transaction((tx) => fn(outboxDown(tx))),
      exec: (sql) => context.db.exec(sql),
      close: async () => {},
    };
    const actor: Actor = {
      kind: 'user',
      userId: coordinatorB.id,
      jurisdictionId,
      role: 'outreach_coordinator',
      organizationId: null,
    };
    await assert.rejects(
      breakCaseGlass(
        { db, clock: time, keyring: context.keyring },
        actor,
        caseA,
        'Survivor at our drop-in now',
      ),
      /the outbox is down/,
    );
    assert.deepEqual(await glassAudit(), [], 'no break audited without its notice');
    const [open] = await context.db.query<{ n: number }>(
      'select count(*)::int as n from glass_breaks where jurisdiction_id = $1',
      [jurisdictionId],
    );
    assert.equal(open?.n, 0, 'no glass broken without its notice');
  });

  it("opens another program's case and its person for 60 minutes with a reason, audited, and tells the privacy contact", async () => {
    const reason = 'Survivor brought to our drop-in by her brother, unconscious earlier';
    const answer = await breakGlass(coordinatorB, caseA, { reason: `  ${reason} ` });
    assert.equal(answer.statusCode, 201, answer.body);
    assert.deepEqual(answer.json(), { expires_at: '2026-03-02T09:00:00.000Z' });

    const audit = await glassAudit();
    assert.deepEqual(
      audit.map((a) => [a.actor_id, a.subject_type, a.subject_id, a.purpose]),
      [
        [coordinatorB.id, 'outreach_case', caseA, 'emergency'],
        [coordinatorB.id, 'person', personId, 'emergency'],
      ],
    );
    assert.equal((audit[0]?.details as { reason?: string } | undefined)?.reason, reason);

    await context.outbox.idle();
    const [notice, ...more] = inbox.received;
    assert.equal(more.length, 0);
    assert.deepEqual(notice?.to, ['privacy@north.example']);
    assert.equal(notice?.subject, `North QRT: break-the-glass read of case ${caseA}`);
    for (const told of [coordinatorB.email, caseA, reason, '2026-03-02T09:00:00.000Z']) {
      assert.ok(notice?.text.includes(told), `the notice says ${told}`);
    }
    for (const secret of ['Rosa', 'Quintero', '555-0100', personId]) {
      assert.ok(!notice?.text.includes(secret), 'nothing of the survivor');
    }

    // Purpose emergency now opens the case and the person to her (and to no one else).
    const reader = (await withPrograms(context.db, {
      kind: 'user',
      userId: coordinatorB.id,
      jurisdictionId,
      role: 'outreach_coordinator',
      organizationId: null,
    })) as Actor;
    const resource = {
      ...caseResource({ id: caseA, jurisdictionId, programId: programA, assignedTo: workerA.id }),
      id: caseA,
    };
    const caseUse = await emergencyUse(context, reader, 'outreach.read', resource);
    assert.equal(authorize(reader, 'outreach.read', resource, caseUse).effect, 'break_the_glass');
    const personUse = await emergencyUse(context, reader, 'person.read', {
      type: 'person',
      id: personId,
      jurisdictionId,
      programId: programA,
      assignedTo: workerA.id,
      tier: 'T3',
    });
    const person = await openPerson(
      context.db,
      context.keyring,
      reader,
      { jurisdictionId, personId, use: personUse, programId: programA, assignedTo: workerA.id },
      time.now(),
    );
    assert.equal(person.last_name, 'Quintero');
    time.advance(60 * 60_000);
    const expired = await emergencyUse(context, reader, 'outreach.read', resource);
    assert.throws(() => authorize(reader, 'outreach.read', resource, expired), /break the glass/);
  });

  /** Confirms the user's password again: breaking the glass asks for it 10 minutes after sign-in. */
  const reauthenticate = async (user: User) => {
    const answer = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/reauthenticate',
      headers: { cookie: user.cookie, origin: OWN_ORIGIN },
      payload: { password: TEST_PASSWORD },
    });
    assert.equal(answer.statusCode, 200, answer.body);
  };

  it('breaks the glass on a case without a privacy contact or a person, and emails no one', async () => {
    // An hour has passed since the coordinator signed in.
    await reauthenticate(coordinatorA);
    const before = inbox.received.length;
    const answer = await breakGlass(coordinatorA, caseNoContact, {
      reason: 'Survivor known to us called our line',
    });
    assert.equal(answer.statusCode, 201, answer.body);
    await context.outbox.idle();
    assert.equal(inbox.received.length, before);
    const audit = await glassAudit();
    assert.deepEqual(audit.at(-1)?.subject_id, caseNoContact);
    assert.equal(audit.filter((a) => a.subject_type === 'person').length, 1, 'no person to open');
  });

  it('asks for the password again before breaking the glass 10 minutes after sign-in, and breaks it after', async () => {
    time.advance(11 * 60_000);
    const reason = { reason: 'Survivor known to us called our line' };
    const stale = await breakGlass(coordinatorB, unassignedA, reason);
    assert.deepEqual(refused(stale), [403, 'REAUTHENTICATION_REQUIRED']);
    const glassesBefore = (await glassAudit()).length;
    await reauthenticate(coordinatorB);
    const broken = await breakGlass(coordinatorB, unassignedA, reason);
    assert.equal(broken.statusCode, 201, broken.body);
    assert.equal((await glassAudit()).length, glassesBefore + 1, 'the refused attempt broke nothing');
  });
});
