import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { OWN_ORIGIN, signInRoles } from '../../test/support/sign-in.js';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import { insertOrganization } from '../access/jurisdictions/jurisdiction-repository.js';
import { cliActor } from '../access/roles.js';
import { ingestReports } from '../intake/intake-service.js';
import { buildApp } from '../main/app.js';
import type { AppContext } from '../main/app-context.js';
import type { OverdoseChange } from '../surveillance/live/live-feed.js';

const ann = { first_name: 'Ann', last_name: 'Lee', birth_date: '1990-04-02' };

describeEachEngine('undoing linkage decisions and splitting overdoses', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let seeded: Awaited<ReturnType<typeof seedJurisdiction>>;
  let police: typeof seeded.organization;
  let cookies: Map<string, string>;
  const heard: OverdoseChange[] = [];
  before(async () => {
    context = await openTestContext(engine);
    seeded = await seedJurisdiction(context.db);
    police = { jurisdictionId: seeded.jurisdiction.id, id: randomUUID(), name: 'City PD', type: 'police' };
    await insertOrganization(context.db, police);
    app = await buildApp(context);
    cookies = await signInRoles(app, context, seeded.jurisdiction.id, ['analyst', 'public_safety_analyst']);
    context.live.subscribe(seeded.jurisdiction.id, (change) => heard.push(change));
  });
  after(async () => {
    await app.close();
    await context.dispose();
  });

  async function send(organization: typeof seeded.organization, fields: Record<string, unknown>) {
    const [result] = await ingestReports(context.intake, cliActor, {
      jurisdiction: seeded.jurisdiction,
      organization,
      channel: 'api',
      items: [{ raw: fields, fields: { latitude: 41.7658, longitude: -72.6734, ...fields } }],
    });
    assert.equal(result?.status, 'accepted', JSON.stringify(result?.problems));
    return result as { overdoseId: string; reportId: string };
  }
  const post = (role: string, url: string, payload?: object) =>
    app.inject({
      method: 'POST',
      url,
      headers: { cookie: cookies.get(role) ?? '', origin: OWN_ORIGIN },
      ...(payload ? { payload } : {}),
    });
  const pending = async () =>
    (
      await app.inject({
        method: 'GET',
        url: '/api/v1/linkage/reviews',
        headers: { cookie: cookies.get('analyst') ?? '' },
      })
    ).json().reviews as {
      id: string;
      report_id: string;
      report_overdose_id: string;
      candidate_overdose_id: string;
    }[];

  /**
   * Everything a count is read from: the three rollups (rows with a count), and the overdoses with
   * their facts and areas and which reports make them (write times left out).
   */
  async function snapshot() {
    const j = seeded.jurisdiction.id;
    const q = (sql: string) => context.db.query<Record<string, unknown>>(sql, [j]);
    return {
      daily: await q(
        'select layer_id, area_id, day::text, source_type, fatal, count from daily_area_counts where jurisdiction_id = $1 and count <> 0 order by 1, 2, 3, 4, 5',
      ),
      monthly: await q(
        'select layer_id, area_id, month::text, source_type, fatal, count from monthly_area_counts where jurisdiction_id = $1 and count <> 0 order by 1, 2, 3, 4, 5',
      ),
      dimensions: await q(
        'select dimension, value, day::text, count from daily_dimension_counts where jurisdiction_id = $1 and count <> 0 order by 1, 2, 3',
      ),
      overdoses: (await q('select * from overdoses where jurisdiction_id = $1 order by id')).map(
        ({ created_at: _c, updated_at: _u, ...facts }) => facts,
      ),
      areas: await q(
        'select overdose_id, layer_id, area_id from overdose_areas where jurisdiction_id = $1 order by 1, 2, 3',
      ),
      reports: await q('select id, overdose_id from reports where jurisdiction_id = $1 order by id'),
    };
  }
  const total = async () => {
    const [row] = await context.db.query<{ n: number }>(
      "select coalesce(sum(count), 0)::int as n from daily_area_counts where jurisdiction_id = $1 and layer_id = ''",
      [seeded.jurisdiction.id],
    );
    return row?.n;
  };

  it('gives back exactly the counts, rollups, repeat statuses and overdose ids before a merge when it is undone', async () => {
    // Ann's earlier overdose makes the police report's overdose a repeat; the EMS one names no one.
    await send(seeded.organization, {
      source_record_id: 'ems-0',
      occurred_at: '2024-04-01T10:00:00Z',
      person: ann,
    });
    const ems = await send(seeded.organization, {
      source_record_id: 'ems-1',
      occurred_at: '2024-05-01T10:00:00Z',
      sex: 'male',
      age: 30,
      naloxone_given: true,
    });
    const pd = await send(police, {
      source_record_id: 'pd-1',
      occurred_at: '2024-05-01T14:00:00Z',
      sex: 'male',
      substances: 'fentanyl',
      person: ann,
    });
    assert.notEqual(pd.overdoseId, ems.overdoseId);
    const before = await snapshot();
    const statuses = (s: typeof before) => s.overdoses.map((o) => [o.id, o.repeat_status]);
    assert.ok(statuses(before).some(([id, status]) => id === pd.overdoseId && status === 'repeat'));
    const [review] = await pending();
    assert.ok(review);

    const undoPending = await post('analyst', `/api/v1/linkage/reviews/${review.id}/undo`);
    assert.deepEqual(
      [undoPending.statusCode, undoPending.json().error.code],
      [409, 'LINKAGE_REVIEW_NOT_DECIDED'],
    );

    heard.length = 0;
    assert.equal(
      (await post('analyst', `/api/v1/linkage/reviews/${review.id}/decision`, { decision: 'confirmed' }))
        .statusCode,
      200,
    );
    const merged = await snapshot();
    assert.equal(merged.overdoses.length, before.overdoses.length - 1);
    assert.equal(await total(), 2);
    assert.ok(
      statuses(merged).some(([id, status]) => id === ems.overdoseId && status === 'repeat'),
      'the merged overdose names Ann: a repeat',
    );

    assert.equal(
      (await post('public_safety_analyst', `/api/v1/linkage/reviews/${review.id}/undo`)).statusCode,
      403,
    );
    heard.length = 0;
    const undone = await post('analyst', `/api/v1/linkage/reviews/${review.id}/undo`);
    assert.equal(undone.statusCode, 200, undone.body);
    assert.equal(undone.json().status, 'pending');
    assert.equal(undone.json().decided_by, null);
    assert.deepEqual(await snapshot(), before, 'everything as before the merge');
    assert.deepEqual(
      (await pending()).map((r) => r.id),
      [review.id],
      'back in the queue',
    );
    await new Promise((resolve) => setImmediate(resolve)); // the bus calls listeners on a later tick
    const announced = new Set(heard.flatMap((change) => change.overdoseIds));
    assert.ok(announced.has(pd.overdoseId) && announced.has(ems.overdoseId), JSON.stringify(heard));

    const decisions = await context.db.query<{ kind: string; undone: boolean; review_id: string | null }>(
      'select kind, undone_at is not null as undone, review_id from linkage_decisions where jurisdiction_id = $1 order by decided_at',
      [seeded.jurisdiction.id],
    );
    assert.deepEqual(decisions, [{ kind: 'merge', undone: true, review_id: review.id }]);
    const audit = await context.db.query<{ subject_id: string }>(
      "select subject_id from audit_entries where jurisdiction_id = $1 and action = 'linkage_review.undo'",
      [seeded.jurisdiction.id],
    );
    assert.deepEqual(
      audit.map((a) => a.subject_id),
      [review.id],
    );

    const again = await post('analyst', `/api/v1/linkage/reviews/${review.id}/undo`);
    assert.deepEqual([again.statusCode, again.json().error.code], [409, 'LINKAGE_REVIEW_NOT_DECIDED']);

    // Confirmed once more, then split apart from the record view: the same counts again.
    assert.equal(
      (await post('analyst', `/api/v1/linkage/reviews/${review.id}/decision`, { decision: 'confirmed' }))
        .statusCode,
      200,
    );
    assert.equal(await total(), 2);
    const split = await post('analyst', `/api/v1/overdoses/${ems.overdoseId}/split`, {
      report_ids: [pd.reportId],
    });
    assert.equal(split.statusCode, 200, split.body);
    assert.deepEqual(split.json(), {
      overdose_id: ems.overdoseId,
      split_overdose_id: pd.overdoseId,
      moved_report_ids: [pd.reportId],
    });
    assert.deepEqual(await snapshot(), before, 'a split of what a merge brought in undoes it');
    const [status] = await context.db.query<{ status: string }>(
      'select status from linkage_reviews where jurisdiction_id = $1 and id = $2',
      [seeded.jurisdiction.id, review.id],
    );
    assert.equal(status?.status, 'rejected', 'the analyst split the pair: the link is rejected');
    const stale = await post('analyst', `/api/v1/linkage/reviews/${review.id}/undo`);
    assert.equal(stale.statusCode, 200, 'undoing the rejection reopens the pair');
    assert.equal(stale.json().status, 'pending');
  });

  it('reopens a rejected review, and refuses splits that are stale or leave nothing', async () => {
    const ems = await send(seeded.organization, {
      source_record_id: 'ems-2',
      occurred_at: '2024-06-01T10:00:00Z',
      age: 40,
    });
    const pd = await send(police, { source_record_id: 'pd-2', occurred_at: '2024-06-01T10:30:00Z', age: 43 });
    const review = (await pending()).find((r) => r.report_id === pd.reportId);
    assert.ok(review);
    assert.equal(
      (await post('analyst', `/api/v1/linkage/reviews/${review.id}/decision`, { decision: 'rejected' }))
        .statusCode,
      200,
    );
    const before = await snapshot();
    const reopened = await post('analyst', `/api/v1/linkage/reviews/${review.id}/undo`);
    assert.equal(reopened.json().status, 'pending');
    assert.deepEqual(await snapshot(), before, 'nothing was merged: nothing moves');

    const alone = await post('analyst', `/api/v1/overdoses/${ems.overdoseId}/split`, {
      report_ids: [ems.reportId],
    });
    assert.deepEqual([alone.statusCode, alone.json().error.code], [409, 'OVERDOSE_NOT_LINKED']);
    const elsewhere = await post('analyst', `/api/v1/overdoses/${ems.overdoseId}/split`, {
      report_ids: [pd.reportId],
    });
    assert.deepEqual([elsewhere.statusCode, elsewhere.json().error.code], [409, 'LINKAGE_SPLIT_STALE']);
    assert.match(elsewhere.json().error.message, new RegExp(pd.reportId));
    const missing = await post('analyst', `/api/v1/overdoses/${randomUUID()}/split`, {
      report_ids: [pd.reportId],
    });
    assert.equal(missing.statusCode, 404);
    const empty = await post('analyst', `/api/v1/overdoses/${ems.overdoseId}/split`, { report_ids: [] });
    assert.equal(empty.statusCode, 400);
    const partner = await post('public_safety_analyst', `/api/v1/overdoses/${ems.overdoseId}/split`, {
      report_ids: [ems.reportId],
    });
    assert.equal(partner.statusCode, 403);
    assert.deepEqual(await snapshot(), before);
  });

  it('splits an automatic link into a new overdose, and keeps the link with its score until then', async () => {
    const ems = await send(seeded.organization, {
      source_record_id: 'ems-3',
      occurred_at: '2024-07-01T10:00:00Z',
      sex: 'female',
    });
    const before = await snapshot();
    const pd = await send(police, {
      source_record_id: 'pd-3',
      occurred_at: '2024-07-01T10:20:00Z',
      sex: 'female',
      fatal: true,
    });
    assert.equal(pd.overdoseId, ems.overdoseId, 'linked at intake');
    const [link] = await context.db.query<{
      kind: string;
      score: number;
      report_ids: unknown;
      decided_by_type: string;
    }>(
      'select kind, score, report_ids, decided_by_type from linkage_decisions where jurisdiction_id = $1 and overdose_id = $2',
      [seeded.jurisdiction.id, ems.overdoseId],
    );
    assert.equal(link?.kind, 'merge');
    assert.equal(link?.score, 1);
    assert.equal(link?.decided_by_type, 'system');
    const totalLinked = await total();

    // A correction of the police record joins the same overdose: the split takes both versions.
    const corrected = await send(police, {
      source_record_id: 'pd-3',
      occurred_at: '2024-07-01T10:20:00Z',
      sex: 'female',
      fatal: false,
    });
    assert.equal(corrected.overdoseId, ems.overdoseId);
    // The record view names the newest version; the link at intake named the first.
    const split = await post('analyst', `/api/v1/overdoses/${ems.overdoseId}/split`, {
      report_ids: [corrected.reportId],
    });
    assert.equal(split.statusCode, 200, split.body);
    assert.deepEqual([...split.json().moved_report_ids].sort(), [pd.reportId, corrected.reportId].sort());
    const newId = split.json().split_overdose_id;
    assert.notEqual(newId, ems.overdoseId);
    assert.equal(await total(), (totalLinked ?? 0) + 1);
    const after = await snapshot();
    const ids = (s: typeof before) => s.overdoses.map((o) => o.id);
    assert.deepEqual(ids(after).sort(), [...ids(before), newId].sort());
    const { id: _a, ...kept } = after.overdoses.find((o) => o.id === ems.overdoseId) ?? {};
    const { id: _b, ...was } = before.overdoses.find((o) => o.id === ems.overdoseId) ?? {};
    assert.deepEqual(kept, was, 'the EMS overdose is rebuilt as it was before the police report joined');
    const made = after.overdoses.find((o) => o.id === newId);
    assert.deepEqual([made?.source_types, made?.fatal, made?.report_count], [['police'], false, 1]);
    const decisions = await context.db.query<{ kind: string; undone: boolean }>(
      'select kind, undone_at is not null as undone from linkage_decisions where jurisdiction_id = $1 and (overdose_id = $2 or overdose_id = $3) order by decided_at',
      [seeded.jurisdiction.id, ems.overdoseId, newId],
    );
    assert.deepEqual(decisions, [
      { kind: 'merge', undone: true },
      { kind: 'split', undone: false },
    ]);
  });
});
