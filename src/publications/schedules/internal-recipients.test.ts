import assert from 'node:assert/strict';
import { after, before, beforeEach, it } from 'node:test';
import { startSmtpInbox } from '../../../test/support/smtp-inbox.js';
import {
  describeEachEngine,
  openTestContext,
  seedJurisdiction,
} from '../../../test/support/test-databases.js';
import { type Actor, cliActor, type Role } from '../../access/roles.js';
import type { AppContext } from '../../main/app-context.js';
import { SosError } from '../../platform/errors.js';
import { listDeliveries } from './delivery-repository.js';
import { readInternalDomains, setInternalDomains } from './recipient-settings-service.js';
import type { ReportMaker } from './report-maker.js';
import { findSchedule } from './schedule-repository.js';
import {
  changeSchedule,
  createSchedule,
  runScheduleNow,
  type ScheduleServiceDependencies,
} from './schedule-service.js';

/** A rejection with REPORT_RECIPIENT_NOT_ALLOWED naming exactly these recipients. */
function notAllowed(recipients: string[]) {
  return (error: unknown) => {
    assert.ok(error instanceof SosError, String(error));
    assert.equal(error.code, 'REPORT_RECIPIENT_NOT_ALLOWED');
    assert.equal(error.status, 422);
    assert.deepEqual((error.details as { recipients: string[] }).recipients, recipients);
    for (const r of recipients) assert.ok(error.message.includes(r), `${error.message} names ${r}`);
    return true;
  };
}

// Internal (analyst-tier) reports go only to active analysts of the jurisdiction or to the domains an
// analyst allowlisted: checked when a schedule is created or changed, when it is run now, and again
// at every delivery, since users lose roles and accounts are disabled after a schedule is set.
describeEachEngine('recipients of internal reports', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let inbox: Awaited<ReturnType<typeof startSmtpInbox>>;
  let now = new Date('2024-03-06T15:00:00Z');
  let deps: ScheduleServiceDependencies;
  let jurisdictionId: string;
  let administrator: Actor;
  let analyst: Actor;
  const made: string[] = [];

  const maker: ReportMaker = async (request) => {
    made.push(request.audience);
    return {
      bytes: new Uint8Array(Buffer.from(`%PDF-1.4\n% ${request.audience}\n%%EOF\n`)),
      contentType: 'application/pdf',
      fileName: `report-${request.audience}.pdf`,
    };
  };
  const createUser = async (jurisdiction: string, email: string, role: Role) =>
    context.access.createUser(cliActor, {
      jurisdictionId: jurisdiction,
      email,
      displayName: email,
      role,
      organizationId: null,
      password: 'a long enough password',
    });
  const mailsTo = (address: string) => inbox.received.filter((m) => m.to.includes(address));
  const internal = (recipients: string[]) => ({
    name: `Analysts ${recipients.join(' ')}`,
    audience: 'internal' as const,
    format: 'pdf' as const,
    cron: '0 7 * * 1',
    recipients,
    enabled: false,
  });

  before(async () => {
    inbox = await startSmtpInbox();
    context = await openTestContext(engine, {
      clock: { now: () => now },
      config: { smtpUrl: inbox.url, mailFrom: 'SOS reports <reports@sos.test>' },
      reportMaker: maker,
      reportRetryAfterMs: 30_000,
    });
    const { jurisdiction } = await seedJurisdiction(context.db);
    const { jurisdiction: elsewhere } = await seedJurisdiction(context.db);
    jurisdictionId = jurisdiction.id;
    administrator = {
      kind: 'user',
      userId: 'admin-1',
      jurisdictionId,
      role: 'administrator',
      organizationId: null,
    };
    analyst = { kind: 'user', userId: 'analyst-1', jurisdictionId, role: 'analyst', organizationId: null };
    deps = { db: context.db, clock: context.clock, scheduler: context.reports };
    await createUser(jurisdiction.id, 'epi@county.test', 'analyst');
    await createUser(jurisdiction.id, 'epi2@county.test', 'analyst');
    await createUser(jurisdiction.id, 'boss@county.test', 'administrator');
    await createUser(jurisdiction.id, 'cop@county.test', 'public_safety_analyst');
    await createUser(elsewhere.id, 'epi@elsewhere.test', 'analyst');
  });
  beforeEach(() => {
    made.length = 0;
    inbox.received.length = 0;
  });
  after(async () => {
    await context.dispose();
    await inbox.close();
  });

  it('refuses to create an internal schedule for anyone but active analysts of the jurisdiction', async () => {
    await context.db.query("update users set disabled_at = now() where email = 'epi2@county.test'");
    await assert.rejects(
      createSchedule(
        deps,
        administrator,
        internal([
          'EPI@county.test',
          'boss@county.test',
          'cop@county.test',
          'epi@elsewhere.test',
          'epi2@county.test',
          'me@gmail.test',
        ]),
      ),
      notAllowed([
        'boss@county.test',
        'cop@county.test',
        'epi@elsewhere.test',
        'epi2@county.test',
        'me@gmail.test',
      ]),
    );
    await context.db.query("update users set disabled_at = null where email = 'epi2@county.test'");
    const created = await createSchedule(
      deps,
      administrator,
      internal(['EPI@county.test', 'epi2@county.test']),
    );
    assert.deepEqual(created.recipients, ['EPI@county.test', 'epi2@county.test']);
    // Partner and public reports keep their rules: anyone.
    await createSchedule(deps, administrator, { ...internal(['me@gmail.test']), audience: 'partner' });
  });

  it('lets an analyst, and only an analyst, allowlist exact domains', async () => {
    await assert.rejects(
      setInternalDomains(deps, administrator, ['gmail.test']),
      (error: unknown) => error instanceof SosError && error.code === 'FORBIDDEN',
    );
    assert.deepEqual(await readInternalDomains(deps, administrator), { domains: [] });
    assert.deepEqual(await setInternalDomains(deps, analyst, ['Health.Example.GOV', 'health.example.gov']), {
      domains: ['health.example.gov'],
    });
    assert.deepEqual(await readInternalDomains(deps, administrator), { domains: ['health.example.gov'] });
    const [entry] = await context.db.query<{ actor_id: string; details: unknown }>(
      `select actor_id, details from audit_entries where jurisdiction_id = $1 and action = 'report_recipient_domain.set'`,
      [jurisdictionId],
    );
    assert.deepEqual(entry, {
      actor_id: 'analyst-1',
      details: { previous: [], domains: ['health.example.gov'] },
    });

    await createSchedule(deps, administrator, internal(['lab@health.example.gov']));
    await assert.rejects(
      createSchedule(
        deps,
        administrator,
        internal(['a@evil.health.example.gov.attacker.com', 'b@sub.health.example.gov']),
      ),
      notAllowed(['a@evil.health.example.gov.attacker.com', 'b@sub.health.example.gov']),
    );
  });

  it('refuses a change of recipients or audience that would mail an internal report outside', async () => {
    const internalSchedule = await createSchedule(deps, administrator, internal(['epi@county.test']));
    await assert.rejects(
      changeSchedule(deps, administrator, internalSchedule.id, {
        recipients: ['epi@county.test', 'attacker@evil.test'],
      }),
      notAllowed(['attacker@evil.test']),
    );
    const partner = await createSchedule(deps, administrator, {
      ...internal(['chief@police.test', 'epi@county.test']),
      audience: 'partner',
    });
    await assert.rejects(
      changeSchedule(deps, administrator, partner.id, { audience: 'internal' }),
      notAllowed(['chief@police.test']),
    );
    const unchanged = await findSchedule(context.db, jurisdictionId, partner.id);
    assert.equal(unchanged?.audience, 'partner');
    const moved = await changeSchedule(deps, administrator, partner.id, {
      audience: 'internal',
      recipients: ['epi@county.test'],
    });
    assert.equal(moved.audience, 'internal');
    assert.equal((await findSchedule(context.db, jurisdictionId, partner.id))?.audience, 'internal');
  });

  it('refuses to run now while a recipient may not receive the report, and makes nothing', async () => {
    await createUser(jurisdictionId, 'moved@county.test', 'analyst');
    const schedule = await createSchedule(
      deps,
      administrator,
      internal(['epi@county.test', 'moved@county.test']),
    );
    await context.db.query(
      "update users set role = 'public_safety_analyst' where email = 'moved@county.test'",
    );
    await assert.rejects(runScheduleNow(deps, administrator, schedule.id), notAllowed(['moved@county.test']));
    assert.deepEqual(made, []);
    assert.equal(inbox.received.length, 0);
    // A change that leaves the recipients alone is kept: the schedule stays, its deliveries refuse.
    const renamed = await changeSchedule(deps, administrator, schedule.id, { name: 'Renamed' });
    assert.equal(renamed.name, 'Renamed');
  });

  it('sends nothing to a recipient who lost the analyst role or was disabled since, and says why', async () => {
    await createUser(jurisdictionId, 'demoted@county.test', 'analyst');
    await createUser(jurisdictionId, 'gone@county.test', 'analyst');
    now = new Date('2024-04-01T12:00:00Z');
    const created = await createSchedule(deps, administrator, {
      ...internal(['epi@county.test', 'demoted@county.test', 'gone@county.test', 'lab@health.example.gov']),
      enabled: true,
    });
    await context.db.query(
      "update users set role = 'harm_reduction_partner' where email = 'demoted@county.test'",
    );
    await context.db.query("update users set disabled_at = now() where email = 'gone@county.test'");

    now = new Date(created.next_run_at);
    const runs = await context.reports.runDue(now);
    const run = runs.find((r) => r.scheduleId === created.id);
    assert.ok(run && 'result' in run, 'the report is made and archived');
    const deliveries = await listDeliveries(context.db, jurisdictionId, run.result.report.id);
    assert.deepEqual(
      deliveries.map((d) => [d.recipient, d.status, d.attempts]),
      [
        ['demoted@county.test', 'cancelled', 0],
        ['epi@county.test', 'sent', 1],
        ['gone@county.test', 'cancelled', 0],
        ['lab@health.example.gov', 'sent', 1],
      ],
    );
    for (const d of deliveries.filter((x) => x.status === 'cancelled'))
      assert.match(
        d.lastError ?? '',
        new RegExp(
          `^REPORT_RECIPIENT_NOT_ALLOWED: ${d.recipient} is not an active analyst of the jurisdiction`,
        ),
      );
    assert.equal(mailsTo('demoted@county.test').length, 0);
    assert.equal(mailsTo('gone@county.test').length, 0);
    assert.equal(mailsTo('epi@county.test').length, 1);
    assert.match(
      (await findSchedule(context.db, jurisdictionId, created.id))?.lastError ?? '',
      /^REPORT_RECIPIENT_NOT_ALLOWED: not emailed to demoted@county\.test, gone@county\.test:/,
    );
    const refusals = await context.db.query<{ details: { recipient: string } }>(
      `select details from audit_entries where jurisdiction_id = $1 and action = 'report_archive.email_refused'
       and subject_id = $2 order by seq`,
      [jurisdictionId, run.result.report.id],
    );
    assert.deepEqual(refusals.map((r) => r.details.recipient).sort(), [
      'demoted@county.test',
      'gone@county.test',
    ]);
    await context.db.query('update report_schedules set enabled = false where id = $1', [created.id]);
  });

  it('refuses a retry once the recipient is no longer allowed, and once the domain leaves the list', async () => {
    now = new Date('2024-05-01T12:00:00Z');
    await createUser(jurisdictionId, 'flaky@county.test', 'analyst');
    const created = await createSchedule(deps, analyst, {
      ...internal(['flaky@county.test', 'lab@health.example.gov']),
      enabled: true,
    });
    inbox.setRefuse(() => true);
    now = new Date(created.next_run_at);
    const [run] = (await context.reports.runDue(now)).filter((r) => r.scheduleId === created.id);
    inbox.setRefuse(() => false);
    assert.ok(run && 'result' in run);
    const state = async () =>
      (await listDeliveries(context.db, jurisdictionId, run.result.report.id)).map((d) => [
        d.recipient,
        d.status,
      ]);
    assert.deepEqual(await state(), [
      ['flaky@county.test', 'failed'],
      ['lab@health.example.gov', 'failed'],
    ]);

    await context.db.query("update users set disabled_at = now() where email = 'flaky@county.test'");
    await setInternalDomains(deps, analyst, []);
    now = new Date(now.getTime() + 60_000);
    await context.reports.runDue(now);
    assert.deepEqual(await state(), [
      ['flaky@county.test', 'cancelled'],
      ['lab@health.example.gov', 'cancelled'],
    ]);
    assert.equal(inbox.received.length, 0);
    await context.db.query('update report_schedules set enabled = false where id = $1', [created.id]);
  });
});
