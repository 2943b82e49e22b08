import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Actor } from '../src/access/roles.js';
import type { AppContext } from '../src/main/app-context.js';
import { createSchedule } from '../src/publications/schedules/schedule-service.js';
import { startSmtpInbox } from './support/smtp-inbox.js';
import { describeEachEngine, openTestContext, seedJurisdiction } from './support/test-databases.js';

// The whole path a scheduled report takes on a running server: the cron falls due in the
// jurisdiction's time zone, the real report maker builds the partner report and Chromium prints it,
// the archive keeps it, and a real SMTP server on loopback receives it as an attachment.
describeEachEngine('scheduled weekly report delivery', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let inbox: Awaited<ReturnType<typeof startSmtpInbox>>;
  let now = new Date('2024-02-05T11:00:00Z');

  before(async () => {
    inbox = await startSmtpInbox();
    context = await openTestContext(engine, {
      clock: { now: () => now },
      config: { smtpUrl: inbox.url, mailFrom: 'SOS reports <reports@sos.test>' },
    });
  });
  after(async () => {
    await context.dispose();
    await inbox.close();
  });

  it('runs a due schedule, archives the PDF and emails it to every recipient', async () => {
    const { jurisdiction } = await seedJurisdiction(context.db, { timeZone: 'America/New_York' });
    const analyst: Actor = {
      kind: 'user',
      userId: 'analyst-1',
      jurisdictionId: jurisdiction.id,
      role: 'analyst',
      organizationId: null,
    };
    await createSchedule({ db: context.db, clock: context.clock, scheduler: context.reports }, analyst, {
      name: 'Partners, Mondays',
      audience: 'partner',
      format: 'pdf',
      cron: '0 7 * * 1',
      recipients: ['chief@police.test', 'lead@harm-reduction.test'],
      enabled: true,
    });
    // Monday 2024-02-05 07:00 in New York is 12:00Z: nothing is due at 11:00Z, the report at 12:01Z.
    assert.deepEqual(await context.reports.runDue(now), []);
    now = new Date('2024-02-05T12:01:00Z');
    const runs = await context.reports.runDue(now);
    assert.equal(runs.length, 1);
    const deadline = Date.now() + 20_000;
    while (inbox.received.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(inbox.received.length, 2);
    for (const mail of inbox.received) {
      assert.match(mail.subject, /2024-W05/);
      const [attachment] = mail.attachments;
      assert.equal(attachment?.contentType.split(';')[0], 'application/pdf');
      assert.equal(attachment?.bytes.subarray(0, 5).toString(), '%PDF-');
      assert.match(attachment?.fileName ?? '', /2024-W05-partner\.pdf$/);
    }
    const [archived] = await context.db.query<{ week: string; size: number }>(
      'select week, size from report_archive where jurisdiction_id = $1',
      [jurisdiction.id],
    );
    assert.equal(archived?.week, '2024-W05');
    assert.equal(archived?.size, inbox.received[0]?.attachments[0]?.bytes.length);
  });
});
