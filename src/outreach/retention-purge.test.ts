import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import { ManualTime } from '../../test/support/manual-time.js';
import {
  insertAttempt,
  insertCase,
  insertConsent,
  insertProgram,
  insertVisit,
} from '../../test/support/outreach-lifecycle-fixtures.js';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import type { AppContext } from '../main/app-context.js';

const DAY = 86_400_000;

describeEachEngine('the retention purge', (engine) => {
  const time = new ManualTime(new Date('2026-03-02T03:00:00Z'));
  const daysAgo = (d: number) => new Date(time.now().getTime() - d * DAY);
  let context: AppContext & { dispose(): Promise<void> };
  let jurisdictionId: string;
  let program: string;
  let shortProgram: string;
  const cases: Record<string, string> = {};

  /** A case with a person, notes, a visit with a plan and a network member, and a consent naming someone. */
  async function caseWithRecords(
    programId: string,
    fields: { status: 'open' | 'closed'; closedDaysAgo?: number },
  ) {
    const { db } = context;
    const id = await insertCase(db, jurisdictionId, programId, {
      clockStartedAt: daysAgo(1000),
      status: fields.status,
      closedAt: fields.closedDaysAgo === undefined ? null : daysAgo(fields.closedDaysAgo),
      personId: randomUUID(),
      matchKey: 'ab12',
      origin: 'deflection',
      pathway: 'self_referral',
    });
    await insertAttempt(db, jurisdictionId, id, {
      outcome: 'no_answer',
      attemptedAt: daysAgo(999),
      note: 'Left a message with her sister Ann',
    });
    await insertAttempt(db, jurisdictionId, id, { outcome: 'survivor_reached', attemptedAt: daysAgo(998) });
    const consent = await insertConsent(db, jurisdictionId, id, {
      scope: 'disclose_to_person',
      recipient: 'Ann, her sister',
      obtainedAt: daysAgo(998),
    });
    await insertVisit(db, jurisdictionId, id, {
      visitedAt: daysAgo(997),
      servicesOffered: ['naloxone', 'moud'],
      servicesAccepted: ['naloxone'],
      riskReductionPlan: 'Never use alone; Ann keeps naloxone at 12 Elm St',
      networkReached: [{ relation: 'sister Ann', consent_id: consent, received: ['naloxone'] }],
    });
    return id;
  }

  /** What a case keeps and what it lost, read back. */
  async function stored(caseId: string) {
    const q = <T>(sql: string) => context.db.query<T>(sql, [jurisdictionId, caseId]);
    const [c] = await q<{
      person_id: string | null;
      match_key: string | null;
      purged_at: Date | null;
      pathway: string;
    }>(
      'select person_id, match_key, purged_at, pathway from outreach_cases where jurisdiction_id = $1 and id = $2',
    );
    const attempts = await q<{ outcome: string; note: string | null }>(
      'select outcome, note from outreach_contact_attempts where jurisdiction_id = $1 and case_id = $2 order by attempted_at',
    );
    const visits = await q<{
      services_accepted: string[];
      risk_reduction_plan: string | null;
      network_reached: unknown;
    }>(
      'select services_accepted, risk_reduction_plan, network_reached from outreach_visits where jurisdiction_id = $1 and case_id = $2',
    );
    const consents = await q<{ scope: string; recipient: string | null }>(
      'select scope, recipient from outreach_consents where jurisdiction_id = $1 and case_id = $2',
    );
    return { case: c, attempts, visits, consents };
  }

  before(async () => {
    context = await openTestContext(engine, { clock: time });
    jurisdictionId = (await seedJurisdiction(context.db)).jurisdiction.id;
    program = await insertProgram(context.db, jurisdictionId, { retentionDays: 730 });
    shortProgram = await insertProgram(context.db, jurisdictionId, { retentionDays: 30 });
    cases.closed731 = await caseWithRecords(program, { status: 'closed', closedDaysAgo: 731 });
    cases.closed700 = await caseWithRecords(program, { status: 'closed', closedDaysAgo: 700 });
    cases.open = await caseWithRecords(program, { status: 'open' });
    cases.short31 = await caseWithRecords(shortProgram, { status: 'closed', closedDaysAgo: 31 });
  });
  after(() => context.dispose());

  it("purges the identifiers and free text of the cases closed longer ago than their program's retention, keeping the facts", async () => {
    // The first run is the application's daily job, as app-context registers it.
    context.jobs.start();
    await context.jobs.idle();
    for (const id of [cases.closed731, cases.short31] as string[]) {
      const after = await stored(id);
      assert.equal(after.case?.person_id, null);
      assert.equal(after.case?.match_key, null);
      assert.equal(after.case?.purged_at?.getTime(), time.now().getTime());
      assert.equal(after.case?.pathway, 'self_referral', 'the pathway stays');
      assert.deepEqual(after.attempts, [
        { outcome: 'no_answer', note: null },
        { outcome: 'survivor_reached', note: null },
      ]);
      assert.equal(after.visits.length, 1);
      assert.deepEqual(after.visits[0]?.services_accepted, ['naloxone'], 'the services stay');
      assert.equal(after.visits[0]?.risk_reduction_plan, null);
      const [member] = (after.visits[0]?.network_reached ?? []) as { relation: string; received: string[] }[];
      assert.deepEqual([member?.relation, member?.received], ['', ['naloxone']]);
      assert.deepEqual(after.consents, [{ scope: 'disclose_to_person', recipient: null }]);
    }
    for (const id of [cases.closed700, cases.open] as string[]) {
      const kept = await stored(id);
      assert.ok(kept.case?.person_id, 'the identifiers stay');
      assert.equal(kept.case?.purged_at, null);
      assert.equal(kept.attempts[0]?.note, 'Left a message with her sister Ann');
      assert.equal(kept.visits[0]?.risk_reduction_plan, 'Never use alone; Ann keeps naloxone at 12 Elm St');
      assert.equal(kept.consents[0]?.recipient, 'Ann, her sister');
    }
    const audit = await context.db.query<{
      subject_id: string;
      details: { count: number; case_ids: string[] };
    }>(
      `select subject_id, details from audit_entries where jurisdiction_id = $1 and action = 'outreach_case.purge'`,
      [jurisdictionId],
    );
    assert.deepEqual(
      audit.map((a) => [a.subject_id, a.details.count, a.details.case_ids]).sort(),
      [
        [program, 1, [cases.closed731]],
        [shortProgram, 1, [cases.short31]],
      ].sort(),
    );
  });

  it('purges nothing twice, and the case closed 700 days ago once its 730 days have passed', async () => {
    assert.deepEqual((await context.retentionPurge.runOnce(time.now())).purged, []);
    time.advance(29 * DAY);
    assert.deepEqual((await context.retentionPurge.runOnce(time.now())).purged, []);
    time.advance(2 * DAY);
    const run = await context.retentionPurge.runOnce(time.now());
    assert.deepEqual(
      run.purged.map((p) => [p.programId, p.count]),
      [[program, 1]],
    );
    assert.equal((await stored(cases.closed700 as string)).case?.person_id, null);
    assert.ok((await stored(cases.open as string)).case?.person_id, 'an open case is never purged');
    const [{ n } = { n: 0 }] = await context.db.query<{ n: number }>(
      `select count(*)::int as n from audit_entries where jurisdiction_id = $1 and action = 'outreach_case.purge'`,
      [jurisdictionId],
    );
    assert.equal(n, 3);
  });
});
