import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { seedAgreement, seedDirectoryService } from '../../test/support/care-fixtures.js';
import { ManualTime } from '../../test/support/manual-time.js';
import {
  createUser,
  insertCase,
  insertMember,
  insertProgram,
} from '../../test/support/outreach-lifecycle-fixtures.js';
import { OWN_ORIGIN } from '../../test/support/sign-in.js';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import { insertOrganization } from '../access/jurisdictions/jurisdiction-repository.js';
import { buildApp } from '../main/app.js';
import type { AppContext } from '../main/app-context.js';
import type { ReferralOptions } from './referral-options-presenter.js';

const NOW = new Date('2026-05-04T15:00:00Z');
const DAY = 86_400_000;

describeEachEngine('referral options of a case', (engine) => {
  const time = new ManualTime(NOW);
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let jurisdictionId: string;
  let caseId: string;
  let closedCaseId: string;
  let worker: { id: string; cookie: string };
  let otherWorker: { id: string; cookie: string };
  let analyst: { id: string; cookie: string };
  const provider = randomUUID();
  const otherOrganization = randomUUID();
  let plainService: string;
  let part2Service: string;
  let walkInService: string;
  const consents: Record<string, string> = {};
  const agreements: Record<string, string> = {};

  /** Stores a consent of the case as the API would, naming an organization by id. */
  async function consent(
    name: string,
    fields: {
      scope?: string;
      organizationId?: string | null;
      method?: string;
      obtainedAt?: Date;
      expiresAt?: Date | null;
      revokedAt?: Date | null;
    },
  ) {
    const id = randomUUID();
    await context.db.query(
      `insert into outreach_consents (jurisdiction_id, id, case_id, scope, recipient, recipient_organization_id,
         method, obtained_by, obtained_at, expires_at, revoked_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        jurisdictionId,
        id,
        caseId,
        fields.scope ?? 'share_with_organization',
        `recipient ${name}`,
        fields.organizationId === undefined ? provider : fields.organizationId,
        fields.method ?? 'verbal',
        worker.id,
        fields.obtainedAt ?? new Date(NOW.getTime() - DAY),
        fields.expiresAt ?? null,
        fields.revokedAt ?? null,
      ],
    );
    consents[name] = id;
  }

  const ask = (cookie: string, id: string, serviceId: string) =>
    app.inject({
      method: 'GET',
      url: `/api/v1/outreach/cases/${id}/referral-options?service_id=${encodeURIComponent(serviceId)}`,
      headers: { cookie, origin: OWN_ORIGIN },
    });

  before(async () => {
    context = await openTestContext(engine, { clock: time });
    app = await buildApp(context);
    const { db } = context;
    jurisdictionId = (await seedJurisdiction(db)).jurisdiction.id;
    for (const [id, name] of [
      [provider, 'Harbor Recovery'],
      [otherOrganization, 'Elsewhere Clinic'],
    ] as const) {
      await insertOrganization(db, { jurisdictionId, id, name, type: 'treatment' });
    }
    const program = await insertProgram(db, jurisdictionId);
    const [row] = await db.query<{ organizationId: string }>(
      `select organization_id as "organizationId" from outreach_programs where jurisdiction_id = $1 and id = $2`,
      [jurisdictionId, program],
    );
    const programOrganization = (row as { organizationId: string }).organizationId;
    worker = await createUser(context, jurisdictionId, 'outreach_worker', app);
    otherWorker = await createUser(context, jurisdictionId, 'outreach_worker', app);
    analyst = await createUser(context, jurisdictionId, 'analyst', app);
    await insertMember(db, jurisdictionId, program, worker.id);
    await insertMember(db, jurisdictionId, program, otherWorker.id);
    const started = new Date(NOW.getTime() - 3 * DAY);
    caseId = await insertCase(db, jurisdictionId, program, {
      clockStartedAt: started,
      assignedTo: worker.id,
    });
    closedCaseId = await insertCase(db, jurisdictionId, program, {
      clockStartedAt: started,
      assignedTo: worker.id,
      status: 'closed',
      closedAt: new Date(NOW.getTime() - DAY),
    });
    plainService = (
      await seedDirectoryService(db, jurisdictionId, {
        name: 'Harbor MOUD',
        providerOrganizationId: provider,
      })
    ).serviceId;
    part2Service = (
      await seedDirectoryService(db, jurisdictionId, {
        name: 'Harbor Methadone',
        providerOrganizationId: provider,
        part2Program: true,
      })
    ).serviceId;
    walkInService = (await seedDirectoryService(db, jurisdictionId, { name: 'Food pantry', needs: ['food'] }))
      .serviceId;

    await consent('verbal', {});
    await consent('written', { method: 'written' });
    await consent('other organization', { organizationId: otherOrganization, method: 'written' });
    await consent('named in words only', { organizationId: null, method: 'written' });
    await consent('home visit', { scope: 'home_visit', organizationId: null });
    await consent('revoked', { method: 'written', revokedAt: new Date(NOW.getTime() - 3_600_000) });
    await consent('expired', { method: 'written', expiresAt: new Date(NOW.getTime() - 3_600_000) });
    await consent('not yet given', { method: 'written', obtainedAt: new Date(NOW.getTime() + DAY) });

    const both = [programOrganization, provider];
    agreements.referrals = await seedAgreement(db, jurisdictionId, {
      title: 'A: referrals',
      parties: both,
      categories: ['referral_details'],
    });
    agreements.part2 = await seedAgreement(db, jurisdictionId, {
      title: 'B: referrals and Part 2',
      parties: both,
      categories: ['referral_details', 'part2_records'],
      startsOn: '2026-05-04',
      endsOn: '2026-05-04',
    });
    await seedAgreement(db, jurisdictionId, {
      title: 'C: ended',
      parties: both,
      categories: ['referral_details', 'part2_records'],
      endsOn: '2026-05-03',
    });
    await seedAgreement(db, jurisdictionId, {
      title: 'D: not yet',
      parties: both,
      categories: ['referral_details', 'part2_records'],
      startsOn: '2026-05-05',
    });
    await seedAgreement(db, jurisdictionId, {
      title: 'E: another party',
      parties: [programOrganization, otherOrganization],
      categories: ['referral_details', 'part2_records'],
    });
    await seedAgreement(db, jurisdictionId, {
      title: 'F: other data',
      parties: both,
      categories: ['identifiable_outreach'],
    });
  });
  after(async () => {
    await app?.close();
    await context?.dispose();
  });

  it('offers the consents naming the provider in force and the agreements in force covering referral details, audited', async () => {
    const answer = await ask(worker.cookie, caseId, plainService);
    assert.equal(answer.statusCode, 200, answer.body);
    const options = answer.json() as ReferralOptions;
    assert.deepEqual(options.service, {
      id: plainService,
      name: 'Harbor MOUD',
      organization_name: 'Harbor MOUD Inc.',
      provider_organization_id: provider,
      provider_organization_name: 'Harbor Recovery',
      part2_program: false,
    });
    assert.equal(options.disclosure_required, true);
    assert.deepEqual(options.consent_methods, ['verbal', 'written', 'electronic']);
    assert.deepEqual(options.consents.map((c) => c.id).sort(), [consents.verbal, consents.written].sort());
    // 2026-05-04 is still the day in New York at 15:00 UTC: the one-day agreement B is in force.
    assert.deepEqual(
      options.agreements.map((a) => a.title),
      ['A: referrals', 'B: referrals and Part 2'],
    );
    const [entry] = await context.db.query<{ purpose: string; subject_id: string; details: unknown }>(
      `select purpose, subject_id, details from audit_entries
        where jurisdiction_id = $1 and action = 'outreach_referral_options.read' and actor_id = $2`,
      [jurisdictionId, worker.id],
    );
    assert.equal(entry?.purpose, 'treatment');
    assert.equal(entry?.subject_id, caseId);
    assert.deepEqual(typeof entry?.details === 'string' ? JSON.parse(entry.details) : entry?.details, {
      service_id: plainService,
      consents: 2,
      agreements: 2,
    });
  });

  it('asks written or electronic consent and an agreement covering Part 2 records for a Part 2 program', async () => {
    const answer = await ask(worker.cookie, caseId, part2Service);
    assert.equal(answer.statusCode, 200, answer.body);
    const options = answer.json() as ReferralOptions;
    assert.equal(options.service.part2_program, true);
    assert.deepEqual(options.consent_methods, ['written', 'electronic']);
    assert.deepEqual(
      options.consents.map((c) => c.id),
      [consents.written],
    );
    assert.deepEqual(
      options.agreements.map((a) => a.id),
      [agreements.part2],
    );
  });

  it('needs neither for a service no provider answers for', async () => {
    const answer = await ask(worker.cookie, caseId, walkInService);
    assert.equal(answer.statusCode, 200, answer.body);
    const options = answer.json() as ReferralOptions;
    assert.equal(options.disclosure_required, false);
    assert.equal(options.service.provider_organization_id, null);
    assert.deepEqual([options.consents, options.agreements], [[], []]);
  });

  it('answers 404 to who may not refer from the case and for a service not in the directory; 409 on a closed case', async () => {
    for (const cookie of [otherWorker.cookie, analyst.cookie]) {
      const answer = await ask(cookie, caseId, plainService);
      assert.equal(answer.statusCode, 404, answer.body);
      assert.doesNotMatch(answer.body, /Harbor|recipient/);
    }
    const missing = await ask(worker.cookie, caseId, 'no-such-service');
    assert.equal(missing.statusCode, 404, missing.body);
    assert.equal(missing.json().error.details?.field, 'service_id');
    const closed = await ask(worker.cookie, closedCaseId, plainService);
    assert.equal(closed.statusCode, 409, closed.body);
    assert.equal(closed.json().error.code, 'OUTREACH_CASE_CLOSED');
  });
});
