import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { insertOrganization } from '../../src/access/jurisdictions/jurisdiction-repository.js';
import { cliActor, type Role } from '../../src/access/roles.js';
import { buildApp } from '../../src/main/app.js';
import type { AppContext } from '../../src/main/app-context.js';
import { seriousViolations } from '../support/accessibility.js';
import { launchBrowser, policyViolations, signInPage } from '../support/browser.js';
import { seedAgreement, seedDirectoryService } from '../support/care-fixtures.js';
import { insertMember, insertProgram } from '../support/outreach-lifecycle-fixtures.js';
import { OWN_ORIGIN, TEST_PASSWORD } from '../support/sign-in.js';
import { openTestContext, seedJurisdiction } from '../support/test-databases.js';

const SCREENSHOTS = path.resolve('test-results', 'screenshots');
const PHONE = { width: 390, height: 844 };
const API = '/api/v1/outreach';

/** The people of the test: the program's coordinator and worker, and the treatment provider's staff. */
const PEOPLE = {
  coordinator: { role: 'outreach_coordinator', name: 'Casey Coordinator' },
  worker: { role: 'outreach_worker', name: 'Wren Worker' },
  provider: { role: 'service_provider', name: 'Pia Provider' },
} as const satisfies Record<string, { role: Role; name: string }>;
type Person = keyof typeof PEOPLE;

/** A referral as the API answers it, in the fields the test reads. */
interface StoredReferral {
  id: string;
  status: string;
  handoff: string;
  need: string;
  note: string | null;
  consent_id: string | null;
  agreement_id: string | null;
  accepted_at: string | null;
  first_attended_at: string | null;
  completed_at: string | null;
  history: { status: string; by: string }[];
}

// Done item 2 of issue 15, end to end on PostgreSQL: a worker on a phone refers a survivor from her case
// to a treatment service with a warm handoff (the survivor's consent to share with the provider
// recorded on the spot, the agreement between the two organizations named), the provider's staff sign
// in and accept it, then complete it; the case shows it completed, and the referral's FHIR Task is read.
describe('a closed-loop referral in a real browser', () => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let jurisdictionId: string;
  let caseId: string;
  let programId: string;
  let serviceId: string;
  let agreementId: string;
  let referralId: string;
  const providerOrganization = { id: '', name: 'Harbor Recovery Center' };
  const ids = new Map<Person, string>();
  const cookies = new Map<Person, string>();
  const open: BrowserContext[] = [];
  const emailOf = (who: Person) => `${who}@referrals.example.org`;

  /** Calls the API as one of the people, with their session (and the origin a signed-in change needs). */
  async function call(who: Person, method: 'GET' | 'POST', url: string, payload?: unknown) {
    const response = await app.inject({
      method,
      url,
      headers: { cookie: cookies.get(who) as string, origin: OWN_ORIGIN },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
    return {
      status: response.statusCode,
      type: String(response.headers['content-type'] ?? ''),
      body: response.json() as Record<string, unknown>,
    };
  }
  /** The case's referrals as the coordinator reads them. */
  async function referralsNow(): Promise<StoredReferral[]> {
    const answer = await call('coordinator', 'GET', `${API}/cases/${caseId}/referrals`);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return answer.body.referrals as StoredReferral[];
  }

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    context = await openTestContext('postgres');
    const { db } = context;
    jurisdictionId = (await seedJurisdiction(db, { timeZone: 'America/New_York' })).jurisdiction.id;
    providerOrganization.id = crypto.randomUUID();
    await insertOrganization(db, {
      jurisdictionId,
      id: providerOrganization.id,
      name: providerOrganization.name,
      type: 'treatment',
    });
    for (const [who, { role, name }] of Object.entries(PEOPLE) as [Person, (typeof PEOPLE)[Person]][]) {
      const { id } = await context.access.createUser(cliActor, {
        jurisdictionId,
        email: emailOf(who),
        displayName: name,
        role,
        organizationId: role === 'service_provider' ? providerOrganization.id : null,
        password: TEST_PASSWORD,
      });
      ids.set(who, id);
    }
    programId = await insertProgram(db, jurisdictionId, { name: 'Hartford post-overdose outreach' });
    await insertMember(db, jurisdictionId, programId, ids.get('coordinator') as string, {
      teamRole: 'social_worker',
    });
    await insertMember(db, jurisdictionId, programId, ids.get('worker') as string, {
      teamRole: 'peer_recovery_coach',
    });
    const [program] = await db.query<{ organizationId: string }>(
      `select organization_id as "organizationId" from outreach_programs where jurisdiction_id = $1 and id = $2`,
      [jurisdictionId, programId],
    );
    // The clinic answers its referrals in SOS; the food pantry does not.
    serviceId = (
      await seedDirectoryService(db, jurisdictionId, {
        name: 'Harbor MOUD clinic',
        providerOrganizationId: providerOrganization.id,
        needs: ['moud'],
      })
    ).serviceId;
    await seedDirectoryService(db, jurisdictionId, { name: 'Northside food pantry', needs: ['food'] });
    agreementId = await seedAgreement(db, jurisdictionId, {
      title: 'Outreach and Harbor Recovery referral MOU',
      parties: [program?.organizationId as string, providerOrganization.id],
      categories: ['referral_details'],
    });

    app = await buildApp(context);
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    for (const who of Object.keys(PEOPLE) as Person[]) {
      const login = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: emailOf(who), password: TEST_PASSWORD },
      });
      assert.equal(login.statusCode, 200, login.body);
      cookies.set(who, String(login.headers['set-cookie']).split(';')[0] as string);
    }
    // A case opened by the coordinator for a survivor met by the team, assigned to the worker.
    const opened = await call('coordinator', 'POST', `${API}/cases`, {
      program_id: programId,
      origin: 'by_hand',
      person: { first_name: 'Robin', last_name: 'Vale', birth_date: '1991-04-12', phone: '(860) 555-0142' },
    });
    assert.equal(opened.status, 201, JSON.stringify(opened.body));
    caseId = opened.body.id as string;
    const assigned = await call('coordinator', 'POST', `${API}/cases/${caseId}/assign`, {
      user_id: ids.get('worker'),
    });
    assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
    browser = await launchBrowser();
  });
  afterEach(async () => {
    for (const c of open.splice(0)) await c.close().catch(() => {});
    assert.deepEqual(policyViolations.splice(0), [], 'the Content-Security-Policy blocked nothing');
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await context?.dispose();
  });

  const signIn = (who: Person, viewport?: { width: number; height: number }): Promise<Page> =>
    signInPage(browser, base, emailOf(who), open, viewport);
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(SCREENSHOTS, `referrals-${name}.png`), fullPage: true });
  const menuOf = async (page: Page) =>
    (await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).map((t) =>
      t.trim(),
    );
  /** The serious or critical accessibility problems axe finds on the page. */
  /** The case's referral of the worker's page, by the service it went to. */
  const referralOnCase = (page: Page) =>
    page.locator('.case-referrals li', { hasText: 'Harbor MOUD clinic' });

  it('the worker refers the survivor with a warm handoff, consent recorded on the spot', async () => {
    const worker = await signIn('worker', PHONE);
    await worker.goto(`${base}/outreach/my-queue?case=${caseId}`);
    await worker.getByRole('heading', { level: 1, name: 'Robin Vale' }).waitFor();
    await worker.getByText('No referral yet.').waitFor();
    await worker.getByRole('button', { name: 'Refer to a service' }).click();
    const section = worker.getByRole('region', { name: 'Refer to a service' });
    await section
      .getByRole('group', { name: 'What the survivor needs' })
      .getByRole('radio', { name: 'Medication for opioid use disorder (MOUD)' })
      .check();
    // The directory's services for the need, with their capacity today.
    const service = section.getByRole('radio', { name: /Harbor MOUD clinic/ });
    await service.waitFor();
    assert.match(
      (await section.locator('label', { hasText: 'Harbor MOUD clinic' }).textContent()) ?? '',
      /capacity: available/,
    );
    await service.check();
    // The clinic signs in to SOS: the survivor's consent naming it is needed, and there is none yet.
    const consents = section.getByRole('group', {
      name: `Survivor's consent to share with ${providerOrganization.name}`,
    });
    await consents.getByText(`No consent in force names ${providerOrganization.name}`).waitFor();
    const agreement = section.getByRole('radio', { name: /Outreach and Harbor Recovery referral MOU/ });
    assert.equal(await agreement.isChecked(), true, 'the one agreement covering the flow is chosen');
    const send = section.getByRole('button', { name: 'Send referral' });
    assert.equal(await send.isDisabled(), true, 'no referral without consent and handoff');
    await shot(worker, 'worker-consent-needed');

    await consents.getByRole('button', { name: "Record the survivor's consent now" }).click();
    const consent = worker.getByRole('form', { name: `Consent to share with ${providerOrganization.name}` });
    assert.equal(await consent.getByRole('radio', { name: 'Verbal' }).isChecked(), true);
    await consent.getByRole('button', { name: 'Save consent' }).click();
    await section.getByRole('status').getByText('Consent saved.').waitFor();
    const given = consents.getByRole('radio', { name: /^Verbal/ });
    await given.waitFor();
    assert.equal(await given.isChecked(), true, 'the consent just recorded is chosen');

    const form = worker.getByRole('form', { name: 'Refer to a service' });
    await form.getByRole('radio', { name: 'Warm handoff' }).check();
    await form
      .getByLabel(/^Note for the service/)
      .fill('Introduced by phone to the intake nurse; prefers mornings.');
    await shot(worker, 'worker-referral-form');
    assert.deepEqual(await seriousViolations(worker), [], 'the case page with its referral form');
    await send.click();
    await worker.getByRole('status').getByText('Referral saved.').waitFor();
    await referralOnCase(worker)
      .locator('.badge', { hasText: /^Requested$/ })
      .waitFor();
    assert.match((await referralOnCase(worker).textContent()) ?? '', /Warm handoff/);
    await shot(worker, 'worker-referral-requested');

    // What the server stored is what was chosen.
    const [stored, ...more] = await referralsNow();
    assert.equal(more.length, 0);
    assert.ok(stored);
    referralId = stored.id;
    const caseConsents = (await call('coordinator', 'GET', `${API}/cases/${caseId}/consents`)).body
      .consents as { id: string; scope: string; recipient_organization_id: string | null }[];
    const shared = caseConsents.find((c) => c.scope === 'share_with_organization');
    assert.equal(shared?.recipient_organization_id, providerOrganization.id);
    assert.deepEqual(
      [stored.status, stored.need, stored.handoff, stored.consent_id, stored.agreement_id, stored.note],
      [
        'requested',
        'moud',
        'warm_handoff',
        shared?.id,
        agreementId,
        'Introduced by phone to the intake nurse; prefers mornings.',
      ],
    );
  });

  it('the provider signs in, accepts it, then completes it with the day first attended', async () => {
    const provider = await signIn('provider');
    assert.deepEqual(await menuOf(provider), ['Referrals', 'Account']);
    await provider.getByRole('heading', { level: 1, name: 'Referrals' }).waitFor();
    // The person is shown: the survivor's consent names the organization.
    const row = provider.locator('.referral-table tbody tr', { hasText: 'Harbor MOUD clinic' });
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /Robin Vale.*Warm handoff.*Requested/);
    await row.getByRole('link', { name: 'Robin Vale' }).click();
    const detail = provider.getByRole('complementary', { name: /Robin Vale: Harbor MOUD clinic/ });
    await detail.getByText('prefers mornings').waitFor();
    assert.match((await detail.textContent()) ?? '', /born 1991-04-12/);
    await shot(provider, 'provider-requested');
    assert.deepEqual(await seriousViolations(provider), [], "the provider's referrals page");

    await detail.getByRole('button', { name: 'Accept' }).click();
    await detail.locator('.badge', { hasText: /^Accepted$/ }).waitFor();
    let stored = (await referralsNow())[0] as StoredReferral;
    assert.equal(stored.status, 'accepted');
    assert.ok(stored.accepted_at);

    await detail.getByRole('button', { name: 'Complete' }).click();
    const complete = provider.getByRole('form', { name: 'Complete the referral' });
    await complete.getByLabel('First attended on').waitFor();
    await complete.getByRole('button', { name: 'Complete: confirm' }).click();
    await detail.locator('.badge', { hasText: /^Completed$/ }).waitFor();
    await row.filter({ hasText: 'Completed' }).waitFor();
    await shot(provider, 'provider-completed');
    stored = (await referralsNow())[0] as StoredReferral;
    assert.equal(stored.status, 'completed');
    assert.ok(stored.first_attended_at && stored.completed_at);
    assert.deepEqual(
      stored.history.map((h) => [h.status, h.by]),
      [
        ['requested', 'referrer'],
        ['accepted', 'receiver'],
        ['completed', 'receiver'],
      ],
    );

    // The clinic's capacity today, updated from the same page.
    const capacity = provider.getByRole('form', { name: 'Capacity of Harbor MOUD clinic' });
    await capacity.getByLabel('Capacity').selectOption('waitlist');
    await capacity.getByLabel('Days on the waitlist').fill('5');
    await capacity.getByRole('button', { name: 'Update' }).click();
    await capacity.getByText(/now waitlist/).waitFor();
    const service = await call('worker', 'GET', `/api/v1/directory/services/${serviceId}`);
    assert.deepEqual(
      [
        (service.body.capacity as { status: string }).status,
        (service.body.capacity as { waitlist_days: number }).waitlist_days,
      ],
      ['waitlist', 5],
    );
  });

  it('the case shows the referral completed, to the worker and the coordinator', async () => {
    const worker = await signIn('worker', PHONE);
    await worker.goto(`${base}/outreach/my-queue?case=${caseId}`);
    await referralOnCase(worker)
      .locator('.badge', { hasText: /^Completed$/ })
      .waitFor();
    assert.match((await referralOnCase(worker).textContent()) ?? '', /first attended .*completed/);
    await shot(worker, 'worker-referral-completed');
    const coordinator = await signIn('coordinator');
    await coordinator.goto(`${base}/outreach/program?case=${caseId}`);
    await referralOnCase(coordinator)
      .locator('.badge', { hasText: /^Completed$/ })
      .waitFor();
    await shot(coordinator, 'coordinator-case');
    // The program's funnel counts the referral made and attended: one of each, a count under the
    // disclosure module's threshold, so shown as suppressed rather than as none.
    const outcomes = await call('coordinator', 'GET', `${API}/programs/${programId}/outcomes`);
    assert.equal(outcomes.status, 200, JSON.stringify(outcomes.body));
    const hidden = { value: null, suppressed: true };
    assert.deepEqual(
      (outcomes.body.referrals as { need: string }[]).find((r) => r.need === 'moud'),
      { need: 'moud', made: hidden, attended: hidden },
    );
    await coordinator.goto(`${base}/outreach/program`);
    const referrals = coordinator.getByRole('table', { name: 'Referrals by need' });
    const row = referrals.getByRole('row', { name: /MOUD|opioid use disorder/ });
    await row.waitFor();
    const k = outcomes.body.k as number;
    assert.deepEqual(await row.getByRole('cell').allTextContents(), [`<${k}`, `<${k} of <${k}`]);
    await referrals.scrollIntoViewIfNeeded();
    await shot(coordinator, 'coordinator-funnel');
  });

  it('refers to a service with no provider login without consent; the worker records that the survivor attended', async () => {
    const worker = await signIn('worker', PHONE);
    await worker.goto(`${base}/outreach/my-queue?case=${caseId}&form=referral`);
    const section = worker.getByRole('region', { name: 'Refer to a service' });
    await section.getByRole('radio', { name: 'Food', exact: true }).check();
    // Nearest first, from the phone's location (rounded), once the worker asks for it.
    await worker.context().grantPermissions(['geolocation'], { origin: base });
    await worker.context().setGeolocation({ latitude: 41.76372, longitude: -72.68509 });
    const nearest = worker.waitForRequest((r) => r.url().includes('need=food') && r.url().includes('near='));
    await section.getByRole('button', { name: /^Nearest first/ }).click();
    assert.match((await nearest).url(), /[?&]near=41\.764,-72\.685(&|$)/);
    await section.getByRole('radio', { name: /Northside food pantry/ }).check();
    await section.getByText('Northside food pantry does not sign in to SOS').waitFor();
    assert.equal(await section.getByText(/consent to share/).count(), 0, 'no consent is asked');
    const form = worker.getByRole('form', { name: 'Refer to a service' });
    await form.getByRole('radio', { name: 'Transport' }).check();
    await form.getByRole('button', { name: 'Send referral' }).click();
    await worker.getByRole('status').getByText('Referral saved.').waitFor();
    const pantry = worker.locator('.case-referrals li', { hasText: 'Northside food pantry' });
    await pantry.locator('.badge', { hasText: /^Requested$/ }).waitFor();
    // Nobody answers for the pantry in SOS: the worker records the outcome (the clinic's is the provider's).
    assert.equal(
      await referralOnCase(worker).getByRole('button').count(),
      0,
      'a final referral has no moves',
    );
    await pantry.getByRole('button', { name: 'Attended' }).click();
    await pantry.getByRole('button', { name: 'Confirm' }).click();
    await pantry.locator('.badge', { hasText: /^Completed$/ }).waitFor();
    await shot(worker, 'worker-pantry-attended');
    const stored = (await referralsNow()).find((r) => r.need === 'food');
    assert.deepEqual(
      [
        stored?.status,
        stored?.handoff,
        stored?.consent_id,
        stored?.agreement_id,
        !!stored?.first_attended_at,
      ],
      ['completed', 'transport', null, null, true],
    );
  });

  it("serves the referral's FHIR Task to the provider", async () => {
    const task = await call('provider', 'GET', `/api/v1/fhir/Task/${referralId}`);
    assert.equal(task.status, 200, JSON.stringify(task.body));
    assert.match(task.type, /^application\/fhir\+json/);
    assert.equal(task.body.resourceType, 'Task');
    assert.equal(task.body.status, 'completed');
    assert.equal(task.body.intent, 'order');
    assert.match(String((task.body.focus as { reference?: string }).reference), /ServiceRequest\//);
  });
});
