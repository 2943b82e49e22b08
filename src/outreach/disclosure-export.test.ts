import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { seedAgreement } from '../../test/support/care-fixtures.js';
import { ManualTime } from '../../test/support/manual-time.js';
import {
  createUser,
  insertCase,
  insertMember,
  insertProgram,
} from '../../test/support/outreach-lifecycle-fixtures.js';
import { OWN_ORIGIN, TEST_PASSWORD } from '../../test/support/sign-in.js';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import { buildApp } from '../main/app.js';
import type { AppContext } from '../main/app-context.js';
import { sealPerson, storeSealedPersons } from '../persons/person-vault.js';

describeEachEngine('export of a case to another organization, with 42 CFR Part 2 records', (engine) => {
  const time = new ManualTime(new Date('2026-03-02T15:00:00Z'));
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let j: string;
  let coordinator: Awaited<ReturnType<typeof createUser>>;
  let worker: Awaited<ReturnType<typeof createUser>>;
  let programId: string;
  let programOrg: string;
  let recipient: { id: string; name: string };
  let fullAgreement: string;
  let noPart2Agreement: string;

  const send = (cookie: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({
      method,
      url: `/api/v1/outreach${url}`,
      headers: { cookie, origin: OWN_ORIGIN },
      ...(payload ? { payload } : {}),
    });
  const newCase = async () => {
    const sealed = sealPerson(context.keyring, {
      first_name: 'Lena',
      last_name: 'Ortiz',
      birth_date: '1990-04-02',
    });
    await storeSealedPersons(context.db, j, [sealed]);
    return insertCase(context.db, j, programId, {
      clockStartedAt: new Date('2026-03-01T10:00:00Z'),
      personId: sealed.id,
      assignedTo: worker.id,
    });
  };
  const consent = async (caseId: string, method: 'verbal' | 'written') => {
    const answer = await send(coordinator.cookie, 'POST', `/cases/${caseId}/consents`, {
      scope: 'share_with_organization',
      recipient_organization_id: recipient.id,
      method,
      expires_at: '2026-09-01T00:00:00Z',
    });
    assert.equal(answer.statusCode, 201, answer.body);
    return answer.json().id as string;
  };
  /** A referral of the case answered by the service: accepted, then completed. */
  const referral = async (caseId: string, part2: boolean) => {
    const id = randomUUID();
    const at = new Date('2026-03-01T12:00:00Z');
    await context.db.query(
      `insert into outreach_referrals (jurisdiction_id, id, program_id, case_id, service_id, service_name,
         receiving_organization_id, need, handoff, note, status, part2, referred_at, accepted_at, completed_at,
         last_status_at, created_by, recorded_at)
       values ($1, $2, $3, $4, 'svc-1', $5, $6, 'moud', 'warm_handoff', 'Prefers mornings', 'completed', $7,
         $8, $8, $8, $8, $9, $8)`,
      [
        j,
        id,
        programId,
        caseId,
        part2 ? 'Harbor Methadone Clinic' : 'Food pantry',
        recipient.id,
        part2,
        at,
        coordinator.id,
      ],
    );
    for (const [status, minutes] of [
      ['requested', 0],
      ['accepted', 30],
      ['completed', 60],
    ] as const) {
      await context.db.query(
        `insert into outreach_referral_events (jurisdiction_id, id, referral_id, status, reason, actor_type, actor_id, at)
         values ($1, $2, $3, $4, null, 'user', null, $5)`,
        [j, randomUUID(), id, status, new Date(at.getTime() + minutes * 60_000)],
      );
    }
    return id;
  };
  const exportOf = (caseId: string, body: Record<string, unknown>, who = coordinator) =>
    send(who.cookie, 'POST', `/cases/${caseId}/disclosures`, {
      recipient_organization_id: recipient.id,
      purpose: 'treatment',
      ...body,
    });
  const logOf = async (caseId: string) => {
    const answer = await send(coordinator.cookie, 'GET', `/cases/${caseId}/disclosures`);
    assert.equal(answer.statusCode, 200, answer.body);
    return answer.json().disclosures as Record<string, unknown>[];
  };

  before(async () => {
    context = await openTestContext(engine, { clock: time });
    app = await buildApp(context);
    const seeded = await seedJurisdiction(context.db);
    j = seeded.jurisdiction.id;
    recipient = { id: seeded.organization.id, name: seeded.organization.name };
    coordinator = await createUser(context, j, 'outreach_coordinator', app);
    worker = await createUser(context, j, 'outreach_worker', app);
    programId = await insertProgram(context.db, j, { name: 'North QRT' });
    programOrg = (
      await context.db.query<{ org: string }>(
        'select organization_id as org from outreach_programs where jurisdiction_id = $1 and id = $2',
        [j, programId],
      )
    )[0]?.org as string;
    await insertMember(context.db, j, programId, coordinator.id);
    await insertMember(context.db, j, programId, worker.id);
    fullAgreement = await seedAgreement(context.db, j, {
      parties: [programOrg, recipient.id],
      categories: ['identifiable_outreach', 'referral_details', 'part2_records'],
    });
    noPart2Agreement = await seedAgreement(context.db, j, {
      parties: [programOrg, recipient.id],
      categories: ['identifiable_outreach', 'referral_details'],
    });
  });
  after(async () => {
    await app.close();
    await context.dispose();
  });

  it('carries the Part 2 labels, the 42 CFR 2.32 notice and a copy of the consent, and is logged', async () => {
    const caseId = await newCase();
    const referralId = await referral(caseId, true);
    const consentId = await consent(caseId, 'written');
    const answer = await exportOf(caseId, { consent_id: consentId, agreement_id: fullAgreement });
    assert.equal(answer.statusCode, 201, answer.body);
    const pack = answer.json();
    assert.deepEqual(pack.security_labels, ['42CFRPart2', 'ETH']);
    // Statement 1 of § 2.32(a)(1), its opening and closing words as the regulation has them.
    assert.ok(
      pack.part2_notice.startsWith(
        'This record which has been disclosed to you is protected by Federal confidentiality rules (42 CFR part 2). These rules prohibit you from using or disclosing this record, or testimony that describes the information contained in this record, in any civil, criminal, administrative, or legislative proceedings by any Federal, State, or local authority, against the patient, unless authorized by the consent of the patient, except as provided at 42 CFR 2.12(c)(5) or as authorized by a court in accordance with 42 CFR 2.64 or 2.65.',
      ),
    );
    assert.ok(
      pack.part2_notice.endsWith(
        'A general authorization for the release of medical or other information is NOT sufficient to meet the required elements of written consent to further use or redisclose the record (see 42 CFR 2.31).',
      ),
    );
    assert.deepEqual(pack.consent, {
      id: consentId,
      scope: 'share_with_organization',
      recipient: recipient.name,
      method: 'written',
      obtained_at: time.now().toISOString(),
      expires_at: '2026-09-01T00:00:00.000Z',
      obtained_by: { user_id: coordinator.id, display_name: 'A outreach_coordinator' },
    });
    assert.deepEqual(pack.person, { first_name: 'Lena', last_name: 'Ortiz', birth_date: '1990-04-02' });
    assert.equal(pack.referrals.length, 1);
    assert.equal(pack.referrals[0].id, referralId);
    assert.deepEqual(pack.referrals[0].security_labels, ['42CFRPart2', 'ETH']);
    assert.deepEqual(
      pack.referrals[0].history.map((h: { status: string }) => h.status),
      ['requested', 'accepted', 'completed'],
    );
    const log = await logOf(caseId);
    assert.equal(log.length, 1);
    assert.deepEqual(
      {
        id: log[0]?.id,
        kind: log[0]?.kind,
        part2: log[0]?.part2,
        notice_included: log[0]?.notice_included,
        consent_id: log[0]?.consent_id,
        agreement_id: log[0]?.agreement_id,
        categories: log[0]?.categories,
        recipient_organization: log[0]?.recipient_organization,
      },
      {
        id: pack.disclosure_id,
        kind: 'export',
        part2: true,
        notice_included: true,
        consent_id: consentId,
        agreement_id: fullAgreement,
        categories: ['identifiable_outreach', 'referral_details', 'part2_records'],
        recipient_organization: recipient,
      },
    );
  });

  it('is refused without a consent, with a verbal one, and under an agreement without Part 2 records', async () => {
    const caseId = await newCase();
    await referral(caseId, true);
    const none = await exportOf(caseId, { consent_id: randomUUID(), agreement_id: fullAgreement });
    assert.equal(none.statusCode, 422);
    assert.equal(none.json().error.code, 'CONSENT_REQUIRED');
    const verbal = await consent(caseId, 'verbal');
    const spoken = await exportOf(caseId, { consent_id: verbal, agreement_id: fullAgreement });
    assert.equal(spoken.statusCode, 422);
    assert.equal(spoken.json().error.code, 'CONSENT_REQUIRED');
    const written = await consent(caseId, 'written');
    const uncovered = await exportOf(caseId, { consent_id: written, agreement_id: noPart2Agreement });
    assert.equal(uncovered.statusCode, 422);
    assert.equal(uncovered.json().error.code, 'AGREEMENT_REQUIRED');
    assert.deepEqual(await logOf(caseId), []);
  });

  it('carries no notice and no labels when no Part 2 record goes (a verbal consent suffices)', async () => {
    const caseId = await newCase();
    await referral(caseId, false);
    const verbal = await consent(caseId, 'verbal');
    const answer = await exportOf(caseId, { consent_id: verbal, agreement_id: noPart2Agreement });
    assert.equal(answer.statusCode, 201, answer.body);
    assert.equal(answer.json().part2_notice, null);
    assert.deepEqual(answer.json().security_labels, []);
    assert.deepEqual(answer.json().referrals[0].security_labels, []);
    const [entry] = await logOf(caseId);
    assert.equal(entry?.notice_included, false);
  });

  it('answers 404 to a worker (no export right) and leaves no trace', async () => {
    const caseId = await newCase();
    const consentId = await consent(caseId, 'written');
    const answer = await exportOf(caseId, { consent_id: consentId, agreement_id: fullAgreement }, worker);
    assert.equal(answer.statusCode, 404);
    assert.deepEqual(await logOf(caseId), []);
  });

  it('asks the coordinator for the password again 10 minutes after sign-in, and exports after', async () => {
    const caseId = await newCase();
    const consentId = await consent(caseId, 'written');
    time.advance(11 * 60_000);
    const stale = await exportOf(caseId, { consent_id: consentId, agreement_id: fullAgreement });
    assert.deepEqual([stale.statusCode, stale.json().error.code], [403, 'REAUTHENTICATION_REQUIRED']);
    assert.deepEqual(await logOf(caseId), [], 'nothing disclosed');
    const reauthenticated = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/reauthenticate',
      headers: { cookie: coordinator.cookie, origin: OWN_ORIGIN },
      payload: { password: TEST_PASSWORD },
    });
    assert.equal(reauthenticated.statusCode, 200, reauthenticated.body);
    const answer = await exportOf(caseId, { consent_id: consentId, agreement_id: fullAgreement });
    assert.equal(answer.statusCode, 201, answer.body);
    assert.equal((await logOf(caseId)).length, 1);
  });
});
