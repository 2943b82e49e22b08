import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { AuditEntry } from '../../src/access/audit/audit-chain.js';
import { readAuditPage } from '../../src/access/audit/audit-repository.js';
import { verifyAuditChains } from '../../src/access/audit/audit-service.js';
import { cliActor } from '../../src/access/roles.js';
import { buildApp } from '../../src/main/app.js';
import type { AppContext } from '../../src/main/app-context.js';
import { type OutreachWorld, seedOutreachWorld } from '../support/outreach-seed.js';
import { TEST_PASSWORD } from '../support/sign-in.js';
import { describeEachEngine, openTestContext } from '../support/test-databases.js';

/**
 * Every read of identifiable (T3) outreach data leaves an audit entry with its purpose, about what was
 * read: the queue, a case with its person, its attempts, visits and consents, read by the program's
 * coordinator through the API of the contract (/work/notes/i14/api.md), for treatment and for
 * operations; and the audit chains still verify afterwards (what `sos audit verify` runs).
 */
describeEachEngine('audit of outreach reads', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let world: OutreachWorld;
  let cookie: string;

  /** Reads as the coordinator; returns the answer and the audit entries the read added. */
  const read = async (url: string) => {
    const [last] = await context.db.query<{ seq: string | number | null }>(
      'select max(seq) as seq from audit_entries where jurisdiction_id = $1',
      [world.jurisdiction.id],
    );
    const answer = await app.inject({ url, headers: { cookie } });
    assert.equal(answer.statusCode, 200, `${url}: ${answer.body}`);
    const entries = await readAuditPage(context.db, world.jurisdiction.id, Number(last?.seq ?? 0), 1000);
    return { body: answer.json() as Record<string, unknown>, entries };
  };

  /** The entry's who, what about and why, to compare. */
  const summary = (e: AuditEntry) => ({
    actor: `${e.actorType}:${e.actorId}`,
    subject: `${e.subjectType}:${e.subjectId}`,
    purpose: e.purpose,
  });

  before(async () => {
    context = await openTestContext(engine);
    app = await buildApp(context);
    world = await seedOutreachWorld(context);
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: world.users.coordinator.email, password: TEST_PASSWORD },
    });
    assert.equal(login.statusCode, 200, login.body);
    cookie = String(login.headers['set-cookie']).split(';')[0] as string;
  });
  after(async () => {
    await app.close();
    await context.dispose();
  });

  for (const purpose of ['treatment', 'operations'] as const) {
    it(`audits a read of the queue once, with its purpose (${purpose}) and how many cases it held`, async () => {
      const { body, entries } = await read(
        `/api/v1/outreach/cases?program_id=${world.programId}&purpose=${purpose}`,
      );
      const cases = body.cases as { id: string }[];
      assert.deepEqual(
        cases.map((c) => c.id),
        [world.caseId],
      );
      assert.equal(entries.length, 1, JSON.stringify(entries));
      const [entry] = entries as [AuditEntry];
      assert.equal(entry.action, 'outreach_case.list');
      assert.equal(entry.purpose, purpose);
      assert.equal(`${entry.actorType}:${entry.actorId}`, `user:${world.users.coordinator.id}`);
      assert.ok(
        [world.programId, world.jurisdiction.id].includes(entry.subjectId as string),
        `subject ${entry.subjectType}:${entry.subjectId}`,
      );
      assert.equal((entry.details as { count?: number }).count, cases.length);
    });

    it(`audits a read of a case (${purpose}): the case and its person, once each`, async () => {
      const { body, entries } = await read(`/api/v1/outreach/cases/${world.caseId}?purpose=${purpose}`);
      assert.equal((body.person as { last_name?: string } | null)?.last_name, 'Quillfeather');
      const actor = `user:${world.users.coordinator.id}`;
      assert.deepEqual(
        entries.map((e) => [e.action, summary(e)]).sort(),
        [
          ['outreach_case.read', { actor, subject: `outreach_case:${world.caseId}`, purpose }],
          ['person.read', { actor, subject: `person:${world.personId}`, purpose }],
        ].sort(),
      );
    });

    for (const [records, id] of [
      ['attempts', () => world.attemptId],
      ['visits', () => world.visitId],
      ['consents', () => world.consentIds.disclosure],
    ] as const) {
      it(`audits a read of a case's ${records} (${purpose}) once, about that case`, async () => {
        const { body, entries } = await read(
          `/api/v1/outreach/cases/${world.caseId}/${records}?purpose=${purpose}`,
        );
        assert.ok(
          (body[records] as { id: string }[]).some((r) => r.id === id()),
          `the seeded record among the ${records}`,
        );
        assert.deepEqual(entries.map(summary), [
          { actor: `user:${world.users.coordinator.id}`, subject: `outreach_case:${world.caseId}`, purpose },
        ]);
      });
    }
  }

  it('audits a read that names no purpose as one for treatment', async () => {
    const { entries } = await read(`/api/v1/outreach/cases/${world.caseId}/consents`);
    assert.deepEqual(
      entries.map((e) => e.purpose),
      ['treatment'],
    );
  });

  it('leaves every audit chain intact (sos audit verify), the reads above in it', async () => {
    const reports = await verifyAuditChains(context.db, cliActor);
    assert.deepEqual(
      reports.flatMap((r) => r.problems),
      [],
    );
    const chain = reports.find((r) => r.jurisdictionId === world.jurisdiction.id);
    const reads = await readAuditPage(context.db, world.jurisdiction.id, 0, 10_000);
    assert.equal(chain?.entries, reads.length);
    // Two queues, two cases with their persons, six lists of records, one more list of consents.
    const coordinatorReads = reads.filter((e) => e.actorId === world.users.coordinator.id && e.purpose);
    assert.equal(coordinatorReads.length, 13, JSON.stringify(coordinatorReads.map((e) => e.action)));
  });
});
