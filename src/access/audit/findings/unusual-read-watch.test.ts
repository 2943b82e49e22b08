import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { OWN_ORIGIN, signInRoles } from '../../../../test/support/sign-in.js';
import { startSmtpInbox } from '../../../../test/support/smtp-inbox.js';
import {
  describeEachEngine,
  openTestContext,
  seedJurisdiction,
} from '../../../../test/support/test-databases.js';
import { buildApp } from '../../../main/app.js';
import type { AppContext } from '../../../main/app-context.js';
import type { AuditRecord } from '../audit-chain.js';
import { appendAuditEntries } from '../audit-repository.js';

describeEachEngine('unusual reads: the watch over the audit trail', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let inbox: Awaited<ReturnType<typeof startSmtpInbox>>;
  let jurisdictionId: string;
  let admin: string;
  const contact = 'privacy@county.example.org';

  before(async () => {
    inbox = await startSmtpInbox();
    context = await openTestContext(engine, { config: { smtpUrl: inbox.url, unusualReadsPerHour: 3 } });
    ({
      jurisdiction: { id: jurisdictionId },
    } = await seedJurisdiction(context.db, { timeZone: 'America/New_York' }));
    await context.db.query('update jurisdictions set privacy_contact_email = $2 where id = $1', [
      jurisdictionId,
      contact,
    ]);
    app = await buildApp(context);
    admin = (await signInRoles(app, context, jurisdictionId, ['administrator'])).get(
      'administrator',
    ) as string;
    // The sign-in above is an entry too (no read): the watch starts past it.
    await context.unusualReads.runOnce(new Date());
    inbox.received.length = 0;
  });
  after(async () => {
    await app.close();
    await context.dispose();
    await inbox.close();
  });

  const write = (at: string, records: Partial<AuditRecord>[]) =>
    context.db.transaction((tx) =>
      appendAuditEntries(
        tx,
        jurisdictionId,
        new Date(at),
        records.map((r) => ({
          actorType: 'user',
          actorId: 'u1',
          action: 'person.read',
          subjectType: 'person',
          subjectId: null,
          purpose: 'treatment',
          details: {},
          ...r,
        })),
      ),
    );
  const persons = (user: string, ...ids: string[]) => ids.map((id) => ({ actorId: user, subjectId: id }));
  const findings = async () =>
    (
      await app.inject({
        method: 'GET',
        url: '/api/v1/admin/audit/findings',
        headers: { cookie: admin, origin: OWN_ORIGIN },
      })
    ).json().findings as {
      kind: string;
      actor_id: string;
      day: string;
      mailed: boolean;
      details: Record<string, unknown>;
    }[];

  it('mails the privacy contact once when a user reads many persons in an hour, whatever more that day', async () => {
    // Monday March 10th, 10:00-10:40 in New York: working hours, four persons (the limit is three).
    await write('2025-03-10T14:00:00Z', persons('u1', 'a', 'b'));
    await write('2025-03-10T14:40:00Z', persons('u1', 'c', 'd'));
    assert.deepEqual(await context.unusualReads.runOnce(new Date('2025-03-10T15:00:00Z')), {
      found: 1,
      mailed: 1,
    });
    const [mail] = inbox.received;
    assert.deepEqual(mail?.to, [contact]);
    assert.match(mail?.subject ?? '', /u1 read more persons within an hour than usual on 2025-03-10/);
    assert.match(mail?.text ?? '', /persons: 4/);
    // More of the same that day: already found, not mailed again.
    await write('2025-03-10T16:00:00Z', persons('u1', 'e', 'f', 'g', 'h', 'i'));
    assert.deepEqual(await context.unusualReads.runOnce(new Date('2025-03-10T16:10:00Z')), {
      found: 0,
      mailed: 0,
    });
    assert.equal(inbox.received.length, 1);
    assert.deepEqual(
      (await findings()).map((f) => [f.kind, f.actor_id, f.day, f.mailed]),
      [['many_persons', 'u1', '2025-03-10', true]],
    );
  });

  it('counts an hour that spans two runs whole', async () => {
    await write('2025-03-12T14:00:00Z', persons('u3', 'a', 'b'));
    assert.deepEqual(await context.unusualReads.runOnce(new Date('2025-03-12T14:05:00Z')), {
      found: 0,
      mailed: 0,
    });
    await write('2025-03-12T14:30:00Z', persons('u3', 'c', 'd'));
    assert.deepEqual(await context.unusualReads.runOnce(new Date('2025-03-12T14:35:00Z')), {
      found: 1,
      mailed: 1,
    });
  });

  it('reports every broken glass, mailing once a user a day, without the reason in the mail', async () => {
    inbox.received.length = 0;
    const glass = (subjectId: string) => ({
      actorId: 'c1',
      action: 'access.break_the_glass',
      subjectType: 'outreach_case',
      subjectId,
      purpose: 'emergency' as const,
      details: { action: 'outreach.read', reason: 'Jane Doe came to our shelter' },
    });
    await write('2025-03-13T15:00:00Z', [glass('case-1')]);
    await write('2025-03-13T15:30:00Z', [glass('case-2')]);
    assert.deepEqual(await context.unusualReads.runOnce(new Date('2025-03-13T16:00:00Z')), {
      found: 2,
      mailed: 1,
    });
    assert.equal(inbox.received.length, 1);
    assert.doesNotMatch(inbox.received[0]?.text ?? '', /Jane/);
    const glasses = (await findings()).filter((f) => f.kind === 'break_the_glass');
    assert.deepEqual(
      glasses.map((f) => [f.details.subject_id, f.details.reason, f.mailed]),
      [
        ['case-2', 'Jane Doe came to our shelter', true],
        ['case-1', 'Jane Doe came to our shelter', true],
      ],
    );
  });

  it('reports reads out of hours, and mails again later what the mail server refused', async () => {
    inbox.received.length = 0;
    inbox.setRefuse(() => true);
    // Saturday March 15th, 23:30 in New York.
    await write('2025-03-16T03:30:00Z', persons('u4', 'z'));
    assert.deepEqual(await context.unusualReads.runOnce(new Date('2025-03-16T04:00:00Z')), {
      found: 1,
      mailed: 0,
    });
    inbox.setRefuse(() => false);
    assert.deepEqual(await context.unusualReads.runOnce(new Date('2025-03-16T04:10:00Z')), {
      found: 0,
      mailed: 1,
    });
    assert.match(
      inbox.received[0]?.subject ?? '',
      /u4 read identifiable or line-level data outside working hours on 2025-03-15/,
    );
  });

  it('lists what an old trail shows on a first look, but mails no backlog', async () => {
    inbox.received.length = 0;
    // Saturday January 4th, 22:30 in New York, looked at in March.
    await write('2025-01-05T03:30:00Z', persons('u5', 'y'));
    assert.deepEqual(await context.unusualReads.runOnce(new Date('2025-03-20T12:00:00Z')), {
      found: 1,
      mailed: 0,
    });
    assert.equal(inbox.received.length, 0);
    const [old] = (await findings()).filter((f) => f.actor_id === 'u5');
    assert.deepEqual([old?.kind, old?.day, old?.mailed], ['out_of_hours', '2025-01-04', false]);
  });
});
