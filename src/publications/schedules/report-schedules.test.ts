import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, beforeEach, it } from 'node:test';
import { type ReceivedEmail, startSmtpInbox } from '../../../test/support/smtp-inbox.js';
import {
  describeEachEngine,
  openTestContext,
  seedJurisdiction,
} from '../../../test/support/test-databases.js';
import type { Actor } from '../../access/roles.js';
import type { AppContext } from '../../main/app-context.js';
import { SosError } from '../../platform/errors.js';
import { findArchivedFile } from '../archive/archive-repository.js';
import { listDeliveries } from './delivery-repository.js';
import { setInternalDomains } from './recipient-settings-service.js';
import { ReportMailer } from './report-mailer.js';
import type { MadeReport, ReportMaker } from './report-maker.js';
import { ReportScheduler } from './report-scheduler.js';
import { findSchedule } from './schedule-repository.js';
import { createSchedule, runScheduleNow, type ScheduleServiceDependencies } from './schedule-service.js';

const MINUTE = 60_000;

/** A small PDF-like file, different per request, so each email's attachment can be checked. */
function fakePdf(label: string): Uint8Array {
  return new Uint8Array(Buffer.from(`%PDF-1.4\n% ${label}\n\u00e9\u0000\u00ff binary\n%%EOF\n`, 'latin1'));
}

describeEachEngine('report schedules: run when due, archive, email, retry', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let inbox: Awaited<ReturnType<typeof startSmtpInbox>>;
  let now = new Date('2024-03-06T15:00:00Z');
  let analyst: Actor;
  let deps: ScheduleServiceDependencies;
  let jurisdictionId: string;
  const made: Parameters<ReportMaker>[0][] = [];
  let failFor: string | null = null;

  const maker: ReportMaker = async (request) => {
    made.push(request);
    if (request.audience === failFor) throw new Error('the renderer crashed');
    const report: MadeReport = {
      bytes: fakePdf(`${request.audience} ${request.week.label}`),
      contentType: request.format === 'pdf' ? 'application/pdf' : 'text/html',
      fileName: `test-county-${request.week.label}-${request.audience}.${request.format}`,
    };
    return report;
  };
  const mailsTo = (address: string): ReceivedEmail[] => inbox.received.filter((m) => m.to.includes(address));

  before(async () => {
    inbox = await startSmtpInbox();
    context = await openTestContext(engine, {
      clock: { now: () => now },
      config: { smtpUrl: inbox.url, mailFrom: 'SOS reports <reports@sos.test>' },
      reportMaker: maker,
      reportRetryAfterMs: 30_000,
    });
    const { jurisdiction } = await seedJurisdiction(context.db, { timeZone: 'America/New_York' });
    jurisdictionId = jurisdiction.id;
    analyst = { kind: 'user', userId: 'analyst-1', jurisdictionId, role: 'analyst', organizationId: null };
    deps = { db: context.db, clock: context.clock, scheduler: context.reports };
    // The internal schedules below mail the health department's domain.
    await setInternalDomains(deps, analyst, ['health.test']);
  });
  beforeEach(() => {
    made.length = 0;
    inbox.received.length = 0;
    inbox.setRefuse(() => false);
    failFor = null;
  });
  after(async () => {
    await context.dispose();
    await inbox.close();
  });

  it('runs a due schedule once across servers, archives and emails it, and moves its next run across the DST change', async () => {
    now = new Date('2024-03-06T15:00:00Z');
    const created = await createSchedule(deps, analyst, {
      name: 'Partners, Mondays',
      audience: 'partner',
      format: 'pdf',
      cron: '0 7 * * 1',
      recipients: ['outreach@harm-reduction.test', 'chief@police.test', 'OUTREACH@harm-reduction.test'],
      enabled: true,
    });
    // Monday 2024-03-11 07:00 in New York is after the change to summer time: 11:00Z.
    assert.equal(created.next_run_at, '2024-03-11T11:00:00.000Z');
    assert.equal(created.cron_description, 'every Monday at 07:00');
    assert.deepEqual(created.recipients, ['outreach@harm-reduction.test', 'chief@police.test']);

    assert.deepEqual(await context.reports.runDue(new Date('2024-03-11T10:59:00Z')), []);
    assert.equal(made.length, 0);

    // Two servers (two schedulers on one database) and a second tick of the first, all at once.
    const otherServer = new ReportScheduler({
      db: context.db,
      clock: context.clock,
      makeReport: maker,
      mailer: new ReportMailer({ smtpUrl: inbox.url, mailFrom: 'SOS reports <reports@sos.test>' }),
    });
    now = new Date('2024-03-11T11:00:30Z');
    const runs = (
      await Promise.all([context.reports.runDue(now), otherServer.runDue(now), context.reports.runDue(now)])
    ).flat();
    assert.equal(runs.length, 1, 'one run between them');
    assert.equal(made.length, 1, 'one report made');
    assert.deepEqual(
      { ...made[0], week: made[0]?.week.label },
      { jurisdictionId, week: '2024-W10', audience: 'partner', format: 'pdf' },
    );

    const run = runs[0];
    assert.ok(run && 'result' in run);
    const { report, deliveries } = run.result;
    const expected = fakePdf('partner 2024-W10');
    assert.equal(report.week, '2024-W10');
    assert.equal(report.sha256, createHash('sha256').update(expected).digest('hex'));
    assert.equal(report.size, expected.byteLength);
    assert.equal(report.madeBy, null);
    assert.deepEqual(
      Buffer.from((await findArchivedFile(context.db, jurisdictionId, report.id))?.bytes ?? []),
      Buffer.from(expected),
    );

    assert.equal(inbox.received.length, 2, 'one email per recipient');
    for (const address of ['outreach@harm-reduction.test', 'chief@police.test']) {
      const [mail] = mailsTo(address);
      assert.ok(mail, address);
      assert.deepEqual(mail.to, [address], 'recipients do not see each other');
      assert.equal(mail.subject, 'Weekly overdose report 2024-W10 — Test County (partners)');
      assert.match(mail.text, /MMWR week 2024-W10 \(Sunday 2024-03-03 to Saturday 2024-03-09\)/);
      assert.match(mail.text, /Do not forward it beyond them/);
      assert.equal(mail.attachments.length, 1);
      assert.equal(mail.attachments[0]?.fileName, 'test-county-2024-W10-partner.pdf');
      assert.equal(mail.attachments[0]?.contentType, 'application/pdf');
      assert.deepEqual(mail.attachments[0]?.bytes, Buffer.from(expected));
    }
    assert.deepEqual(deliveries.map((d) => [d.recipient, d.status, d.attempts]).sort(), [
      ['chief@police.test', 'sent', 1],
      ['outreach@harm-reduction.test', 'sent', 1],
    ]);

    const schedule = await findSchedule(context.db, jurisdictionId, created.id);
    assert.equal(schedule?.nextRunAt.toISOString(), '2024-03-18T11:00:00.000Z');
    assert.equal(schedule?.lastRunAt?.toISOString(), '2024-03-11T11:00:30.000Z');
    assert.equal(schedule?.lastError, null);

    const audit = await context.db.query<{ action: string; actor_id: string | null }>(
      `select action, actor_id from audit_entries where jurisdiction_id = $1 and subject_id = $2 order by seq`,
      [jurisdictionId, report.id],
    );
    assert.deepEqual(audit, [
      { action: 'report_archive.create', actor_id: 'report-scheduler' },
      { action: 'report_archive.email', actor_id: 'report-mailer' },
      { action: 'report_archive.email', actor_id: 'report-mailer' },
    ]);

    // Nothing more that week: the next tick finds nothing due.
    now = new Date('2024-03-11T11:01:30Z');
    assert.deepEqual(await context.reports.runDue(now), []);
    assert.equal(made.length, 1);
    // Turned off so the next tests do not meet it.
    await context.db.query('update report_schedules set enabled = false where id = $1', [created.id]);
  });

  it('records failed emails and retries them on later ticks, three attempts at most', async () => {
    now = new Date('2024-04-01T12:00:00Z');
    const created = await createSchedule(deps, analyst, {
      name: 'Analysts, daily',
      audience: 'internal',
      format: 'html',
      cron: '30 6 * * *',
      recipients: ['busy-once@health.test', 'never@health.test'],
      enabled: true,
    });
    let busyOnce = true;
    inbox.setRefuse((recipient) => {
      if (recipient === 'never@health.test') return true;
      if (recipient === 'busy-once@health.test' && busyOnce) {
        busyOnce = false;
        return true;
      }
      return false;
    });
    now = new Date(created.next_run_at);
    assert.equal(now.toISOString(), '2024-04-02T10:30:00.000Z');
    const [run] = await context.reports.runDue(now);
    assert.ok(run && 'result' in run);
    const archiveId = run.result.report.id;
    const state = async () =>
      (await listDeliveries(context.db, jurisdictionId, archiveId)).map((d) => [
        d.recipient,
        d.status,
        d.attempts,
      ]);
    assert.deepEqual(await state(), [
      ['busy-once@health.test', 'failed', 1],
      ['never@health.test', 'failed', 1],
    ]);
    const [failed] = await listDeliveries(context.db, jurisdictionId, archiveId);
    assert.match(failed?.lastError ?? '', /450 Mailbox busy/);

    // A tick too soon after the failure (within the 30 s wait) leaves them.
    now = new Date(now.getTime() + 10_000);
    await context.reports.runDue(now);
    assert.deepEqual(
      (await state()).map((d) => d[2]),
      [1, 1],
    );

    now = new Date(now.getTime() + MINUTE);
    await context.reports.runDue(now);
    assert.deepEqual(await state(), [
      ['busy-once@health.test', 'sent', 2],
      ['never@health.test', 'failed', 2],
    ]);
    const [retried] = mailsTo('busy-once@health.test');
    assert.equal(retried?.subject, 'Weekly overdose report 2024-W13 — Test County (internal)');
    assert.match(retried?.text ?? '', /analysts only/);
    assert.equal(retried?.attachments[0]?.contentType, 'text/html');

    for (let tick = 0; tick < 3; tick++) {
      now = new Date(now.getTime() + MINUTE);
      await context.reports.runDue(now);
    }
    assert.deepEqual(await state(), [
      ['busy-once@health.test', 'sent', 2],
      ['never@health.test', 'failed', 3],
    ]);
    assert.equal(mailsTo('busy-once@health.test').length, 1, 'a sent email is never sent again');
    assert.equal(made.length, 1, 'retries send the archived file, they do not make it again');
    await context.db.query('update report_schedules set enabled = false where id = $1', [created.id]);
  });

  it('records a report that could not be made on its schedule, and runs the others', async () => {
    now = new Date('2024-05-01T12:00:00Z');
    const failing = await createSchedule(deps, analyst, {
      name: 'Internal',
      audience: 'internal',
      format: 'pdf',
      cron: '0 8 * * *',
      recipients: ['epi@health.test'],
      enabled: true,
    });
    const working = await createSchedule(deps, analyst, {
      name: 'Public',
      audience: 'public',
      format: 'pdf',
      cron: '0 8 * * *',
      recipients: ['press@news.test'],
      enabled: true,
    });
    failFor = 'internal';
    now = new Date('2024-05-02T12:00:05Z');
    const runs = await context.reports.runDue(now);
    assert.deepEqual(
      runs.map((r) => [r.scheduleId, 'error' in r ? String(r.error) : 'made']).sort(),
      [
        [failing.id, 'Error: the renderer crashed'],
        [working.id, 'made'],
      ].sort(),
    );
    const failed = await findSchedule(context.db, jurisdictionId, failing.id);
    assert.equal(failed?.lastError, 'the renderer crashed');
    assert.equal(failed?.nextRunAt.toISOString(), '2024-05-03T12:00:00.000Z', 'it waits for its next time');
    const [publicMail] = mailsTo('press@news.test');
    assert.ok(publicMail);
    assert.equal(publicMail.subject, 'Weekly overdose report 2024-W17 — Test County (public)');
    assert.doesNotMatch(publicMail.text, /forward/);
    assert.equal(mailsTo('epi@health.test').length, 0);

    // The next good run clears the error.
    failFor = null;
    now = new Date('2024-05-03T12:00:05Z');
    await context.reports.runDue(now);
    assert.equal((await findSchedule(context.db, jurisdictionId, failing.id))?.lastError, null);
    await context.db.query('update report_schedules set enabled = false where jurisdiction_id = $1', [
      jurisdictionId,
    ]);
  });

  it('runs a schedule on demand without moving its times; without a report maker it fails with REPORT_MAKER_MISSING', async () => {
    now = new Date('2024-06-05T12:00:00Z');
    const created = await createSchedule(deps, analyst, {
      name: 'Try me',
      audience: 'public',
      format: 'pdf',
      cron: '0 7 * * 1',
      recipients: [],
      enabled: false,
    });
    const result = await runScheduleNow(deps, analyst, created.id);
    assert.equal(result.report.week, '2024-W22');
    assert.deepEqual(result.deliveries, []);
    const after = await findSchedule(context.db, jurisdictionId, created.id);
    assert.equal(after?.nextRunAt.toISOString(), created.next_run_at);
    assert.equal(after?.lastRunAt, null);
    const [entry] = await context.db.query<{ actor_id: string }>(
      `select actor_id from audit_entries where action = 'report_archive.create' and subject_id = $1`,
      [result.report.id],
    );
    assert.equal(entry?.actor_id, 'analyst-1');

    const makerless = new ReportScheduler({
      db: context.db,
      clock: context.clock,
      makeReport: (await import('./report-maker.js')).missingReportMaker,
      mailer: new ReportMailer({ smtpUrl: inbox.url, mailFrom: 'x@sos.test' }),
    });
    await assert.rejects(
      runScheduleNow({ ...deps, scheduler: makerless }, analyst, created.id),
      (error: unknown) => error instanceof SosError && error.code === 'REPORT_MAKER_MISSING',
    );
    assert.match(
      (await findSchedule(context.db, jurisdictionId, created.id))?.lastError ?? '',
      /^REPORT_MAKER_MISSING: /,
    );
  });
});
