import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { ManualTime } from '../../test/support/manual-time.js';
import { createUser, insertMember, insertProgram } from '../../test/support/outreach-lifecycle-fixtures.js';
import { OWN_ORIGIN } from '../../test/support/sign-in.js';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import { buildApp } from '../main/app.js';
import type { AppContext } from '../main/app-context.js';
import { countCoerciveActs } from './coercive-act-service.js';

describeEachEngine('the coercive-acts register', (engine) => {
  const time = new ManualTime(new Date('2026-03-02T08:00:00Z'));
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let jurisdictionId: string;
  let programA: string;
  let programB: string;
  type User = Awaited<ReturnType<typeof createUser>>;
  let coordinatorA: User;
  let oversightA: User;
  let oversightB: User;
  let workerA: User;

  const send = (user: User, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: { cookie: user.cookie, origin: OWN_ORIGIN },
      ...(payload ? { payload } : {}),
    });
  const act = (programId: string, kind: string, performedAt: string, words: string) => ({
    program_id: programId,
    kind,
    performed_at: performedAt,
    performed_by: `Officer ${words}, City police`,
    justification: `Justified because ${words}`,
    policy_reference: `Policy ${words}`,
  });

  before(async () => {
    context = await openTestContext(engine, { clock: time });
    app = await buildApp(context);
    jurisdictionId = (await seedJurisdiction(context.db)).jurisdiction.id;
    programA = await insertProgram(context.db, jurisdictionId, { name: 'North QRT' });
    programB = await insertProgram(context.db, jurisdictionId, { name: 'South POST' });
    coordinatorA = await createUser(context, jurisdictionId, 'outreach_coordinator', app);
    oversightA = await createUser(context, jurisdictionId, 'outreach_oversight', app);
    oversightB = await createUser(context, jurisdictionId, 'outreach_oversight', app);
    workerA = await createUser(context, jurisdictionId, 'outreach_worker', app);
    await insertMember(context.db, jurisdictionId, programA, coordinatorA.id);
    await insertMember(context.db, jurisdictionId, programA, oversightA.id);
    await insertMember(context.db, jurisdictionId, programA, workerA.id);
    await insertMember(context.db, jurisdictionId, programB, oversightB.id);
  });
  after(async () => {
    await app.close();
    await context.dispose();
  });

  it("records a coordinator's act with an id only, and oversight of the program lists it, audited", async () => {
    const recorded = await send(
      coordinatorA,
      'POST',
      '/api/v1/coercive-acts',
      act(programA, 'warrant_check', '2026-03-01T22:00:00-05:00', 'alpha'),
    );
    assert.equal(recorded.statusCode, 201, recorded.body);
    assert.deepEqual(Object.keys(recorded.json()).sort(), ['id', 'recorded_at']);
    const listed = await send(oversightA, 'GET', `/api/v1/coercive-acts?program_id=${programA}`);
    assert.equal(listed.statusCode, 200, listed.body);
    const acts = listed.json().coercive_acts;
    assert.equal(acts.length, 1);
    assert.deepEqual(acts[0], {
      id: recorded.json().id,
      program_id: programA,
      kind: 'warrant_check',
      performed_at: '2026-03-02T03:00:00.000Z',
      performed_by: 'Officer alpha, City police',
      justification: 'Justified because alpha',
      policy_reference: 'Policy alpha',
      recorded_by: `A outreach_coordinator`,
      recorded_at: '2026-03-02T08:00:00.000Z',
    });
    const audit = await context.db.query<{ action: string; purpose: string | null; actor_id: string }>(
      `select action, purpose, actor_id from audit_entries where jurisdiction_id = $1 and action like 'coercive_act.%'
       order by seq`,
      [jurisdictionId],
    );
    assert.deepEqual(
      audit.map((a) => [a.action, a.purpose, a.actor_id]),
      [
        ['coercive_act.record', 'operations', coordinatorA.id],
        ['coercive_act.list', 'audit', oversightA.id],
      ],
    );
  });

  it("refuses the register to everyone but the program's oversight, and recording outside one's programs", async () => {
    for (const user of [coordinatorA, workerA, oversightB]) {
      const listed = await send(user, 'GET', `/api/v1/coercive-acts?program_id=${programA}`);
      assert.equal(listed.statusCode, 403, listed.body);
      assert.doesNotMatch(listed.body, /alpha/);
    }
    const elsewhere = await send(
      coordinatorA,
      'POST',
      '/api/v1/coercive-acts',
      act(programB, 'arrest', '2026-03-01T10:00:00Z', 'beta'),
    );
    assert.equal(elsewhere.statusCode, 403, elsewhere.body);
    const byWorker = await send(
      workerA,
      'POST',
      '/api/v1/coercive-acts',
      act(programA, 'arrest', '2026-03-01T10:00:00Z', 'gamma'),
    );
    assert.equal(byWorker.statusCode, 403, byWorker.body);
  });

  it('refuses an act in the future or without a justification, naming the field', async () => {
    const future = await send(
      oversightA,
      'POST',
      '/api/v1/coercive-acts',
      act(programA, 'arrest', '2026-03-02T09:00:00Z', 'delta'),
    );
    assert.equal(future.statusCode, 400);
    assert.equal(future.json().error.details.field, 'performed_at');
    const blank = await send(oversightA, 'POST', '/api/v1/coercive-acts', {
      ...act(programA, 'arrest', '2026-03-01T09:00:00Z', 'delta'),
      justification: '   ',
    });
    assert.equal(blank.statusCode, 400);
    assert.equal(blank.json().error.details.field, 'justification');
  });

  it('counts acts per kind for metrics over a period, each kind present, as the rows say', async () => {
    for (const [kind, at] of [
      ['arrest', '2026-02-10T12:00:00Z'],
      ['arrest', '2026-02-20T12:00:00Z'],
      ['involuntary_commitment_petition', '2026-02-25T12:00:00Z'],
      ['arrest', '2026-01-05T12:00:00Z'],
    ] as const) {
      const r = await send(oversightA, 'POST', '/api/v1/coercive-acts', act(programA, kind, at, 'count'));
      assert.equal(r.statusCode, 201, r.body);
    }
    const from = new Date('2026-02-01T00:00:00Z');
    const to = new Date('2026-03-03T00:00:00Z');
    const counts = await countCoerciveActs(context.db, jurisdictionId, programA, from, to);
    const listed = (await send(
      oversightA,
      'GET',
      `/api/v1/coercive-acts?program_id=${programA}&from=${from.toISOString()}&to=${to.toISOString()}`,
    ).then((r) => r.json())) as { coercive_acts: { kind: string }[] };
    const byHand = { warrant_check: 0, arrest: 0, involuntary_commitment_petition: 0 };
    for (const a of listed.coercive_acts) byHand[a.kind as keyof typeof byHand] += 1;
    assert.deepEqual(counts, byHand);
    assert.deepEqual(counts, { warrant_check: 1, arrest: 2, involuntary_commitment_petition: 1 });
    assert.deepEqual(await countCoerciveActs(context.db, jurisdictionId, programB, from, to), {
      warrant_check: 0,
      arrest: 0,
      involuntary_commitment_petition: 0,
    });
  });
});
