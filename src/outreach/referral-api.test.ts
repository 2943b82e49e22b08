import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { seedAgreement, seedDirectoryService } from '../../test/support/care-fixtures.js';
import {
  type FixtureUser,
  type OutreachTestbed,
  openOutreachTestbed,
} from '../../test/support/outreach-fixtures.js';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import { insertOrganization } from '../access/jurisdictions/jurisdiction-repository.js';
import { cliActor } from '../access/roles.js';

const hour = 3_600_000;
const PASSWORD = 'correct horse battery staple 2026';

describeEachEngine('closed-loop referrals, referrer and receiver, through the API', (engine) => {
  let bed: OutreachTestbed;
  let programOrg: string;
  let providerOrg: string;
  let otherOrg: string;
  let provider: FixtureUser;
  let otherProvider: FixtureUser;
  let providerKey: string;
  let otherKey: string;
  let agreementId: string;
  let services: { clinic: string; part2: string; pantry: string; elsewhere: string };

  /** A provider's user of an organization, signed in. */
  const providerUser = async (organizationId: string, name: string): Promise<FixtureUser> => {
    const email = `${name}.${randomUUID().slice(0, 8)}@example.org`;
    const { id } = await bed.context.access.createUser(cliActor, {
      jurisdictionId: bed.jurisdictionId,
      email,
      displayName: name,
      role: 'service_provider',
      organizationId,
      password: PASSWORD,
    });
    const login = await bed.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: PASSWORD },
    });
    assert.equal(login.statusCode, 200, login.body);
    return { userId: id, cookie: String(login.headers['set-cookie']).split(';')[0] as string };
  };

  before(async () => {
    bed = await openOutreachTestbed(
      (clock) => openTestContext(engine, { clock }),
      async (db) => {
        const seeded = await seedJurisdiction(db);
        return { jurisdictionId: seeded.jurisdiction.id, organizationId: seeded.organization.id };
      },
    );
    const j = bed.jurisdictionId;
    const db = bed.context.db;
    [programOrg] = (
      await db.query<{ organization_id: string }>(
        'select organization_id from outreach_programs where jurisdiction_id = $1 and id = $2',
        [j, bed.programId],
      )
    ).map((r) => r.organization_id) as [string];
    providerOrg = randomUUID();
    otherOrg = randomUUID();
    await insertOrganization(db, {
      jurisdictionId: j,
      id: providerOrg,
      name: 'Harbor Recovery',
      type: 'other',
    });
    await insertOrganization(db, { jurisdictionId: j, id: otherOrg, name: 'Hilltop Clinic', type: 'other' });
    services = {
      clinic: (
        await seedDirectoryService(db, j, { name: 'Harbor Clinic', providerOrganizationId: providerOrg })
      ).serviceId,
      part2: (
        await seedDirectoryService(db, j, {
          name: 'Harbor Methadone',
          providerOrganizationId: providerOrg,
          part2Program: true,
        })
      ).serviceId,
      pantry: (await seedDirectoryService(db, j, { name: 'Food pantry', needs: ['food'] })).serviceId,
      elsewhere: (await seedDirectoryService(db, j, { name: 'Hilltop', providerOrganizationId: otherOrg }))
        .serviceId,
    };
    agreementId = await seedAgreement(db, j, {
      parties: [programOrg, providerOrg],
      categories: ['referral_details'],
    });
    provider = await providerUser(providerOrg, 'harbor-staff');
    otherProvider = await providerUser(otherOrg, 'hilltop-staff');
    const key = (organizationId: string, scopes: ('submit' | 'referrals')[]) =>
      bed.context.access
        .createApiKey(cliActor, { jurisdictionId: j, organizationId, name: 'EHR', scopes })
        .then((k) => k.key);
    providerKey = await key(providerOrg, ['referrals']);
    otherKey = await key(otherOrg, ['referrals']);
  });
  after(() => bed.dispose());

  /** The receiving side, as a provider's user or an API key. */
  const receive = (
    who: FixtureUser | string,
    method: 'GET' | 'POST',
    url: string,
    payload?: unknown,
  ): Promise<LightMyRequestResponse> =>
    bed.app.inject({
      method,
      url: `/api/v1/referrals${url}`,
      headers:
        typeof who === 'string'
          ? { authorization: `Bearer ${who}` }
          : { cookie: who.cookie, origin: 'http://localhost' },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  /** A case with a named survivor, opened by the coordinator. */
  const caseWithPerson = async (): Promise<string> => {
    const opened = await bed.send(bed.users.coordinator, 'POST', '/cases', {
      program_id: bed.programId,
      origin: 'by_hand',
      person: { first_name: 'Rosa', last_name: 'Lind', birth_date: '1990-04-02', phone: '860-555-0101' },
    });
    assert.equal(opened.statusCode, 201, opened.body);
    return opened.json().id as string;
  };
  const consentFor = async (caseId: string, organizationId: string, method = 'written'): Promise<string> => {
    const granted = await bed.send(bed.users.coordinator, 'POST', `/cases/${caseId}/consents`, {
      scope: 'share_with_organization',
      recipient_organization_id: organizationId,
      method,
    });
    assert.equal(granted.statusCode, 201, granted.body);
    return granted.json().id as string;
  };
  const refer = (caseId: string, body: Record<string, unknown>) =>
    bed.send(bed.users.coordinator, 'POST', `/cases/${caseId}/referrals`, {
      need: 'moud',
      handoff: 'warm_handoff',
      ...body,
    });
  const disclosures = async (caseId: string) =>
    bed.context.db.query<{ kind: string; subject_id: string; categories: string[]; part2: boolean }>(
      'select kind, subject_id, categories, part2 from outreach_disclosures where jurisdiction_id = $1 and case_id = $2',
      [bed.jurisdictionId, caseId],
    );

  describe('the referrer', () => {
    it('refers to a provider only under a consent naming it and a covering agreement, recorded as a disclosure', async () => {
      const caseId = await caseWithPerson();
      const withoutConsent = await refer(caseId, { service_id: services.clinic });
      assert.equal(withoutConsent.statusCode, 422, withoutConsent.body);
      assert.equal(withoutConsent.json().error.code, 'CONSENT_REQUIRED');
      const toOther = await consentFor(caseId, otherOrg);
      const wrongConsent = await refer(caseId, { service_id: services.clinic, consent_id: toOther });
      assert.equal(wrongConsent.json().error.code, 'CONSENT_REQUIRED');
      const consentId = await consentFor(caseId, providerOrg);
      const withoutAgreement = await refer(caseId, { service_id: services.clinic, consent_id: consentId });
      assert.equal(withoutAgreement.statusCode, 422);
      assert.equal(withoutAgreement.json().error.code, 'AGREEMENT_REQUIRED');
      // The agreement between the program and another organization does not cover this provider.
      const elsewhere = await refer(caseId, {
        service_id: services.elsewhere,
        consent_id: toOther,
        agreement_id: agreementId,
      });
      assert.equal(elsewhere.json().error.code, 'AGREEMENT_REQUIRED');
      assert.deepEqual(await disclosures(caseId), []);

      const clientId = randomUUID();
      const made = await refer(caseId, {
        client_id: clientId,
        service_id: services.clinic,
        consent_id: consentId,
        agreement_id: agreementId,
        note: 'Prefers mornings',
      });
      assert.equal(made.statusCode, 201, made.body);
      const referral = made.json();
      assert.equal(referral.id, clientId);
      assert.equal(referral.status, 'requested');
      assert.deepEqual(referral.service, {
        id: services.clinic,
        name: 'Harbor Clinic',
        organization_name: 'Harbor Clinic Inc.',
      });
      assert.equal(referral.receiving_organization_id, providerOrg);
      assert.equal(referral.consent_id, consentId);
      assert.equal(referral.agreement_id, agreementId);
      assert.deepEqual(referral.security_labels, []);
      assert.deepEqual(
        referral.history.map((h: { status: string; by: string }) => [h.status, h.by]),
        [['requested', 'referrer']],
      );
      assert.deepEqual(await disclosures(caseId), [
        { kind: 'referral', subject_id: clientId, categories: ['referral_details'], part2: false },
      ]);
      const resent = await refer(caseId, { client_id: clientId, service_id: services.clinic });
      assert.equal(resent.statusCode, 200, resent.body);
      assert.equal(resent.json().id, clientId);
      const detail = await bed.send(bed.users.coordinator, 'GET', `/cases/${caseId}`);
      assert.deepEqual(
        detail.json().referrals.map((r: { id: string }) => r.id),
        [clientId],
      );
      const listed = await bed.send(bed.users.coordinator, 'GET', `/cases/${caseId}/referrals`);
      assert.equal(listed.statusCode, 200, listed.body);
      assert.equal(listed.json().referrals.length, 1);
      const [audit] = await bed.context.db.query<{ purpose: string }>(
        `select purpose from audit_entries where jurisdiction_id = $1 and action = 'outreach_referral.list'
           and subject_id = $2`,
        [bed.jurisdictionId, caseId],
      );
      assert.equal(audit?.purpose, 'treatment');
    });

    it('needs written consent and an agreement covering Part 2 records for a Part 2 program, and labels it', async () => {
      const caseId = await caseWithPerson();
      const verbal = await consentFor(caseId, providerOrg, 'verbal');
      const written = await consentFor(caseId, providerOrg, 'written');
      const narrow = await seedAgreement(bed.context.db, bed.jurisdictionId, {
        parties: [programOrg, providerOrg],
        categories: ['referral_details'],
      });
      const wide = await seedAgreement(bed.context.db, bed.jurisdictionId, {
        parties: [programOrg, providerOrg],
        categories: ['referral_details', 'part2_records'],
      });
      const byVoice = await refer(caseId, {
        service_id: services.part2,
        consent_id: verbal,
        agreement_id: wide,
      });
      assert.equal(byVoice.json().error.code, 'CONSENT_REQUIRED');
      const uncovered = await refer(caseId, {
        service_id: services.part2,
        consent_id: written,
        agreement_id: narrow,
      });
      assert.equal(uncovered.json().error.code, 'AGREEMENT_REQUIRED');
      const made = await refer(caseId, {
        service_id: services.part2,
        consent_id: written,
        agreement_id: wide,
      });
      assert.equal(made.statusCode, 201, made.body);
      assert.equal(made.json().part2, true);
      assert.deepEqual(made.json().security_labels, ['42CFRPart2', 'ETH']);
      assert.deepEqual(await disclosures(caseId), [
        {
          kind: 'referral',
          subject_id: made.json().id,
          categories: ['referral_details', 'part2_records'],
          part2: true,
        },
      ]);
      const seen = await receive(provider, 'GET', `/${made.json().id}`);
      assert.deepEqual(seen.json().security_labels, ['42CFRPart2', 'ETH']);
    });

    it('refers to a service nobody answers for without consent, and records its outcome itself', async () => {
      const caseId = await bed.newCase();
      const made = await refer(caseId, { service_id: services.pantry, need: 'food', handoff: 'transport' });
      assert.equal(made.statusCode, 201, made.body);
      assert.equal(made.json().receiving_organization_id, null);
      assert.equal(made.json().consent_id, null);
      assert.deepEqual(await disclosures(caseId), []);
      bed.clock.advance(hour);
      const attended = new Date(bed.clock.now().getTime() - 60_000).toISOString();
      const done = await bed.send(
        bed.users.coordinator,
        'POST',
        `/cases/${caseId}/referrals/${made.json().id}/status`,
        {
          status: 'completed',
          first_attended_at: attended,
        },
      );
      assert.equal(done.statusCode, 200, done.body);
      assert.equal(done.json().status, 'completed');
      assert.equal(done.json().first_attended_at, attended);
      assert.equal(done.json().accepted_at, bed.clock.now().toISOString());
      assert.deepEqual(
        done.json().history.map((h: { status: string; by: string }) => [h.status, h.by]),
        [
          ['requested', 'referrer'],
          ['accepted', 'referrer'],
          ['completed', 'referrer'],
        ],
      );
      const again = await bed.send(
        bed.users.coordinator,
        'POST',
        `/cases/${caseId}/referrals/${made.json().id}/status`,
        {
          status: 'cancelled',
        },
      );
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().error.code, 'REFERRAL_TRANSITION_INVALID');
    });

    it('refuses an unknown service, a closed case, and an outcome the provider answers for', async () => {
      const caseId = await bed.newCase();
      const unknown = await refer(caseId, { service_id: 'no-such-service' });
      assert.equal(unknown.statusCode, 400);
      assert.deepEqual(unknown.json().error.details, { field: 'service_id' });
      const closed = await bed.newCase({ status: 'closed' });
      const onClosed = await refer(closed, { service_id: services.pantry });
      assert.equal(onClosed.statusCode, 409);
      assert.equal(onClosed.json().error.code, 'OUTREACH_CASE_CLOSED');
      const withPerson = await caseWithPerson();
      const consentId = await consentFor(withPerson, providerOrg);
      const made = await refer(withPerson, {
        service_id: services.clinic,
        consent_id: consentId,
        agreement_id: agreementId,
      });
      assert.equal(made.statusCode, 201, made.body);
      const url = `/cases/${withPerson}/referrals/${made.json().id}/status`;
      const completed = await bed.send(bed.users.coordinator, 'POST', url, { status: 'completed' });
      assert.equal(completed.statusCode, 409);
      assert.equal(completed.json().error.code, 'REFERRAL_TRANSITION_INVALID');
      const cancelled = await bed.send(bed.users.coordinator, 'POST', url, {
        status: 'cancelled',
        reason: 'moved away',
      });
      assert.equal(cancelled.statusCode, 200, cancelled.body);
      assert.equal(cancelled.json().status_reason, 'moved away');
      // Another program's coordinator does not learn the case exists.
      const stranger = await bed.send(bed.users.otherCoordinator, 'GET', `/cases/${withPerson}/referrals`);
      assert.equal(stranger.statusCode, 404);
    });
  });

  describe('the receiving organization', () => {
    let caseId: string;
    let referralId: string;
    let consentId: string;
    before(async () => {
      caseId = await caseWithPerson();
      consentId = await consentFor(caseId, providerOrg);
      const made = await refer(caseId, {
        service_id: services.clinic,
        consent_id: consentId,
        agreement_id: agreementId,
        note: 'Bring ID',
      });
      assert.equal(made.statusCode, 201, made.body);
      referralId = made.json().id;
    });

    it('lists and reads its referrals with the person under consent, every read audited', async () => {
      const listed = await receive(provider, 'GET', '?status=requested');
      assert.equal(listed.statusCode, 200, listed.body);
      const mine = listed.json().referrals.find((r: { id: string }) => r.id === referralId);
      assert.deepEqual(mine.person, {
        first_name: 'Rosa',
        last_name: 'Lind',
        birth_date: '1990-04-02',
        phone: '860-555-0101',
      });
      assert.equal(mine.note, 'Bring ID');
      assert.equal('case_id' in mine, false);
      assert.equal('program_id' in mine, false);
      const read = await receive(provider, 'GET', `/${referralId}`);
      assert.equal(read.statusCode, 200, read.body);
      const entries = await bed.context.db.query<{ action: string; purpose: string }>(
        `select action, purpose from audit_entries where jurisdiction_id = $1 and actor_id = $2
           and action in ('referral.list_received', 'referral.read_received', 'person.read') order by seq`,
        [bed.jurisdictionId, provider.userId],
      );
      assert.ok(entries.some((e) => e.action === 'referral.list_received' && e.purpose === 'treatment'));
      assert.ok(entries.some((e) => e.action === 'referral.read_received' && e.purpose === 'treatment'));
      assert.ok(entries.some((e) => e.action === 'person.read' && e.purpose === 'treatment'));
    });

    it('hides the referral from another organization (404) and from an API key without the scope', async () => {
      assert.equal((await receive(otherProvider, 'GET', `/${referralId}`)).statusCode, 404);
      const theirs = await receive(otherProvider, 'GET', '');
      assert.equal(theirs.statusCode, 200);
      assert.equal(
        theirs.json().referrals.some((r: { id: string }) => r.id === referralId),
        false,
      );
      assert.equal((await receive(otherKey, 'GET', `/${referralId}`)).statusCode, 404);
      const moved = await receive(otherProvider, 'POST', `/${referralId}/status`, { status: 'accepted' });
      assert.equal(moved.statusCode, 404);
      const submitKey = (
        await bed.context.access.createApiKey(cliActor, {
          jurisdictionId: bed.jurisdictionId,
          organizationId: providerOrg,
          name: 'Submitter',
        })
      ).key;
      assert.equal((await receive(submitKey, 'GET', `/${referralId}`)).statusCode, 404);
      assert.equal((await receive(bed.users.coordinator, 'GET', '')).statusCode, 404);
      assert.equal((await receive(bed.users.publicSafety, 'GET', `/${referralId}`)).statusCode, 404);
    });

    it('answers through the flow with its dates, by login or API key, and the referrer sees it', async () => {
      const cancel = await receive(provider, 'POST', `/${referralId}/status`, { status: 'cancelled' });
      assert.equal(cancel.statusCode, 400, cancel.body);
      const early = await receive(provider, 'POST', `/${referralId}/status`, { status: 'completed' });
      assert.equal(early.statusCode, 409);
      assert.equal(early.json().error.code, 'REFERRAL_TRANSITION_INVALID');
      const accepted = await receive(provider, 'POST', `/${referralId}/status`, { status: 'accepted' });
      assert.equal(accepted.statusCode, 200, accepted.body);
      assert.equal(accepted.json().accepted_at, bed.clock.now().toISOString());
      // Sessions last hours: the clock moves on less than that.
      bed.clock.advance(2 * hour);
      const attended = new Date(bed.clock.now().getTime() - hour).toISOString();
      const started = await receive(providerKey, 'POST', `/${referralId}/status`, {
        status: 'in-progress',
        first_attended_at: attended,
      });
      assert.equal(started.statusCode, 200, started.body);
      assert.equal(started.json().person, null, 'an API key never receives the person');
      const tooEarly = await receive(provider, 'POST', `/${referralId}/status`, {
        status: 'completed',
        first_attended_at: '2000-01-01T00:00:00Z',
      });
      assert.equal(tooEarly.statusCode, 400);
      assert.deepEqual(tooEarly.json().error.details, { field: 'first_attended_at' });
      const completed = await receive(provider, 'POST', `/${referralId}/status`, { status: 'completed' });
      assert.equal(completed.statusCode, 200, completed.body);
      const seen = (await bed.send(bed.users.coordinator, 'GET', `/cases/${caseId}/referrals`)).json()
        .referrals[0];
      assert.equal(seen.status, 'completed');
      assert.equal(seen.first_attended_at, attended);
      assert.equal(seen.completed_at, bed.clock.now().toISOString());
      assert.deepEqual(
        seen.history.map((h: { status: string; by: string }) => [h.status, h.by]),
        [
          ['requested', 'referrer'],
          ['accepted', 'receiver'],
          ['in-progress', 'receiver'],
          ['completed', 'receiver'],
        ],
      );
    });

    it('serves the FHIR ServiceRequest and Task to both sides only, and the Bundle on the case', async () => {
      const fhir = (who: FixtureUser | string, url: string) =>
        bed.app.inject({
          method: 'GET',
          url,
          headers:
            typeof who === 'string'
              ? { authorization: `Bearer ${who}` }
              : { cookie: who.cookie, origin: 'http://localhost' },
        });
      for (const who of [provider, providerKey, bed.users.coordinator]) {
        const task = await fhir(who, `/api/v1/fhir/Task/${referralId}`);
        assert.equal(task.statusCode, 200, task.body);
        assert.match(String(task.headers['content-type']), /^application\/fhir\+json/);
        assert.equal(task.json().resourceType, 'Task');
        assert.equal(task.json().status, 'completed');
        assert.equal(task.json().owner.reference, `Organization/${providerOrg}`);
        const order = await fhir(who, `/api/v1/fhir/ServiceRequest/${referralId}`);
        assert.equal(order.statusCode, 200, order.body);
        assert.equal(order.json().status, 'completed');
      }
      for (const who of [otherProvider, otherKey, bed.users.otherCoordinator, bed.users.publicSafety]) {
        assert.equal((await fhir(who, `/api/v1/fhir/Task/${referralId}`)).statusCode, 404);
      }
      const bundle = await bed.send(
        bed.users.coordinator,
        'GET',
        `/cases/${caseId}/referrals/${referralId}/fhir`,
      );
      assert.equal(bundle.statusCode, 200, bundle.body);
      assert.equal(bundle.json().type, 'collection');
      assert.deepEqual(
        bundle.json().entry.map((e: { resource: { resourceType: string } }) => e.resource.resourceType),
        ['ServiceRequest', 'Task'],
      );
      const elsewhere = await bed.newCase();
      const wrongCase = await bed.send(
        bed.users.coordinator,
        'GET',
        `/cases/${elsewhere}/referrals/${referralId}/fhir`,
      );
      assert.equal(wrongCase.statusCode, 404);
    });

    it('stops showing the person and the note once the consent is revoked', async () => {
      const revoked = await bed.send(
        bed.users.coordinator,
        'POST',
        `/cases/${caseId}/consents/${consentId}/revoke`,
        {},
      );
      assert.equal(revoked.statusCode, 200, revoked.body);
      const read = await receive(provider, 'GET', `/${referralId}`);
      assert.equal(read.statusCode, 200);
      assert.equal(read.json().person, null);
      assert.equal(read.json().note, null);
    });

    it('marks a referral with no answer past the program window as overdue', async () => {
      const other = await bed.newCase();
      const made = await refer(other, { service_id: services.pantry, need: 'food' });
      assert.equal(made.json().overdue_answer, false);
      // Referred four days ago (the window is the program's three days); sessions would not last that long.
      await bed.context.db.query(
        `update outreach_referrals set referred_at = referred_at - interval '4 days' where jurisdiction_id = $1 and id = $2`,
        [bed.jurisdictionId, made.json().id],
      );
      const listed = (await bed.send(bed.users.coordinator, 'GET', `/cases/${other}/referrals`)).json();
      assert.equal(listed.referrals[0].overdue_answer, true);
    });
  });
});
