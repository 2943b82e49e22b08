import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { ManualTime } from '../../test/support/manual-time.js';
import {
  createUser,
  insertAttempt,
  insertCase,
  insertMember,
  insertProgram,
  insertVisit,
} from '../../test/support/outreach-lifecycle-fixtures.js';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import type { Role } from '../access/roles.js';
import { buildApp } from '../main/app.js';
import type { AppContext } from '../main/app-context.js';

const HOUR = 3_600_000;

describeEachEngine('program metrics over the API', (engine) => {
  const time = new ManualTime(new Date('2026-03-02T12:00:00Z'));
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let jurisdictionId: string;
  let program: string;
  const cookies = new Map<string, string>();

  before(async () => {
    context = await openTestContext(engine, { clock: time });
    app = await buildApp(context);
    const { db } = context;
    jurisdictionId = (await seedJurisdiction(db)).jurisdiction.id;
    program = await insertProgram(db, jurisdictionId);
    const otherProgram = await insertProgram(db, jurisdictionId);
    const roles: [string, Role][] = [
      ['analyst', 'analyst'],
      ['coordinator', 'outreach_coordinator'],
      ['other coordinator', 'outreach_coordinator'],
      ['worker', 'outreach_worker'],
      ['administrator', 'administrator'],
      ['public safety', 'public_safety_analyst'],
    ];
    for (const [name, role] of roles) {
      const user = await createUser(context, jurisdictionId, role, app);
      cookies.set(name, user.cookie);
      if (name === 'coordinator' || name === 'worker')
        await insertMember(db, jurisdictionId, program, user.id);
      if (name === 'other coordinator') await insertMember(db, jurisdictionId, otherProgram, user.id);
    }
    // February: 24 cases, each tried 3 h in; 12 reached 5 h in and visited. January: 10 untried; March: 2.
    for (let i = 0; i < 24; i++) {
      const started = new Date(Date.parse('2026-02-01T12:00:00Z') + i * 24 * HOUR);
      const id = await insertCase(db, jurisdictionId, program, {
        clockStartedAt: started,
        personId: randomUUID(),
        pathway: null,
      });
      await insertAttempt(db, jurisdictionId, id, {
        outcome: 'no_answer',
        attemptedAt: new Date(started.getTime() + 3 * HOUR),
        note: `note ${i}`,
      });
      if (i < 12) {
        await insertAttempt(db, jurisdictionId, id, {
          outcome: 'survivor_reached',
          attemptedAt: new Date(started.getTime() + 5 * HOUR),
        });
      }
      if (i < 12) {
        await insertVisit(db, jurisdictionId, id, {
          visitedAt: new Date(started.getTime() + 30 * HOUR),
          servicesAccepted: ['naloxone'],
        });
      }
    }
    for (let i = 0; i < 10; i++) {
      await insertCase(db, jurisdictionId, program, {
        clockStartedAt: new Date(Date.parse('2026-01-10T00:00:00Z') + i * HOUR),
      });
    }
    for (const day of ['2026-03-01T08:00:00Z', '2026-03-02T08:00:00Z']) {
      await insertCase(db, jurisdictionId, program, { clockStartedAt: new Date(day) });
    }
  });
  after(async () => {
    await app.close();
    await context.dispose();
  });

  const metrics = (who: string | null, query = '?from=2026-02-01&to=2026-02-28', programId = program) =>
    app.inject({
      method: 'GET',
      url: `/api/v1/outreach/programs/${programId}/metrics${query}`,
      headers: who ? { cookie: cookies.get(who) ?? '' } : {},
    });

  it("answers analysts and the program's coordinators with de-identified counts matching the stored records", async () => {
    // The same counts, computed another way: straight from the tables.
    const [expected] = await context.db.query<{
      cases: number;
      attempted: number;
      reached: number;
      engaged: number;
    }>(
      `select count(*)::int as cases,
         count(*) filter (where exists (select 1 from outreach_contact_attempts a where a.case_id = c.id))::int as attempted,
         count(*) filter (where exists (select 1 from outreach_contact_attempts a
           where a.case_id = c.id and a.outcome = 'survivor_reached'))::int as reached,
         count(*) filter (where exists (select 1 from outreach_visits v where v.case_id = c.id))::int as engaged
       from outreach_cases c
       where c.jurisdiction_id = $1 and c.program_id = $2 and c.clock_started_at >= '2026-02-01' and c.clock_started_at < '2026-03-01'`,
      [jurisdictionId, program],
    );
    assert.deepEqual(expected, { cases: 24, attempted: 24, reached: 12, engaged: 12 });
    for (const who of ['analyst', 'coordinator']) {
      const answer = await metrics(who);
      assert.equal(answer.statusCode, 200, answer.body);
      const body = answer.json();
      assert.deepEqual(
        { cases: body.cases, attempted: body.attempted, reached: body.reached, engaged: body.engaged },
        expected,
      );
      assert.deepEqual([body.program_id, body.from, body.to], [program, '2026-02-01', '2026-02-28']);
      assert.deepEqual(body.hours_to_first_attempt, { median: 3, n: 24 });
      assert.deepEqual(body.hours_to_first_contact, { median: 5, n: 12 });
      assert.equal(body.suppressed_cells, 0);
      assert.ok(!/person|note|match/.test(answer.body), 'nothing but counts');
    }
    const withJanuary = (await metrics('analyst', '?from=2026-01-01&to=2026-02-28')).json();
    assert.deepEqual([withJanuary.cases, withJanuary.attempted, withJanuary.reached], [34, 24, 12]);
  });

  it("counts a case in the jurisdiction's day (New York), not the UTC day", async () => {
    const evening = await insertProgram(context.db, jurisdictionId);
    // 31 January, 21:00 to 21:09 in New York: already 1 February in UTC.
    for (let i = 0; i < 10; i++) {
      await insertCase(context.db, jurisdictionId, evening, {
        clockStartedAt: new Date(Date.parse('2026-02-01T02:00:00Z') + i * 60_000),
      });
    }
    const day = async (d: string) => (await metrics('analyst', `?from=${d}&to=${d}`, evening)).json().cases;
    assert.equal(await day('2026-01-31'), 10);
    assert.notEqual(await day('2026-02-01'), 10);
  });

  it('suppresses small counts', async () => {
    const march = (await metrics('analyst', '?from=2026-03-01&to=2026-03-02')).json();
    assert.deepEqual([march.cases, march.attempted, march.reached], [null, 0, 0]);
    assert.deepEqual(march.hours_to_first_attempt, { median: null, n: 0 });
    // By default the year to today: all 36 cases, 12 untried.
    const year = (await metrics('analyst', '')).json();
    assert.deepEqual([year.from, year.to, year.cases, year.attempted], ['2025-03-03', '2026-03-02', 36, 24]);
  });

  it('hides the program from other roles: 404 for another coordinator and public safety, 403 for workers and administrators, 401 signed out; refuses days to come', async () => {
    const status = async (who: string | null) => (await metrics(who)).statusCode;
    assert.equal(await status('other coordinator'), 404);
    assert.equal(await status('public safety'), 404);
    assert.equal(await status('worker'), 403);
    assert.equal(await status('administrator'), 403);
    assert.equal(await status(null), 401);
    assert.equal((await metrics('analyst', '', randomUUID())).statusCode, 404);
    const reversed = await metrics('analyst', '?from=2026-03-01&to=2026-02-01');
    assert.deepEqual([reversed.statusCode, reversed.json().error.code], [400, 'VALIDATION_FAILED']);
    // Days to come, up to the last the calendar has: refused, never a 500.
    for (const to of ['2026-03-03', '9999-12-31']) {
      const ahead = await metrics('analyst', `?to=${to}`);
      assert.equal(ahead.statusCode, 400, ahead.body);
      assert.equal(ahead.json().error.details.field, 'to');
    }
  });
});
