import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { ManualTime } from '../../test/support/manual-time.js';
import {
  createUser,
  insertAttempt,
  insertCase,
  insertMember,
  insertProgram,
} from '../../test/support/outreach-lifecycle-fixtures.js';
import { startSmtpInbox } from '../../test/support/smtp-inbox.js';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import type { AppContext } from '../main/app-context.js';
import { JobRunner } from '../platform/jobs/job-runner.js';
import { OutreachMailer } from './outreach-mailer.js';
import { OVERDUE_ESCALATION_JOB, OverdueEscalation } from './overdue-escalation.js';

const HOUR = 3_600_000;

describeEachEngine('overdue escalation and reminders', (engine) => {
  const time = new ManualTime(new Date('2026-03-02T12:00:00Z'));
  const hoursAgo = (h: number) => new Date(time.now().getTime() - h * HOUR);
  let context: AppContext & { dispose(): Promise<void> };
  let inbox: Awaited<ReturnType<typeof startSmtpInbox>>;
  let otherMailer: OutreachMailer;
  let runners: JobRunner[];
  let otherRunner: JobRunner;
  let jurisdictionId: string;
  let coordinator: { id: string; email: string };
  let leftCoordinator: { id: string; email: string };
  let worker: { id: string; email: string };
  const cases: Record<string, string> = {};

  before(async () => {
    inbox = await startSmtpInbox();
    // The refused email fails the run: its retries wait in real time, shortened here.
    context = await openTestContext(engine, {
      clock: time,
      config: { smtpUrl: inbox.url },
      jobRetryFirstDelayMs: 10,
    });
    const { db } = context;
    jurisdictionId = (await seedJurisdiction(db)).jurisdiction.id;
    coordinator = await createUser(context, jurisdictionId, 'outreach_coordinator');
    leftCoordinator = await createUser(context, jurisdictionId, 'outreach_coordinator');
    worker = await createUser(context, jurisdictionId, 'outreach_worker');
    const program = await insertProgram(db, jurisdictionId, { name: 'North QRT', responseWindowHours: 72 });
    await insertMember(db, jurisdictionId, program, coordinator.id, { teamRole: 'clinician' });
    await insertMember(db, jurisdictionId, program, leftCoordinator.id, { active: false });
    await insertMember(db, jurisdictionId, program, worker.id);
    await insertMember(db, jurisdictionId, program, null, { teamRole: 'ems' });
    const open = (h: number, assignedTo?: string) =>
      insertCase(db, jurisdictionId, program, {
        clockStartedAt: hoursAgo(h),
        assignedTo: assignedTo ?? null,
      });
    cases.overdue = await open(80);
    cases.overdueNoAnswer = await open(75);
    await insertAttempt(db, jurisdictionId, cases.overdueNoAnswer, {
      outcome: 'no_answer',
      attemptedAt: hoursAgo(70),
    });
    cases.reached = await open(80);
    await insertAttempt(db, jurisdictionId, cases.reached, {
      outcome: 'survivor_reached',
      attemptedAt: hoursAgo(70),
    });
    // She declined: further contact needs her consent, so no escalation presses for it.
    cases.declined = await open(80);
    await insertAttempt(db, jurisdictionId, cases.declined, {
      outcome: 'declined',
      attemptedAt: hoursAgo(70),
    });
    cases.closed = await insertCase(db, jurisdictionId, program, {
      clockStartedAt: hoursAgo(80),
      status: 'closed',
      closedAt: hoursAgo(10),
    });
    cases.dueIn7h = await open(65, worker.id);
    cases.dueIn22h = await open(50, worker.id);
    // Two servers share the database, each with its own runner and mailer.
    otherMailer = new OutreachMailer({ smtpUrl: inbox.url, mailFrom: 'SOS <sos@localhost>' });
    const other = new OverdueEscalation({ db, mailer: otherMailer, siteUrl: 'http://localhost' });
    // This server's runner is the application's own, with the job as app-context registers it.
    otherRunner = new JobRunner(db, time, { sleep: time.sleep });
    otherRunner.register({
      name: OVERDUE_ESCALATION_JOB,
      schedule: { everyMs: 5 * 60_000 },
      run: (now) => other.runOnce(now),
    });
    runners = [context.jobs, otherRunner];
    for (const runner of runners) runner.start();
  });
  after(async () => {
    await otherRunner.stop();
    otherMailer.close();
    await context.dispose();
    await inbox.close();
  });

  const idle = () => Promise.all(runners.map((r) => r.idle()));
  const mailTo = (email: string) => inbox.received.filter((m) => m.to.includes(email));
  const marks = async (column: 'escalated_at' | 'reminded_at') =>
    (
      await context.db.query<{ id: string }>(
        `select id from outreach_cases where jurisdiction_id = $1 and ${column} is not null order by id`,
        [jurisdictionId],
      )
    ).map((r) => r.id);

  it('emails the active coordinators once about the open cases past their window with no one reached, and reminds the worker of a case due within 12 h', async () => {
    await idle();
    const toCoordinator = mailTo(coordinator.email);
    assert.equal(toCoordinator.length, 1, 'one email, though two servers ran the job');
    const [escalation] = toCoordinator;
    assert.equal(escalation?.subject, 'North QRT: 2 cases past the response window');
    for (const id of [cases.overdue, cases.overdueNoAnswer]) {
      assert.ok(escalation?.text.includes(`/outreach/cases/${id}`), `links case ${id}`);
    }
    for (const id of [cases.reached, cases.declined, cases.closed, cases.dueIn7h, cases.dueIn22h]) {
      assert.ok(!escalation?.text.includes(id as string), `does not name case ${id}`);
    }
    assert.equal(mailTo(leftCoordinator.email).length, 0, 'a member who left hears nothing');
    assert.deepEqual(await marks('escalated_at'), [cases.overdue, cases.overdueNoAnswer].sort());

    const [reminder, ...more] = mailTo(worker.email);
    assert.equal(more.length, 0);
    assert.equal(reminder?.subject, '1 case assigned to you due within 12 hours');
    assert.ok(reminder?.text.includes(`/outreach/cases/${cases.dueIn7h}`));
    assert.ok(!reminder?.text.includes(cases.dueIn22h as string));
    assert.deepEqual(await marks('reminded_at'), [cases.dueIn7h]);

    const audit = await context.db.query<{ action: string; details: { count: number } }>(
      `select action, details from audit_entries where jurisdiction_id = $1 and action like 'outreach_case.%' order by seq`,
      [jurisdictionId],
    );
    assert.deepEqual(
      audit.map((a) => [a.action, a.details.count]),
      [
        ['outreach_case.escalate', 2],
        ['outreach_case.remind', 1],
      ],
    );
  });

  it('mails nothing again on the next runs, then escalates the case whose window has since ended and reminds of the next', async () => {
    time.advance(5 * 60_000);
    await idle();
    assert.equal(inbox.received.length, 2);

    // 10 h 10 min in: the reminded case is overdue; the other is now due within 12 h (11 h 50 min).
    time.advance(10 * HOUR);
    await idle();
    const [, second] = mailTo(coordinator.email);
    assert.equal(second?.subject, 'North QRT: 1 case past the response window');
    assert.ok(second?.text.includes(cases.dueIn7h as string));
    const [, nextReminder] = mailTo(worker.email);
    assert.ok(nextReminder?.text.includes(cases.dueIn22h as string));
    assert.equal(inbox.received.length, 4);
  });

  it('leaves a case unescalated when its email is refused, and mails it on a later run', async () => {
    const program = await insertProgram(context.db, jurisdictionId, { name: 'South QRT' });
    await insertMember(context.db, jurisdictionId, program, coordinator.id);
    const late = await insertCase(context.db, jurisdictionId, program, { clockStartedAt: hoursAgo(73) });
    inbox.setRefuse((to) => to === coordinator.email);
    time.advance(5 * 60_000);
    await idle();
    assert.ok(!(await marks('escalated_at')).includes(late), 'not marked: the coordinator was not told');
    inbox.setRefuse(() => false);
    time.advance(5 * 60_000);
    await idle();
    assert.ok((await marks('escalated_at')).includes(late));
    const last = mailTo(coordinator.email).at(-1);
    assert.equal(last?.subject, 'South QRT: 1 case past the response window');
    assert.ok(last?.text.includes(late));
  });
});
