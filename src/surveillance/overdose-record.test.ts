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

describeEachEngine("the analyst's record view of an overdose", (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let seeded: Awaited<ReturnType<typeof seedJurisdiction>>;
  let police: typeof seeded.organization;
  let hospital: typeof seeded.organization;
  let cookies: Map<string, string>;
  before(async () => {
    context = await openTestContext(engine);
    seeded = await seedJurisdiction(context.db);
    const j = seeded.jurisdiction.id;
    police = { jurisdictionId: j, id: randomUUID(), name: 'City PD', type: 'police' };
    hospital = { jurisdictionId: j, id: randomUUID(), name: 'Mercy ED', type: 'hospital' };
    await insertOrganization(context.db, police);
    await insertOrganization(context.db, hospital);
    app = await buildApp(context);
    cookies = await signInRoles(app, context, j, [
      'analyst',
      'public_safety_analyst',
      'outreach_coordinator',
    ]);
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
      items: [
        { raw: fields, fields: { latitude: 41.7658, longitude: -72.6734, address: '1 Main St', ...fields } },
      ],
    });
    assert.equal(result?.status, 'accepted', JSON.stringify(result?.problems));
    return result as { overdoseId: string; reportId: string };
  }
  const get = (role: string, id: string) =>
    app.inject({
      method: 'GET',
      url: `/api/v1/overdoses/${id}`,
      headers: { cookie: cookies.get(role) ?? '' },
    });
  const post = (url: string, payload?: object) =>
    app.inject({
      method: 'POST',
      url,
      headers: { cookie: cookies.get('analyst') ?? '', origin: OWN_ORIGIN },
      ...(payload ? { payload } : {}),
    });

  it('lists each source with its organization and how it was linked: first, automatic, confirmed, split', async () => {
    const ems = await send(seeded.organization, {
      source_record_id: 'ems-1',
      occurred_at: '2024-05-01T10:00:00Z',
      sex: 'male',
      age: 30,
    });
    const pd = await send(police, {
      source_record_id: 'pd-1',
      occurred_at: '2024-05-01T10:15:00Z',
      sex: 'male',
    });
    assert.equal(pd.overdoseId, ems.overdoseId, 'linked at intake');
    const ed = await send(hospital, {
      source_record_id: 'ed-1',
      occurred_at: '2024-05-01T14:00:00Z',
      sex: 'male',
    });
    const reviews = await app.inject({
      method: 'GET',
      url: '/api/v1/linkage/reviews',
      headers: { cookie: cookies.get('analyst') ?? '' },
    });
    const review = reviews.json().reviews.find((r: { report_id: string }) => r.report_id === ed.reportId);
    assert.ok(review, 'the ED visit four hours later is a near miss');
    assert.equal(
      (await post(`/api/v1/linkage/reviews/${review.id}/decision`, { decision: 'confirmed' })).statusCode,
      200,
    );

    const read = await get('analyst', ems.overdoseId);
    assert.equal(read.statusCode, 200, read.body);
    const record = read.json();
    assert.equal(record.id, ems.overdoseId);
    assert.equal(record.report_count, 3);
    assert.deepEqual(record.source_types, ['ems', 'police', 'hospital']);
    assert.equal('address' in record, false, 'the record view never shows the address');
    assert.deepEqual(
      record.sources.map(
        (s: {
          source_type: string;
          organization_name: string;
          source_record_id: string;
          link: { kind: string };
        }) => [s.source_type, s.organization_name, s.source_record_id, s.link.kind],
      ),
      [
        ['ems', 'County EMS', 'ems-1', 'first'],
        ['police', 'City PD', 'pd-1', 'automatic'],
        ['hospital', 'Mercy ED', 'ed-1', 'confirmed'],
      ],
    );
    const [, automatic, confirmed] = record.sources;
    assert.equal(automatic.link.score, 1);
    assert.equal(automatic.link.decided_by, null);
    assert.deepEqual([confirmed.link.review_id, confirmed.link.decided_by], [review.id, 'analyst']);
    assert.deepEqual(Object.keys(confirmed).sort(), [
      'link',
      'organization_id',
      'organization_name',
      'received_at',
      'report_id',
      'source_record_id',
      'source_type',
      'version',
    ]);

    const split = await post(`/api/v1/overdoses/${ems.overdoseId}/split`, { report_ids: [pd.reportId] });
    assert.equal(split.statusCode, 200, split.body);
    const alone = (await get('analyst', split.json().split_overdose_id)).json();
    assert.deepEqual(
      alone.sources.map((s: { link: { kind: string; decided_by: string } }) => [
        s.link.kind,
        s.link.decided_by,
      ]),
      [['split', 'analyst']],
    );
    const kept = (await get('analyst', ems.overdoseId)).json();
    assert.deepEqual(
      kept.sources.map((s: { link: { kind: string } }) => s.link.kind),
      ['first', 'confirmed'],
    );
  });

  it('is for analysts of the jurisdiction only, answers 404 for an unknown overdose, and audits each read', async () => {
    const ems = await send(seeded.organization, {
      source_record_id: 'ems-2',
      occurred_at: '2024-06-01T10:00:00Z',
    });
    assert.equal((await get('public_safety_analyst', ems.overdoseId)).statusCode, 403);
    assert.equal((await get('outreach_coordinator', ems.overdoseId)).statusCode, 403);
    assert.equal(
      (await app.inject({ method: 'GET', url: `/api/v1/overdoses/${ems.overdoseId}` })).statusCode,
      401,
    );
    assert.equal((await get('analyst', randomUUID())).statusCode, 404);
    assert.equal((await get('analyst', 'not-an-id')).statusCode, 400);

    const other = await seedJurisdiction(context.db);
    const otherCookies = await signInRoles(app, context, other.jurisdiction.id, ['analyst']);
    const foreign = await app.inject({
      method: 'GET',
      url: `/api/v1/overdoses/${ems.overdoseId}`,
      headers: { cookie: otherCookies.get('analyst') ?? '' },
    });
    assert.equal(foreign.statusCode, 404, "another jurisdiction's analyst does not see it");

    const entries = await context.db.query<{ purpose: string; details: { overdose_id: string } }>(
      "select purpose, details from audit_entries where jurisdiction_id = $1 and action = 'overdoses.read' order by seq",
      [seeded.jurisdiction.id],
    );
    const read = entries.filter((e) => e.details.overdose_id === ems.overdoseId);
    assert.equal(read.length, 0, 'refused reads are not reads');
    assert.equal((await get('analyst', ems.overdoseId)).statusCode, 200);
    const after = await context.db.query<{
      purpose: string;
      details: { overdose_id: string; sources: number };
    }>(
      "select purpose, details from audit_entries where jurisdiction_id = $1 and action = 'overdoses.read' order by seq",
      [seeded.jurisdiction.id],
    );
    assert.deepEqual(after.at(-1), {
      purpose: 'surveillance',
      details: { overdose_id: ems.overdoseId, records: 1, sources: 1 },
    });
  });
});
