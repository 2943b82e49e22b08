import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import { type OutreachTestbed, openOutreachTestbed } from '../../test/support/outreach-fixtures.js';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import type { LawEnforcementPolicy } from './outreach-vocabulary.js';

describeEachEngine('visits and their rules, through the API', (engine) => {
  let bed: OutreachTestbed;
  before(async () => {
    bed = await openOutreachTestbed(
      (clock) => openTestContext(engine, { clock }),
      async (db) => {
        const seeded = await seedJurisdiction(db);
        return { jurisdictionId: seeded.jurisdiction.id, organizationId: seeded.organization.id };
      },
    );
  });
  after(() => bed.dispose());

  const visit = (caseId: string, body: Record<string, unknown>, who = bed.users.worker) =>
    bed.send(who, 'POST', `/cases/${caseId}/visits`, {
      location_type: 'phone_video',
      present_member_ids: [bed.members.worker],
      law_enforcement: { present: false },
      services_offered: ['naloxone', 'moud'],
      services_accepted: ['naloxone'],
      ...body,
    });
  const consent = async (caseId: string, body: Record<string, unknown>) => {
    const answer = await bed.send(bed.users.worker, 'POST', `/cases/${caseId}/consents`, {
      method: 'verbal',
      ...body,
    });
    assert.equal(answer.statusCode, 201, answer.body);
    return answer.json() as { id: string };
  };
  const errorOf = (answer: { statusCode: number; json(): unknown }) => {
    const body = answer.json() as { error: { code: string; details?: { field?: string } } };
    return { status: answer.statusCode, code: body.error.code, field: body.error.details?.field };
  };
  /** A case with a visit consent, so that only the rule under test can refuse. */
  const consentedCase = async () => {
    const caseId = await bed.newCase();
    await consent(caseId, { scope: 'home_visit' });
    return caseId;
  };

  it('makes no visit in person before a visit consent where the program is phone first', async () => {
    await bed.setPolicies({ phoneFirst: true });
    const caseId = await bed.newCase();
    for (const location of ['home', 'elsewhere_chosen', 'overdose_location']) {
      assert.deepEqual(errorOf(await visit(caseId, { location_type: location })), {
        status: 422,
        code: 'CONSENT_REQUIRED',
        field: 'location_type',
      });
    }
    // By phone or video first: allowed.
    assert.equal((await visit(caseId, { location_type: 'phone_video' })).statusCode, 201);
    await consent(caseId, { scope: 'home_visit' });
    const home = await visit(caseId, {
      location_type: 'home',
      services_offered: ['naloxone', 'recovery_coach'],
      services_accepted: ['naloxone', 'recovery_coach'],
      risk_reduction_plan: 'Never use alone; naloxone by the bed',
    });
    assert.equal(home.statusCode, 201, home.body);
    assert.equal(home.json().risk_reduction_plan, 'Never use alone; naloxone by the bed');
  });

  it('visits in person without a visit consent where the program has phone first off', async () => {
    await bed.setPolicies({ phoneFirst: false });
    try {
      const answer = await visit(await bed.newCase(), { location_type: 'home' });
      assert.equal(answer.statusCode, 201, answer.body);
    } finally {
      await bed.setPolicies({});
    }
  });

  it('visits a survivor who declined only with a further_contact consent obtained since', async () => {
    const caseId = await consentedCase();
    bed.clock.advance(1000);
    const declined = await bed.send(bed.users.worker, 'POST', `/cases/${caseId}/attempts`, {
      method: 'phone',
      outcome: 'declined',
    });
    assert.equal(declined.statusCode, 201, declined.body);
    bed.clock.advance(1000);
    // By phone or at home, under the visit consent given before the decline: still contact, refused.
    for (const location of ['phone_video', 'home']) {
      assert.deepEqual(errorOf(await visit(caseId, { location_type: location })), {
        status: 422,
        code: 'CONSENT_REQUIRED',
        field: 'visited_at',
      });
    }
    // A visit made before the decline, recorded late, is not contact after it.
    const before = new Date(bed.clock.now().getTime() - 60_000).toISOString();
    assert.equal((await visit(caseId, { visited_at: before })).statusCode, 201);
    await consent(caseId, { scope: 'further_contact' });
    bed.clock.advance(1000);
    const again = await visit(caseId, { location_type: 'home' });
    assert.equal(again.statusCode, 201, again.body);
  });

  it("checks law enforcement present against the program's policy, dress by dress", async () => {
    const outcomes: [LawEnforcementPolicy, 'plain_clothes' | 'uniform', number][] = [
      ['never', 'plain_clothes', 422],
      ['never', 'uniform', 422],
      ['plain_clothes', 'plain_clothes', 201],
      ['plain_clothes', 'uniform', 422],
      ['uniform', 'plain_clothes', 201],
      ['uniform', 'uniform', 201],
    ];
    try {
      for (const [policy, dress, status] of outcomes) {
        await bed.setPolicies({ lawEnforcementAtVisits: policy });
        const answer = await visit(await consentedCase(), {
          location_type: 'home',
          law_enforcement: { present: true, dress },
        });
        assert.equal(answer.statusCode, status, `${policy} x ${dress}: ${answer.body}`);
        if (status === 422) {
          assert.deepEqual(errorOf(answer), {
            status: 422,
            code: 'OUTREACH_LAW_ENFORCEMENT_REFUSED',
            field: 'law_enforcement',
          });
        } else {
          assert.deepEqual(answer.json().law_enforcement, { present: true, dress });
        }
      }
    } finally {
      await bed.setPolicies({});
    }
  });

  it('counts a police member of the team present as law enforcement, whatever the flag', async () => {
    await bed.setPolicies({ lawEnforcementAtVisits: 'never' });
    const caseId = await consentedCase();
    const withOfficer = await visit(caseId, {
      location_type: 'home',
      present_member_ids: [bed.members.worker, bed.members.police],
      law_enforcement: { present: false },
    });
    assert.deepEqual(errorOf(withOfficer), {
      status: 422,
      code: 'OUTREACH_LAW_ENFORCEMENT_REFUSED',
      field: 'law_enforcement',
    });
    await bed.setPolicies({ lawEnforcementAtVisits: 'uniform' });
    try {
      const allowed = await visit(caseId, {
        location_type: 'home',
        present_member_ids: [bed.members.worker, bed.members.police],
        law_enforcement: { present: false },
      });
      assert.equal(allowed.statusCode, 201, allowed.body);
      // Stored as present, so the team composition of the program's visits counts it.
      assert.deepEqual(allowed.json().law_enforcement, { present: true, dress: null });
      assert.deepEqual(
        allowed.json().present.map((m: { team_role: string; agency: string }) => [m.team_role, m.agency]),
        [
          ['outreach_worker', 'Health department'],
          ['police', 'City police'],
        ],
      );
    } finally {
      await bed.setPolicies({});
    }
    // A peer coach and the worker, no officer: any policy lets them through.
    const team = await visit(caseId, {
      location_type: 'home',
      present_member_ids: [bed.members.worker, bed.members.peer],
    });
    assert.equal(team.statusCode, 201, team.body);
  });

  it('asks the dress of an officer present, and takes only active members of the case program', async () => {
    const caseId = await consentedCase();
    assert.deepEqual(errorOf(await visit(caseId, { law_enforcement: { present: true } })), {
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'law_enforcement.dress',
    });
    for (const stranger of [bed.members.inactive, bed.members.otherProgram, randomUUID()]) {
      assert.deepEqual(errorOf(await visit(caseId, { present_member_ids: [bed.members.worker, stranger] })), {
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'present_member_ids',
      });
    }
    assert.deepEqual(
      errorOf(await visit(caseId, { services_offered: ['food'], services_accepted: ['housing'] })),
      {
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'services_accepted',
      },
    );
  });

  it('reaches family and network members only under a disclosure consent of this case in force', async () => {
    const caseId = await consentedCase();
    const visitConsent = await consent(caseId, { scope: 'further_contact' });
    const reached = (consentId: string) => [
      { relation: 'mother', consent_id: consentId, received: ['naloxone'] },
    ];
    assert.deepEqual(errorOf(await visit(caseId, { network_reached: reached(visitConsent.id) })), {
      status: 422,
      code: 'CONSENT_REQUIRED',
      field: 'network_reached.0.consent_id',
    });
    const toMother = await consent(caseId, { scope: 'disclose_to_person', recipient: 'her mother' });
    const revoked = await bed.send(
      bed.users.worker,
      'POST',
      `/cases/${caseId}/consents/${toMother.id}/revoke`,
      {},
    );
    assert.equal(revoked.statusCode, 200);
    assert.equal(
      errorOf(await visit(caseId, { network_reached: reached(toMother.id) })).code,
      'CONSENT_REQUIRED',
    );
    const again = await consent(caseId, { scope: 'disclose_to_person', recipient: 'her mother' });
    const ok = await visit(caseId, { network_reached: reached(again.id) });
    assert.equal(ok.statusCode, 201, ok.body);
    assert.deepEqual(ok.json().network_reached, reached(again.id));
  });

  it('answers a resent visit with the stored one, lists visits audited, refuses a closed case and a time before it began', async () => {
    const caseId = await bed.newCase();
    const clientId = randomUUID();
    const first = await visit(caseId, { client_id: clientId });
    assert.equal(first.statusCode, 201, first.body);
    const again = await visit(caseId, { client_id: clientId });
    assert.equal(again.statusCode, 200);
    assert.deepEqual(again.json(), first.json());
    const list = await bed.send(bed.users.coordinator, 'GET', `/cases/${caseId}/visits?purpose=audit`);
    assert.equal(list.statusCode, 200);
    assert.deepEqual(
      list.json().visits.map((v: { id: string }) => v.id),
      [clientId],
    );
    const [entry] = await bed.context.db.query<{ purpose: string }>(
      `select purpose from audit_entries where jurisdiction_id = $1 and subject_id = $2 and action = 'outreach_visit.list'`,
      [bed.jurisdictionId, caseId],
    );
    assert.equal(entry?.purpose, 'audit');
    const closed = await bed.newCase({ status: 'closed' });
    assert.equal(errorOf(await visit(closed, {})).code, 'OUTREACH_CASE_CLOSED');
    // Before the case began (its clock started a day ago), down to the year 0 the database cannot store.
    for (const past of ['2000-01-01T00:00:00Z', '0000-01-01T00:00:00Z']) {
      assert.deepEqual(errorOf(await visit(caseId, { visited_at: past })), {
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'visited_at',
      });
    }
    assert.equal((await visit(caseId, {}, bed.users.otherWorker)).statusCode, 404);
  });
});
