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

describeEachEngine('the linkage review queue', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let seeded: Awaited<ReturnType<typeof seedJurisdiction>>;
  let police: typeof seeded.organization;
  let cookies: Map<string, string>;
  before(async () => {
    context = await openTestContext(engine);
    seeded = await seedJurisdiction(context.db);
    police = { jurisdictionId: seeded.jurisdiction.id, id: randomUUID(), name: 'City PD', type: 'police' };
    await insertOrganization(context.db, police);
    app = await buildApp(context);
    cookies = await signInRoles(app, context, seeded.jurisdiction.id, ['analyst', 'public_safety_analyst']);
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
  const get = (role: string, query = '') =>
    app.inject({
      method: 'GET',
      url: `/api/v1/linkage/reviews${query}`,
      headers: { cookie: cookies.get(role) ?? '' },
    });
  const decide = (role: string, id: string, decision: string) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/linkage/reviews/${id}/decision`,
      headers: { cookie: cookies.get(role) ?? '', origin: OWN_ORIGIN },
      payload: { decision },
    });
  const total = async () => {
    const [row] = await context.db.query<{ n: number }>(
      "select coalesce(sum(count), 0)::int as n from daily_area_counts where jurisdiction_id = $1 and layer_id = ''",
      [seeded.jurisdiction.id],
    );
    return row?.n;
  };

  it('queues a near miss, lets an analyst confirm it (one overdose from then on), and logs the decision', async () => {
    const ems = await send(seeded.organization, {
      source_record_id: 'ems-1',
      occurred_at: '2024-05-01T10:00:00Z',
      sex: 'male',
      age: 30,
    });
    // Four hours later, same corner, same sex: past the automatic window, inside the review band.
    const pd = await send(police, {
      source_record_id: 'pd-1',
      occurred_at: '2024-05-01T14:00:00Z',
      sex: 'male',
      substances: 'fentanyl',
    });
    assert.notEqual(pd.overdoseId, ems.overdoseId, 'not linked automatically');
    assert.equal(await total(), 2);

    assert.equal((await get('public_safety_analyst')).statusCode, 403);
    assert.equal((await app.inject({ method: 'GET', url: '/api/v1/linkage/reviews' })).statusCode, 401);
    const listed = await get('analyst');
    assert.equal(listed.statusCode, 200, listed.body);
    const [review, ...others] = listed.json().reviews;
    assert.equal(others.length, 0);
    assert.deepEqual(
      [review.report_id, review.report_overdose_id, review.candidate_overdose_id, review.status],
      [pd.reportId, pd.overdoseId, ems.overdoseId, 'pending'],
    );
    assert.ok(Math.abs(review.score - 2 / 3) < 1e-9);
    assert.deepEqual(
      review.reasons.map((r: { criterion: string }) => r.criterion),
      ['time', 'distance', 'sex', 'age'],
    );

    assert.equal((await decide('public_safety_analyst', review.id, 'confirmed')).statusCode, 403);
    const confirmed = await decide('analyst', review.id, 'confirmed');
    assert.equal(confirmed.statusCode, 200, confirmed.body);
    assert.equal(confirmed.json().status, 'confirmed');
    assert.ok(confirmed.json().decided_by);

    const reports = await context.db.query<{ overdose_id: string }>(
      'select overdose_id from reports where jurisdiction_id = $1 and id = any($2::uuid[])',
      [seeded.jurisdiction.id, [ems.reportId, pd.reportId]],
    );
    assert.deepEqual(
      reports.map((r) => r.overdose_id),
      [ems.overdoseId, ems.overdoseId],
    );
    const overdoses = await context.db.query<{
      id: string;
      report_count: number;
      source_types: string[];
      substances: string[];
    }>(
      'select id, report_count, source_types, substances from overdoses where jurisdiction_id = $1 and id = any($2::uuid[])',
      [seeded.jurisdiction.id, [ems.overdoseId, pd.overdoseId]],
    );
    assert.deepEqual(overdoses, [
      { id: ems.overdoseId, report_count: 2, source_types: ['ems', 'police'], substances: ['fentanyl'] },
    ]);
    assert.equal(await total(), 1, 'counted once');
    const [entry] = await context.db.query<{ subject_id: string; details: unknown }>(
      "select subject_id, details from audit_entries where jurisdiction_id = $1 and action = 'linkage_review.decide'",
      [seeded.jurisdiction.id],
    );
    assert.equal(entry?.subject_id, review.id);
    const again = await decide('analyst', review.id, 'rejected');
    assert.deepEqual([again.statusCode, again.json().error.code], [409, 'LINKAGE_REVIEW_DECIDED']);
    assert.equal((await get('analyst')).json().reviews.length, 0, 'nothing pending');
    assert.equal((await get('analyst', '?status=confirmed')).json().reviews.length, 1);
  });

  it('keeps both overdoses when an analyst rejects a candidate link', async () => {
    const ems = await send(seeded.organization, {
      source_record_id: 'ems-2',
      occurred_at: '2024-06-01T10:00:00Z',
      age: 40,
    });
    const pd = await send(police, { source_record_id: 'pd-2', occurred_at: '2024-06-01T10:30:00Z', age: 43 });
    assert.notEqual(pd.overdoseId, ems.overdoseId, 'ages 3 apart: not linked automatically');
    const [review] = (await get('analyst')).json().reviews;
    assert.equal(review.score, 0.5);
    const rejected = await decide('analyst', review.id, 'rejected');
    assert.equal(rejected.json().status, 'rejected');
    const [{ n } = { n: 0 }] = await context.db.query<{ n: number }>(
      'select count(*)::int as n from overdoses where jurisdiction_id = $1 and id = any($2::uuid[])',
      [seeded.jurisdiction.id, [ems.overdoseId, pd.overdoseId]],
    );
    assert.equal(n, 2);
    const unknown = await decide('analyst', randomUUID(), 'confirmed');
    assert.equal(unknown.statusCode, 404);
    const invalid = await decide('analyst', review.id, 'maybe');
    assert.equal(invalid.statusCode, 400);
  });

  it('audits each read of the queue with its purpose: the pairs are line-level facts', async () => {
    const entries = async () =>
      context.db.query<{ actor_type: string; purpose: string; details: { records: number } }>(
        "select actor_type, purpose, details from audit_entries where jurisdiction_id = $1 and action = 'linkage.read_reviews' order by seq",
        [seeded.jurisdiction.id],
      );
    const before = (await entries()).length;
    const listed = await get('analyst', '?status=pending');
    assert.equal(listed.statusCode, 200, listed.body);
    const after = await entries();
    assert.equal(after.length, before + 1);
    const last = after.at(-1);
    assert.equal(last?.actor_type, 'user');
    assert.equal(last?.purpose, 'surveillance');
    assert.equal(last?.details.records, listed.json().reviews.length);
  });

  it('documents the queue with its request and response schemas', async () => {
    const docs = (await app.inject({ url: '/api/docs/json' })).json();
    const list = docs.paths['/api/v1/linkage/reviews'].get;
    assert.deepEqual(list.parameters.map((p: { name: string }) => p.name).sort(), ['limit', 'status']);
    const listed = list.responses['200'].content['application/json'].schema;
    assert.ok(listed.properties.reviews.items.properties.reasons);
    const decide = docs.paths['/api/v1/linkage/reviews/{id}/decision'].post;
    assert.deepEqual(decide.requestBody.content['application/json'].schema.properties.decision.enum, [
      'confirmed',
      'rejected',
    ]);
    assert.ok(decide.responses['200'].content['application/json'].schema.properties.candidate_overdose_id);
  });
});
