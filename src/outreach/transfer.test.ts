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
import { OWN_ORIGIN } from '../../test/support/sign-in.js';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import type { Actor } from '../access/roles.js';
import { buildApp } from '../main/app.js';
import type { AppContext } from '../main/app-context.js';
import { openPerson, sealPerson, storeSealedPersons } from '../persons/person-vault.js';

describeEachEngine('transfer of an outreach case to another program', (engine) => {
  const time = new ManualTime(new Date('2026-03-02T15:00:00Z'));
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let j: string;
  let coordinator: Awaited<ReturnType<typeof createUser>>;
  let receiver: Awaited<ReturnType<typeof createUser>>;
  let from: { id: string; org: string };
  let to: { id: string; org: string };
  let third: { id: string; org: string };
  let agreement: string;

  const program = async (name: string) => {
    const id = await insertProgram(context.db, j, { name });
    const [row] = await context.db.query<{ org: string }>(
      'select organization_id as org from outreach_programs where jurisdiction_id = $1 and id = $2',
      [j, id],
    );
    return { id, org: (row as { org: string }).org };
  };
  const send = (cookie: string, url: string, payload: object) =>
    app.inject({ method: 'POST', url, headers: { cookie, origin: OWN_ORIGIN }, payload });
  /** A case of the sending program holding a person. */
  const newCase = async () => {
    const sealed = sealPerson(context.keyring, { first_name: 'Ada', last_name: 'Moss', phone: '555-0142' });
    await storeSealedPersons(context.db, j, [sealed]);
    return insertCase(context.db, j, from.id, {
      clockStartedAt: new Date('2026-03-01T10:00:00Z'),
      personId: sealed.id,
      matchKey: 'ab'.repeat(16),
    });
  };
  const consent = async (caseId: string, fields: Record<string, unknown>) => {
    const answer = await send(coordinator.cookie, `/api/v1/outreach/cases/${caseId}/consents`, {
      scope: 'transfer_to_program',
      method: 'written',
      ...fields,
    });
    assert.equal(answer.statusCode, 201, answer.body);
    return answer.json().id as string;
  };
  const transfer = (caseId: string, body: Record<string, unknown>) =>
    send(coordinator.cookie, `/api/v1/outreach/cases/${caseId}/transfer`, body);
  const caseRow = async (id: string) =>
    (
      await context.db.query<{ status: string; close_reason: string | null; program_id: string }>(
        'select status, close_reason, program_id from outreach_cases where jurisdiction_id = $1 and id = $2',
        [j, id],
      )
    )[0];
  const countOf = async (table: string, caseColumn: string, caseId: string) =>
    (
      await context.db.query<{ n: number }>(
        `select count(*)::int as n from ${table} where jurisdiction_id = $1 and ${caseColumn} = $2`,
        [j, caseId],
      )
    )[0]?.n;

  before(async () => {
    context = await openTestContext(engine, { clock: time });
    app = await buildApp(context);
    j = (await seedJurisdiction(context.db)).jurisdiction.id;
    coordinator = await createUser(context, j, 'outreach_coordinator', app);
    receiver = await createUser(context, j, 'outreach_coordinator', app);
    from = await program('North QRT');
    to = await program('South POST');
    third = await program('East Bridge');
    await insertMember(context.db, j, from.id, coordinator.id);
    await insertMember(context.db, j, to.id, receiver.id);
    agreement = await seedAgreement(context.db, j, {
      parties: [from.org, to.org],
      categories: ['identifiable_outreach'],
    });
  });
  after(async () => {
    await app.close();
    await context.dispose();
  });

  it('refuses without a consent, naming the field', async () => {
    const caseId = await newCase();
    const answer = await transfer(caseId, {
      to_program_id: to.id,
      consent_id: randomUUID(),
      agreement_id: agreement,
    });
    assert.equal(answer.statusCode, 422);
    assert.equal(answer.json().error.code, 'CONSENT_REQUIRED');
    assert.equal(answer.json().error.details?.field, 'consent_id');
    assert.equal((await caseRow(caseId))?.status, 'open');
    assert.equal(await countOf('outreach_transfers', 'from_case_id', caseId), 0);
  });

  it('refuses a consent naming another program', async () => {
    const caseId = await newCase();
    const other = await consent(caseId, { recipient_program_id: third.id });
    const answer = await transfer(caseId, {
      to_program_id: to.id,
      consent_id: other,
      agreement_id: agreement,
    });
    assert.equal(answer.statusCode, 422);
    assert.equal(answer.json().error.code, 'CONSENT_REQUIRED');
  });

  it('refuses a revoked consent', async () => {
    const caseId = await newCase();
    const given = await consent(caseId, { recipient_program_id: to.id });
    const revoke = await send(
      coordinator.cookie,
      `/api/v1/outreach/cases/${caseId}/consents/${given}/revoke`,
      {},
    );
    assert.equal(revoke.statusCode, 200, revoke.body);
    const answer = await transfer(caseId, {
      to_program_id: to.id,
      consent_id: given,
      agreement_id: agreement,
    });
    assert.equal(answer.statusCode, 422);
    assert.equal(answer.json().error.code, 'CONSENT_REQUIRED');
  });

  it('refuses without an agreement, with one that does not name the receiving organization, and with an expired one', async () => {
    const caseId = await newCase();
    const given = await consent(caseId, { recipient_program_id: to.id });
    const expired = await seedAgreement(context.db, j, {
      parties: [from.org, to.org],
      categories: ['identifiable_outreach'],
      startsOn: '2024-01-01',
      endsOn: '2026-03-01',
    });
    const elsewhere = await seedAgreement(context.db, j, {
      parties: [from.org, third.org],
      categories: ['identifiable_outreach'],
    });
    for (const agreementId of [randomUUID(), expired, elsewhere]) {
      const answer = await transfer(caseId, {
        to_program_id: to.id,
        consent_id: given,
        agreement_id: agreementId,
      });
      assert.equal(answer.statusCode, 422, agreementId);
      assert.equal(answer.json().error.code, 'AGREEMENT_REQUIRED');
      assert.equal(answer.json().error.details?.field, 'agreement_id');
    }
    assert.equal((await caseRow(caseId))?.status, 'open');
    assert.equal(await countOf('outreach_disclosures', 'case_id', caseId), 0);
  });

  it('opens the case in the receiving program with the person, closes the old one as moved, records and audits', async () => {
    const caseId = await newCase();
    const given = await consent(caseId, { recipient_program_id: to.id });
    const answer = await transfer(caseId, {
      to_program_id: to.id,
      consent_id: given,
      agreement_id: agreement,
      reason: 'Moved to the south side',
    });
    assert.equal(answer.statusCode, 201, answer.body);
    const done = answer.json() as { transfer_id: string; to_case_id: string; disclosure_id: string };
    assert.deepEqual(await caseRow(caseId), { status: 'closed', close_reason: 'moved', program_id: from.id });
    assert.deepEqual(await caseRow(done.to_case_id), {
      status: 'open',
      close_reason: null,
      program_id: to.id,
    });
    const [stored] = await context.db.query<Record<string, string>>(
      `select from_program_id, to_program_id, to_case_id, consent_id, agreement_id, disclosure_id
       from outreach_transfers where jurisdiction_id = $1 and id = $2`,
      [j, done.transfer_id],
    );
    assert.deepEqual(stored, {
      from_program_id: from.id,
      to_program_id: to.id,
      to_case_id: done.to_case_id,
      consent_id: given,
      agreement_id: agreement,
      disclosure_id: done.disclosure_id,
    });
    const [disclosure] = await context.db.query<Record<string, unknown>>(
      `select kind, subject_id, recipient_program_id, recipient_organization_id, consent_id, agreement_id
       from outreach_disclosures where jurisdiction_id = $1 and id = $2`,
      [j, done.disclosure_id],
    );
    assert.deepEqual(disclosure, {
      kind: 'transfer',
      subject_id: done.to_case_id,
      recipient_program_id: to.id,
      recipient_organization_id: to.org,
      consent_id: given,
      agreement_id: agreement,
    });
    // The receiving coordinator reads the person through the new case: a copy of its own.
    const [moved] = await context.db.query<{ person_id: string }>(
      'select person_id from outreach_cases where jurisdiction_id = $1 and id = $2',
      [j, done.to_case_id],
    );
    const reader: Actor = {
      kind: 'user',
      userId: receiver.id,
      jurisdictionId: j,
      role: 'outreach_coordinator',
      organizationId: null,
      programIds: [to.id],
    };
    const person = await openPerson(
      context.db,
      context.keyring,
      reader,
      { jurisdictionId: j, personId: moved?.person_id as string, use: 'treatment', programId: to.id },
      time.now(),
    );
    assert.deepEqual(person, { first_name: 'Ada', last_name: 'Moss', phone: '555-0142' });
    const audit = await context.db.query<{ action: string; subject_id: string }>(
      `select action, subject_id from audit_entries where jurisdiction_id = $1
       and action in ('outreach_case.transfer_out', 'outreach_case.transfer_in') order by action`,
      [j],
    );
    assert.deepEqual(audit, [
      { action: 'outreach_case.transfer_in', subject_id: done.to_case_id },
      { action: 'outreach_case.transfer_out', subject_id: caseId },
    ]);
    // A closed case transfers no more.
    const again = await transfer(caseId, {
      to_program_id: to.id,
      consent_id: given,
      agreement_id: agreement,
    });
    assert.equal(again.json().error.code, 'OUTREACH_CASE_CLOSED');
  });

  it('answers 404 to a coordinator of another program', async () => {
    const caseId = await newCase();
    const answer = await send(receiver.cookie, `/api/v1/outreach/cases/${caseId}/transfer`, {
      to_program_id: to.id,
      consent_id: randomUUID(),
      agreement_id: agreement,
    });
    assert.equal(answer.statusCode, 404);
  });
});
