import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import { describeEachEngine, openTestDatabase, seedJurisdiction } from '../../test/support/test-databases.js';
import type { Database } from '../platform/database.js';
import { assignRecentCases } from './demo-queue.js';

describeEachEngine("the demo's assignment of recent cases to its worker", (engine) => {
  let db: Database;
  let dispose: () => Promise<void>;
  before(async () => {
    ({ db, dispose } = await openTestDatabase(engine));
  });
  after(() => dispose());

  it('gives the worker the most recent open cases nobody has, each with its audit entry', async () => {
    const { jurisdiction } = await seedJurisdiction(db);
    const programId = randomUUID();
    const otherProgram = randomUUID();
    const worker = randomUUID();
    const someoneElse = randomUUID();
    const hoursAgo = (h: number) => new Date(Date.parse('2026-12-01T12:00:00Z') - h * 3_600_000);
    // [name, program, status, assigned to, hours since the overdose]
    const cases = [
      ['newest but closed', programId, 'closed', null, 1],
      ['newest of another program', otherProgram, 'open', null, 2],
      ['already someone else', programId, 'open', someoneElse, 3],
      ['first', programId, 'open', null, 4],
      ['second', programId, 'open', null, 5],
      ['third', programId, 'open', null, 6],
      ['fourth: left unassigned', programId, 'open', null, 7],
    ] as const;
    const ids = new Map<string, string>();
    for (const [name, program, status, assignedTo, hours] of cases) {
      const id = randomUUID();
      ids.set(name, id);
      await db.query(
        `insert into outreach_cases (jurisdiction_id, id, program_id, origin, status, clock_started_at,
           contact_flags, assigned_to, opened_at)
         values ($1, $2, $3, 'overdose', $4, $5, '[]'::json, $6, $5)`,
        [jurisdiction.id, id, program, status, hoursAgo(hours), assignedTo],
      );
    }
    const now = new Date('2026-12-01T12:30:00Z');
    const assigned = await assignRecentCases(db, now, {
      jurisdictionId: jurisdiction.id,
      programId,
      userId: worker,
      count: 3,
    });
    assert.deepEqual(
      assigned,
      ['first', 'second', 'third'].map((name) => ids.get(name)),
    );
    const rows = await db.query<{ id: string; assigned_to: string | null; assigned_at: Date | null }>(
      'select id, assigned_to, assigned_at from outreach_cases where jurisdiction_id = $1',
      [jurisdiction.id],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const [name, , , assignedTo] of cases) {
      const row = byId.get(ids.get(name) as string);
      const expected = ['first', 'second', 'third'].includes(name) ? worker : assignedTo;
      assert.equal(row?.assigned_to, expected, name);
      if (expected === worker) assert.equal(row?.assigned_at?.toISOString(), now.toISOString(), name);
    }
    const audit = await db.query<{ action: string; subject_id: string; purpose: string; actor_id: string }>(
      `select action, subject_id, purpose, actor_id from audit_entries
       where jurisdiction_id = $1 order by seq`,
      [jurisdiction.id],
    );
    assert.deepEqual(
      audit.map((a) => [a.action, a.subject_id, a.purpose, a.actor_id]),
      assigned.map((id) => ['outreach_case.assign', id, 'treatment', 'demo']),
    );
    // A second run finds only the case left.
    assert.deepEqual(
      await assignRecentCases(db, now, {
        jurisdictionId: jurisdiction.id,
        programId,
        userId: worker,
        count: 3,
      }),
      [ids.get('fourth: left unassigned')],
    );
  });
});
