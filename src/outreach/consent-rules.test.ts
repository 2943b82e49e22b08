import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import { type OutreachTestbed, openOutreachTestbed } from '../../test/support/outreach-fixtures.js';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';

const hour = 3_600_000;

describeEachEngine('consents, revocation and expiry, through the API', (engine) => {
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

  const grant = (caseId: string, body: Record<string, unknown>) =>
    bed.send(bed.users.worker, 'POST', `/cases/${caseId}/consents`, { method: 'verbal', ...body });
  const inPerson = (caseId: string) =>
    bed.send(bed.users.worker, 'POST', `/cases/${caseId}/attempts`, {
      method: 'in_person',
      outcome: 'survivor_reached',
    });
  const consents = async (caseId: string) =>
    (await bed.send(bed.users.worker, 'GET', `/cases/${caseId}/consents`)).json().consents as {
      id: string;
      in_force: boolean;
      revoked_at: string | null;
    }[];

  it('respects a revocation at once: the next action that needed the consent is refused', async () => {
    const caseId = await bed.newCase();
    const granted = await grant(caseId, { scope: 'home_visit', method: 'written' });
    assert.equal(granted.statusCode, 201, granted.body);
    assert.equal(granted.json().in_force, true);
    assert.equal(granted.json().obtained_by.display_name, 'Worker');
    assert.equal((await inPerson(caseId)).statusCode, 201);
    const revoked = await bed.send(
      bed.users.worker,
      'POST',
      `/cases/${caseId}/consents/${granted.json().id}/revoke`,
      {},
    );
    assert.equal(revoked.statusCode, 200, revoked.body);
    assert.equal(revoked.json().in_force, false);
    assert.equal(revoked.json().revoked_at, bed.clock.now().toISOString());
    const refused = await inPerson(caseId);
    assert.equal(refused.statusCode, 422);
    assert.equal(refused.json().error.code, 'CONSENT_REQUIRED');
    assert.deepEqual(
      (await consents(caseId)).map((c) => c.in_force),
      [false],
    );
  });

  it('respects an expiry: allowed while in force, refused once the clock passes expires_at', async () => {
    const caseId = await bed.newCase();
    const expiresAt = new Date(bed.clock.now().getTime() + hour).toISOString();
    assert.equal((await grant(caseId, { scope: 'home_visit', expires_at: expiresAt })).statusCode, 201);
    assert.equal((await inPerson(caseId)).statusCode, 201);
    bed.clock.advance(hour);
    const refused = await inPerson(caseId);
    assert.equal(refused.statusCode, 422, refused.body);
    assert.equal(refused.json().error.code, 'CONSENT_REQUIRED');
    assert.deepEqual(
      (await consents(caseId)).map((c) => c.in_force),
      [false],
    );
  });

  it('names the recipient of a disclosure or sharing consent, and refuses impossible times (before the case began too)', async () => {
    const caseId = await bed.newCase();
    for (const scope of ['disclose_to_person', 'share_with_organization']) {
      const answer = await grant(caseId, { scope, recipient: '   ' });
      assert.equal(answer.statusCode, 400);
      assert.equal(answer.json().error.details.field, 'recipient');
    }
    const now = bed.clock.now().getTime();
    const future = await grant(caseId, {
      scope: 'further_contact',
      obtained_at: new Date(now + hour).toISOString(),
    });
    assert.equal(future.json().error.details.field, 'obtained_at');
    const backwards = await grant(caseId, {
      scope: 'further_contact',
      obtained_at: new Date(now - hour).toISOString(),
      expires_at: new Date(now - 2 * hour).toISOString(),
    });
    assert.equal(backwards.json().error.details.field, 'expires_at');
    // Before the case began (its clock started a day ago), down to the year 0 the database cannot store.
    for (const past of ['2000-01-01T00:00:00Z', '0000-01-01T00:00:00Z']) {
      const tooEarly = await grant(caseId, { scope: 'further_contact', obtained_at: past });
      assert.equal(tooEarly.statusCode, 400, tooEarly.body);
      assert.equal(tooEarly.json().error.details.field, 'obtained_at');
    }
    assert.deepEqual(await consents(caseId), []);
  });

  it('records consents once per client_id, revokes on a closed case, and 404s a consent of another case', async () => {
    const caseId = await bed.newCase();
    const clientId = randomUUID();
    const first = await grant(caseId, { client_id: clientId, scope: 'text_messages' });
    const again = await grant(caseId, { client_id: clientId, scope: 'text_messages' });
    assert.deepEqual([first.statusCode, again.statusCode], [201, 200]);
    assert.deepEqual(again.json(), first.json());
    const other = await bed.newCase();
    const elsewhere = await bed.send(
      bed.users.worker,
      'POST',
      `/cases/${other}/consents/${clientId}/revoke`,
      {},
    );
    assert.equal(elsewhere.statusCode, 404);
    await bed.context.db.query(
      `update outreach_cases set status = 'closed', closed_at = now(), close_reason = 'engaged'
       where jurisdiction_id = $1 and id = $2`,
      [bed.jurisdictionId, caseId],
    );
    assert.equal(
      (await grant(caseId, { scope: 'further_contact' })).json().error.code,
      'OUTREACH_CASE_CLOSED',
    );
    // A survivor may always withdraw consent, even once her case is closed.
    const revoked = await bed.send(
      bed.users.worker,
      'POST',
      `/cases/${caseId}/consents/${clientId}/revoke`,
      {},
    );
    assert.equal(revoked.statusCode, 200, revoked.body);
    assert.equal(revoked.json().in_force, false);
  });
});
