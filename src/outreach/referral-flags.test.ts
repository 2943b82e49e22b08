import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import { ManualTime } from '../../test/support/manual-time.js';
import {
  createUser,
  insertCase,
  insertMember,
  insertProgram,
} from '../../test/support/outreach-lifecycle-fixtures.js';
import { startSmtpInbox } from '../../test/support/smtp-inbox.js';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import type { AppContext } from '../main/app-context.js';
import { OutreachMailer } from './outreach-mailer.js';
import { ReferralFlags } from './referral-flags.js';

const DAY = 86_400_000;

describeEachEngine('the unanswered-referral flags', (engine) => {
  const time = new ManualTime(new Date('2026-03-02T12:00:00Z'));
  const daysAgo = (d: number) => new Date(time.now().getTime() - d * DAY);
  let context: AppContext & { dispose(): Promise<void> };
  let inbox: Awaited<ReturnType<typeof startSmtpInbox>>;
  let mailer: OutreachMailer;
  let flags: ReferralFlags;
  let jurisdictionId: string;
  let coordinator: { id: string; email: string };
  let worker: { id: string; email: string };
  const referrals: Record<string, string> = {};
  const cases: Record<string, string> = {};

  /** Stores a referral of a case as the referral service would, in a status, referred some days ago. */
  const refer = async (
    programId: string,
    caseId: string,
    status: string,
    referredAt: Date,
    flaggedAt: Date | null = null,
  ): Promise<string> => {
    const id = randomUUID();
    await context.db.query(
      `insert into outreach_referrals (jurisdiction_id, id, program_id, case_id, service_id, service_name, need,
         handoff, status, part2, referred_at, last_status_at, flagged_at, created_by, recorded_at)
       values ($1, $2, $3, $4, 'svc-1', 'Harbor Clinic', 'moud', 'none', $5, false, $6, $6, $7, $8, $6)`,
      [jurisdictionId, id, programId, caseId, status, referredAt, flaggedAt, coordinator.id],
    );
    return id;
  };
  const flagged = async () =>
    (
      await context.db.query<{ id: string }>(
        'select id from outreach_referrals where jurisdiction_id = $1 and flagged_at = $2 order by id',
        [jurisdictionId, time.now()],
      )
    ).map((r) => r.id);

  before(async () => {
    inbox = await startSmtpInbox();
    context = await openTestContext(engine, { clock: time, config: { smtpUrl: inbox.url } });
    const { db } = context;
    jurisdictionId = (await seedJurisdiction(db)).jurisdiction.id;
    coordinator = await createUser(context, jurisdictionId, 'outreach_coordinator');
    worker = await createUser(context, jurisdictionId, 'outreach_worker');
    const north = await insertProgram(db, jurisdictionId, { name: 'North QRT' });
    const patient = await insertProgram(db, jurisdictionId, { name: 'Patient QRT' });
    await db.query(
      'update outreach_programs set referral_answer_days = 7 where jurisdiction_id = $1 and id = $2',
      [jurisdictionId, patient],
    );
    for (const program of [north, patient]) {
      await insertMember(db, jurisdictionId, program, coordinator.id);
      await insertMember(db, jurisdictionId, program, worker.id);
    }
    cases.north = await insertCase(db, jurisdictionId, north, { clockStartedAt: daysAgo(20) });
    cases.patient = await insertCase(db, jurisdictionId, patient, { clockStartedAt: daysAgo(20) });
    referrals.late = await refer(north, cases.north, 'requested', daysAgo(4));
    referrals.recent = await refer(north, cases.north, 'requested', daysAgo(2));
    referrals.answered = await refer(north, cases.north, 'accepted', daysAgo(5));
    referrals.alreadyFlagged = await refer(north, cases.north, 'requested', daysAgo(10), daysAgo(6));
    referrals.longerWindow = await refer(patient, cases.patient, 'requested', daysAgo(5));
    mailer = new OutreachMailer({ smtpUrl: inbox.url, mailFrom: 'SOS <sos@localhost>' });
    flags = new ReferralFlags({ db, mailer, siteUrl: 'http://localhost' });
  });
  after(async () => {
    mailer.close();
    await context.dispose();
    await inbox.close();
  });

  it("flags the referrals still requested past their program's window and emails the coordinators once", async () => {
    const run = await flags.runOnce(time.now());
    assert.deepEqual(run, { flagged: 1, emails: 1 });
    assert.deepEqual(await flagged(), [referrals.late]);
    const [mail, ...more] = inbox.received;
    assert.equal(more.length, 0);
    assert.ok(mail?.to.includes(coordinator.email));
    assert.equal(mail?.subject, 'North QRT: 1 referral without an answer after 3 days');
    assert.ok(mail?.text.includes(`/outreach/cases/${cases.north}`));
    assert.ok(mail?.text.includes('Harbor Clinic'));
    assert.equal(
      inbox.received.filter((m) => m.to.includes(worker.email)).length,
      0,
      'workers are not mailed',
    );
    const [audit] = await context.db.query<{ details: { count: number; referral_ids: string[] } }>(
      `select details from audit_entries where jurisdiction_id = $1 and action = 'outreach_referral.flag'`,
      [jurisdictionId],
    );
    assert.deepEqual(audit?.details.referral_ids, [referrals.late]);

    assert.deepEqual(await flags.runOnce(time.now()), { flagged: 0, emails: 0 }, 'nothing twice');
    assert.equal(inbox.received.length, 1);
  });

  it('takes its flags back when the email is refused, and flags them on a later run', async () => {
    time.advance(3 * DAY);
    inbox.setRefuse((to) => to === coordinator.email);
    await assert.rejects(flags.runOnce(time.now()));
    assert.deepEqual(await flagged(), [], 'not flagged: the coordinators were not told');
    inbox.setRefuse(() => false);
    const run = await flags.runOnce(time.now());
    assert.deepEqual(run, { flagged: 2, emails: 2 });
    assert.deepEqual(await flagged(), [referrals.recent, referrals.longerWindow].sort());
  });
});
