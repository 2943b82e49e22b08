import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { ManualTime } from '../../../test/support/manual-time.js';
import { createUser } from '../../../test/support/outreach-lifecycle-fixtures.js';
import { OWN_ORIGIN } from '../../../test/support/sign-in.js';
import {
  describeEachEngine,
  openTestContext,
  seedJurisdiction,
} from '../../../test/support/test-databases.js';
import { buildApp } from '../../main/app.js';
import type { AppContext } from '../../main/app-context.js';
import { insertOrganization } from '../jurisdictions/jurisdiction-repository.js';

describeEachEngine('sharing agreements API and the public list', (engine) => {
  // 02:00 UTC on March 2 is still March 1 in New York: the jurisdiction's day decides "in force".
  const time = new ManualTime(new Date('2026-03-02T02:00:00Z'));
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let j: { id: string; shortName: string };
  let health: string;
  let clinic: string;
  let admin: Awaited<ReturnType<typeof createUser>>;
  let coordinator: Awaited<ReturnType<typeof createUser>>;
  const pdf = Buffer.from('%PDF-1.4\n% a signed memorandum\n%%EOF\n');

  const call = (cookie: string | null, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    app.inject({
      method,
      url,
      headers: { ...(cookie ? { cookie } : {}), origin: OWN_ORIGIN },
      ...(payload ? { payload } : {}),
    });
  const agreement = (fields: Record<string, unknown> = {}) => ({
    title: 'Outreach and treatment MOU',
    parties: [health, clinic],
    purpose: 'Linkage to care after an overdose',
    data_categories: ['identifiable_outreach', 'referral_details'],
    legal_basis: 'Memorandum of understanding',
    starts_on: '2026-03-01',
    ...fields,
  });

  before(async () => {
    context = await openTestContext(engine, { clock: time });
    app = await buildApp(context);
    const seeded = await seedJurisdiction(context.db);
    j = seeded.jurisdiction;
    health = seeded.organization.id;
    clinic = randomUUID();
    await insertOrganization(context.db, {
      jurisdictionId: j.id,
      id: clinic,
      name: 'Harbor Recovery Clinic',
      type: 'treatment',
    });
    admin = await createUser(context, j.id, 'administrator', app);
    coordinator = await createUser(context, j.id, 'outreach_coordinator', app);
  });
  after(async () => {
    await app.close();
    await context.dispose();
  });

  it('records an agreement with its document fingerprinted, serves the document back, and audits', async () => {
    const created = await call(
      admin.cookie,
      'POST',
      '/api/v1/sharing-agreements',
      agreement({
        document: { name: 'mou signed.pdf', type: 'application/pdf', base64: pdf.toString('base64') },
      }),
    );
    assert.equal(created.statusCode, 201, created.body);
    const body = created.json();
    assert.deepEqual(body.parties, [
      { organization_id: health, name: 'County EMS' },
      { organization_id: clinic, name: 'Harbor Recovery Clinic' },
    ]);
    assert.deepEqual(body.document, {
      name: 'mou signed.pdf',
      type: 'application/pdf',
      sha256: createHash('sha256').update(pdf).digest('hex'),
      size: pdf.length,
    });
    // Starts on March 1 and it is still March 1 in New York.
    assert.equal(body.in_force, true);
    assert.equal(body.public, false);
    const download = await call(admin.cookie, 'GET', `/api/v1/sharing-agreements/${body.id}/document`);
    assert.equal(download.statusCode, 200);
    assert.equal(download.headers['content-type'], 'application/pdf');
    assert.match(String(download.headers['content-disposition']), /attachment; filename="mou-signed.pdf"/);
    assert.deepEqual(download.rawPayload, pdf);
    const audit = await context.db.query<{ action: string }>(
      `select action from audit_entries where jurisdiction_id = $1 and subject_id = $2 order by seq`,
      [j.id, body.id],
    );
    assert.deepEqual(
      audit.map((a) => a.action),
      ['sharing_agreement.create', 'sharing_agreement.document_read'],
    );
  });

  it('edits only the fields given and keeps the document', async () => {
    const created = (
      await call(
        admin.cookie,
        'POST',
        '/api/v1/sharing-agreements',
        agreement({ document: { name: 'a.pdf', type: 'application/pdf', base64: pdf.toString('base64') } }),
      )
    ).json();
    const edited = await call(admin.cookie, 'PATCH', `/api/v1/sharing-agreements/${created.id}`, {
      starts_on: '2026-01-01',
      ends_on: '2026-02-28',
      public: true,
    });
    assert.equal(edited.statusCode, 200, edited.body);
    assert.equal(edited.json().title, created.title);
    assert.equal(edited.json().in_force, false);
    assert.equal(edited.json().public, true);
    assert.deepEqual(edited.json().document, created.document);
    const read = await call(admin.cookie, 'GET', `/api/v1/sharing-agreements/${created.id}`);
    assert.deepEqual(read.json(), edited.json());
  });

  it('refuses parties outside the jurisdiction, a term that ends before it starts, a document over 5 MB', async () => {
    const stranger = await call(
      admin.cookie,
      'POST',
      '/api/v1/sharing-agreements',
      agreement({ parties: [health, randomUUID()] }),
    );
    assert.equal(stranger.statusCode, 400);
    assert.equal(stranger.json().error.details?.field, 'parties');
    const backwards = await call(
      admin.cookie,
      'POST',
      '/api/v1/sharing-agreements',
      agreement({ ends_on: '2026-01-01' }),
    );
    assert.equal(backwards.json().error.details?.field, 'ends_on');
    const big = Buffer.alloc(5 * 1024 * 1024 + 1, 1).toString('base64');
    const tooBig = await call(
      admin.cookie,
      'POST',
      '/api/v1/sharing-agreements',
      agreement({ document: { name: 'big.pdf', type: 'application/pdf', base64: big } }),
    );
    assert.equal(tooBig.statusCode, 400, tooBig.body);
    assert.equal(tooBig.json().error.details?.field, 'document.base64');
    const category = await call(
      admin.cookie,
      'POST',
      '/api/v1/sharing-agreements',
      agreement({ data_categories: ['everything'] }),
    );
    assert.equal(category.statusCode, 400);
  });

  it('names the organizations an agreement may bind', async () => {
    const answer = await call(admin.cookie, 'GET', '/api/v1/sharing-agreements/parties');
    assert.deepEqual(answer.json().organizations, [
      { id: health, name: 'County EMS', type: 'ems' },
      { id: clinic, name: 'Harbor Recovery Clinic', type: 'treatment' },
    ]);
    assert.equal(
      (await call(coordinator.cookie, 'GET', '/api/v1/sharing-agreements/parties')).statusCode,
      403,
    );
  });

  it('is for administrators only', async () => {
    for (const [cookie, status] of [
      [coordinator.cookie, 403],
      [null, 401],
    ] as const) {
      assert.equal((await call(cookie, 'GET', '/api/v1/sharing-agreements')).statusCode, status);
      assert.equal(
        (await call(cookie, 'POST', '/api/v1/sharing-agreements', agreement())).statusCode,
        status,
      );
    }
  });

  it('lists only public agreements to anyone, parties by name, with the document link', async () => {
    const shown = (
      await call(
        admin.cookie,
        'POST',
        '/api/v1/sharing-agreements',
        agreement({
          title: 'A public MOU',
          public: true,
          document: { name: 'public.pdf', type: 'application/pdf', base64: pdf.toString('base64') },
        }),
      )
    ).json();
    const hidden = (
      await call(
        admin.cookie,
        'POST',
        '/api/v1/sharing-agreements',
        agreement({
          title: 'A private MOU',
          document: { name: 'private.pdf', type: 'application/pdf', base64: pdf.toString('base64') },
        }),
      )
    ).json();
    const list = await call(null, 'GET', `/api/v1/public/sharing-agreements?jurisdiction=${j.shortName}`);
    assert.equal(list.statusCode, 200, list.body);
    const titles = list.json().agreements.map((a: { title: string }) => a.title);
    assert.ok(titles.includes('A public MOU'));
    assert.ok(!titles.includes('A private MOU'));
    const item = list.json().agreements.find((a: { id: string }) => a.id === shown.id);
    assert.deepEqual(item.parties, ['County EMS', 'Harbor Recovery Clinic']);
    assert.ok(!JSON.stringify(list.json()).includes(health));
    const file = await call(null, 'GET', item.document.url);
    assert.equal(file.statusCode, 200);
    assert.deepEqual(file.rawPayload, pdf);
    const secret = await call(
      null,
      'GET',
      `/api/v1/public/sharing-agreements/${hidden.id}/document?jurisdiction=${j.shortName}`,
    );
    assert.equal(secret.statusCode, 404);
    const html = await call(null, 'GET', `/public/${j.shortName}/agreements`);
    assert.equal(html.statusCode, 200);
    assert.match(html.body, /<h2>A public MOU<\/h2>/);
    assert.match(html.body, /County EMS; Harbor Recovery Clinic/);
    assert.ok(html.body.includes(item.document.url.replaceAll('&', '&amp;')));
    assert.ok(!html.body.includes('A private MOU'));
  });
});
