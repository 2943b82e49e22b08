import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { verifyAuditChains } from '../../src/access/audit/audit-service.js';
import type { Jurisdiction, Organization } from '../../src/access/jurisdictions/jurisdiction.js';
import { cliActor, type Role } from '../../src/access/roles.js';
import { importConnecticutTowns } from '../../src/demo/demo-loader.js';
import { buildApp } from '../../src/main/app.js';
import type { AppContext } from '../../src/main/app-context.js';
import { seriousViolations } from '../support/accessibility.js';
import { launchBrowser, policyViolations, signInPage } from '../support/browser.js';
import { OWN_ORIGIN, TEST_PASSWORD } from '../support/sign-in.js';
import { openTestContext, seedJurisdiction } from '../support/test-databases.js';

const SCREENSHOTS = path.resolve('test-results', 'screenshots');
const PHONE = { width: 390, height: 844 };
const API = '/api/v1/outreach';

/** The people of the test: a program's coordinator and worker, its administrator, the EMS submitter. */
const PEOPLE = {
  administrator: { role: 'administrator', name: 'Ada Admin' },
  coordinator: { role: 'outreach_coordinator', name: 'Casey Coordinator' },
  worker: { role: 'outreach_worker', name: 'Wren Worker' },
  submitter: { role: 'submitter', name: 'County EMS records' },
  police: { role: 'public_safety_analyst', name: 'Pat Precinct' },
} as const satisfies Record<string, { role: Role; name: string }>;
type Person = keyof typeof PEOPLE;

// Post-overdose outreach from the browser, end to end on PostgreSQL: a non-fatal overdose reported
// with contact details opens a case on the program's queue, the coordinator assigns it, the worker
// (on a phone) reaches the survivor, records consent to a visit and the visit, and the coordinator's
// view follows. Then the same worker on a dead connection: nothing typed is lost.
describe('outreach in a real browser', () => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let jurisdiction: Jurisdiction;
  let organization: Organization;
  let programId: string;
  let caseId: string;
  const ids = new Map<Person, string>();
  const cookies = new Map<Person, string>();
  const open: BrowserContext[] = [];
  const emailOf = (who: Person) => `${who}@outreach.example.org`;

  /** Calls the API as one of the people, with their session (and the origin a signed-in change needs). */
  async function call(who: Person, method: 'GET' | 'POST', url: string, payload?: unknown) {
    const response = await app.inject({
      method,
      url,
      headers: { cookie: cookies.get(who) as string, origin: OWN_ORIGIN },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
    return { status: response.statusCode, body: response.json() as Record<string, unknown> };
  }
  /** The case as the API gives the coordinator: what the pages should show. */
  async function caseNow(): Promise<{
    attempts: { outcome: string; materials_left: string[] }[];
    consents: { id: string; scope: string; recipient: string | null; in_force: boolean }[];
    visits: {
      services_accepted: string[];
      risk_reduction_plan: string | null;
      network_reached: { relation: string; consent_id: string; received: string[] }[];
    }[];
    assigned_to: { user_id: string } | null;
  }> {
    const answer = await call('coordinator', 'GET', `${API}/cases/${caseId}?purpose=treatment`);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return answer.body as never;
  }

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    context = await openTestContext('postgres');
    ({ jurisdiction, organization } = await seedJurisdiction(context.db, { timeZone: 'America/New_York' }));
    await importConnecticutTowns(context, jurisdiction);
    for (const [who, { role, name }] of Object.entries(PEOPLE) as [Person, (typeof PEOPLE)[Person]][]) {
      const { id } = await context.access.createUser(cliActor, {
        jurisdictionId: jurisdiction.id,
        email: emailOf(who),
        displayName: name,
        role,
        organizationId: role === 'submitter' ? organization.id : null,
        password: TEST_PASSWORD,
      });
      ids.set(who, id);
    }
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
    // The program serves Hartford; law enforcement never at visits; three materials may be left.
    const program = await call('administrator', 'POST', `${API}/programs`, {
      name: 'Hartford post-overdose outreach',
      organization_id: organization.id,
      service_areas: [{ layer_id: 'towns', area_id: 'Hartford' }],
      policies: { materials_allowed: ['naloxone', 'fentanyl_test_strips', 'contact_card'] },
      privacy_contact: 'privacy@outreach.example.org',
    });
    assert.equal(program.status, 201, JSON.stringify(program.body));
    programId = program.body.id as string;
    for (const member of [
      {
        user_id: ids.get('coordinator'),
        display_name: 'Casey Coordinator',
        agency: 'Health department',
        team_role: 'social_worker',
      },
      {
        user_id: ids.get('worker'),
        display_name: 'Wren Worker',
        agency: 'Health department',
        team_role: 'peer_recovery_coach',
      },
      {
        display_name: 'Hale Harm-Reduction',
        agency: 'Syringe services program',
        team_role: 'harm_reduction_worker',
      },
    ]) {
      const added = await call('administrator', 'POST', `${API}/programs/${programId}/members`, member);
      assert.equal(added.status, 201, JSON.stringify(added.body));
    }
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
    page.screenshot({ path: path.join(SCREENSHOTS, `outreach-${name}.png`), fullPage: true });
  const menuOf = async (page: Page) =>
    (await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).map((t) =>
      t.trim(),
    );
  /** The serious or critical accessibility problems axe finds on the page. */
  /** A health tile's figure on the coordinator's page. */
  const tile = (page: Page, title: string) =>
    page
      .locator('.health-tiles div', { has: page.locator('dt', { hasText: new RegExp(`^${title}$`) }) })
      .locator('dd');

  it('opens a case from a reported overdose; the coordinator assigns it; the worker reaches the survivor and visits', async () => {
    const coordinator = await signIn('coordinator');
    assert.deepEqual(await menuOf(coordinator), [
      'Program queue',
      'My queue',
      'Alerts',
      'Naloxone',
      'Fatality reviews',
      'Resources',
      'Account',
    ]);
    await coordinator.getByRole('heading', { level: 1, name: 'Hartford post-overdose outreach' }).waitFor();
    await coordinator.getByText('No open case.').waitFor();

    // EMS reports a non-fatal overdose in Hartford two hours ago, with the survivor's contact details.
    const occurredAt = new Date(Date.now() - 2 * 3_600_000);
    const reported = await call('submitter', 'POST', '/api/v1/reports', {
      source_record_id: 'ems-outreach-1',
      occurred_at: occurredAt.toISOString(),
      latitude: 41.7637,
      longitude: -72.6851,
      fatal: false,
      person: {
        first_name: 'Robin',
        last_name: 'Vale',
        birth_date: '1991-04-12',
        phone: '(860) 555-0142',
        address: '12 Elm St, Hartford, CT',
      },
    });
    assert.equal(reported.status, 201, JSON.stringify(reported.body));

    // The coordinator's page reads its queue again on its own: the case appears within seconds.
    const row = coordinator.locator('.queue-table tbody tr');
    await row.first().waitFor({ timeout: 30_000 });
    assert.equal(await row.count(), 1);
    const queue = await call('coordinator', 'GET', `${API}/cases?program_id=${programId}`);
    const [listed] = queue.body.cases as { id: string; due_at: string; area_id: string }[];
    assert.ok(listed);
    caseId = listed.id;
    assert.equal(listed.area_id, 'Hartford');
    // The badge counts down to the API's due time (whole hours, read a moment after the page).
    const badge = /Due in (?:(\d+) d)? ?(?:(\d+) h)?/.exec((await row.textContent()) ?? '');
    assert.ok(badge, 'the row shows when the case is due');
    const shown = Number(badge[1] ?? 0) * 24 + Number(badge[2] ?? 0);
    const left = (Date.parse(listed.due_at) - Date.now()) / 3_600_000;
    assert.ok(shown <= left + 0.01 && shown > left - 1, `badge ${shown} h, API ${left.toFixed(2)} h`);
    assert.match((await row.textContent()) ?? '', /Hartford/);
    assert.equal(await tile(coordinator, 'Unassigned').textContent(), '1');
    await shot(coordinator, 'coordinator-new-case');

    // Assigned to the worker from the queue.
    await row.getByRole('combobox').selectOption({ label: 'Wren Worker (peer recovery coach)' });
    // The page reads its queue again after the assignment.
    await tile(coordinator, 'Unassigned').filter({ hasText: /^0$/ }).waitFor();
    assert.equal((await caseNow()).assigned_to?.user_id, ids.get('worker'));

    // The worker, on a phone, lands on her queue and opens the case.
    const worker = await signIn('worker', PHONE);
    assert.deepEqual(await menuOf(worker), ['My queue', 'Resources', 'Account']);
    const card = worker.locator('.case-cards li');
    await card.first().waitFor();
    assert.equal(await card.count(), 1);
    assert.match(
      (await card.textContent()) ?? '',
      /Due in .* h.*Area Hartford · 5 attempts left.*Not attempted yet/,
    );
    await shot(worker, 'worker-queue');
    await card.getByRole('link').click();
    await worker.getByRole('heading', { level: 1, name: 'Robin Vale' }).waitFor();
    assert.equal(
      await worker.getByRole('link', { name: '(860) 555-0142' }).getAttribute('href'),
      'tel:(860) 555-0142',
    );
    await shot(worker, 'worker-case');

    // A phone call that reaches the survivor; naloxone offered by mail is left (allowed once reached).
    await worker.getByRole('button', { name: 'Record an attempt' }).click();
    const attempt = worker.getByRole('form', { name: 'Record an attempt' });
    assert.equal(
      await attempt.getByRole('radio', { name: 'Phone', exact: true }).isChecked(),
      true,
      'phone first by default',
    );
    assert.equal(
      await attempt.getByRole('radio', { name: 'Generic script (nothing disclosed)' }).isChecked(),
      true,
    );
    assert.equal(
      await attempt.getByText('Materials left').count(),
      0,
      'no materials before the survivor is reached',
    );
    await attempt.getByRole('radio', { name: 'Survivor reached' }).check();
    await attempt.getByRole('checkbox', { name: 'Naloxone' }).check();
    await attempt.getByLabel(/^Note/).fill('Talked for ten minutes; open to a visit tomorrow.');
    await shot(worker, 'worker-attempt-form');
    await attempt.getByRole('button', { name: 'Save attempt' }).click();
    await worker.getByRole('status').getByText('Attempt saved.').waitFor();
    await worker.getByText('Phone: survivor reached').waitFor();

    // Consent to a home visit, given on the phone.
    await worker.getByRole('button', { name: 'Record consent' }).click();
    const consent = worker.getByRole('form', { name: 'Record consent' });
    await consent.getByRole('radio', { name: 'Home visit' }).check();
    assert.equal(await consent.getByRole('radio', { name: 'Verbal' }).isChecked(), true);
    await consent.getByRole('button', { name: 'Save consent' }).click();
    await worker.getByRole('status').getByText('Consent saved.').waitFor();
    await worker.locator('.case-history li', { hasText: 'Home visit' }).waitFor();

    // The visit: at home (allowed now), the worker and the harm reduction worker, no police.
    await worker.getByRole('button', { name: 'Record a visit' }).click();
    const visit = worker.getByRole('form', { name: 'Record a visit' });
    assert.equal(await visit.getByLabel('Where').inputValue(), 'home');
    assert.equal(
      await visit.getByRole('checkbox', { name: /^Wren Worker/ }).isChecked(),
      true,
      'the worker is present',
    );
    await visit.getByRole('checkbox', { name: /^Hale Harm-Reduction/ }).check();
    assert.equal(
      await visit.getByRole('radio', { name: 'No', exact: true }).isChecked(),
      true,
      'no law enforcement by default',
    );
    const offered = visit.getByRole('group', { name: 'Services offered' });
    for (const s of ['Naloxone', 'Medication for opioid use disorder (MOUD)', 'Recovery coach'])
      await offered.getByRole('checkbox', { name: s }).check();
    const accepted = visit.getByRole('group', { name: 'Services accepted' });
    for (const s of ['Naloxone', 'Recovery coach']) await accepted.getByRole('checkbox', { name: s }).check();
    await visit
      .getByLabel(/^Risk-reduction plan/)
      .fill('Never use alone; naloxone at home; call the coach Friday.');
    await shot(worker, 'worker-visit-form');
    assert.deepEqual(await seriousViolations(worker), [], 'the case page with its visit form');
    await visit.getByRole('button', { name: 'Save visit' }).click();
    await worker.getByRole('status').getByText('Visit saved.').waitFor();
    await worker.locator('.case-history li', { hasText: 'Never use alone' }).waitFor();
    await shot(worker, 'worker-case-after-visit');

    // What the server stored is what was recorded.
    const stored = await caseNow();
    assert.deepEqual(
      stored.attempts.map((a) => [a.outcome, a.materials_left]),
      [['survivor_reached', ['naloxone']]],
    );
    assert.deepEqual(
      stored.consents.map((c) => [c.scope, c.in_force]),
      [['home_visit', true]],
    );
    assert.deepEqual(
      stored.visits.map((v) => [[...v.services_accepted].sort(), v.risk_reduction_plan]),
      [[['naloxone', 'recovery_coach'], 'Never use alone; naloxone at home; call the coach Friday.']],
    );

    // The coordinator's view follows on its own: nothing overdue, one visit by public health only.
    const composition = coordinator.locator('.team-composition');
    await composition.getByText('(1 in all)').waitFor({ timeout: 30_000 });
    assert.match((await composition.locator('tbody').textContent()) ?? '', /Public health only1 of 1100%/);
    // The queue is read again once its counts changed (each queue read is audited; counts are not).
    await row.filter({ hasText: '1 (4 attempts left)' }).waitFor({ timeout: 30_000 });
    assert.equal(await tile(coordinator, 'Overdue').textContent(), '0');
    await shot(coordinator, 'coordinator-after-visit');
    assert.deepEqual(await seriousViolations(coordinator), [], "the coordinator's program page");
  });

  it('keeps what the worker typed on a dead connection and sends it once the connection returns', async () => {
    const worker = await signIn('worker', PHONE);
    await worker.goto(`${base}/outreach/my-queue?case=${caseId}`);
    await worker.getByRole('heading', { level: 1, name: 'Robin Vale' }).waitFor();

    // A half-filled form survives a reload.
    await worker.getByRole('button', { name: 'Record consent' }).click();
    let consent = worker.getByRole('form', { name: 'Record consent' });
    await consent.getByRole('radio', { name: 'Tell a named person' }).check();
    await consent.getByLabel('Who (name and relation)').fill('Sam Vale, brother');
    await worker.reload();
    consent = worker.getByRole('form', { name: 'Record consent' });
    assert.equal(await consent.getByRole('radio', { name: 'Tell a named person' }).isChecked(), true);
    assert.equal(await consent.getByLabel('Who (name and relation)').inputValue(), 'Sam Vale, brother');

    // Offline: the consent is kept on the phone, listed as waiting, and not on the server.
    await worker.context().setOffline(true);
    await consent.getByRole('button', { name: 'Save consent' }).click();
    await worker
      .getByRole('status')
      .getByText(/kept on this device/)
      .waitFor();
    await worker.getByRole('heading', { name: 'Waiting to send (1)' }).waitFor();
    await shot(worker, 'worker-offline-waiting');
    assert.equal((await caseNow()).consents.length, 1, 'nothing reached the server yet');

    // Back online: sent on its own, stored once, and the list empties.
    await worker.context().setOffline(false);
    await worker
      .getByRole('heading', { name: /Waiting to send/ })
      .waitFor({ state: 'detached', timeout: 30_000 });
    await worker.locator('.case-history li', { hasText: 'Sam Vale, brother' }).waitFor();
    assert.deepEqual((await caseNow()).consents.map((c) => [c.scope, c.recipient]).sort(), [
      ['disclose_to_person', 'Sam Vale, brother'],
      ['home_visit', null],
    ]);

    // An answer lost on the way back (stored, but the phone never heard): sent again with the same
    // client_id, stored once.
    let dropped = 0;
    await worker.route(`**${API}/cases/${caseId}/attempts`, async (route) => {
      if (dropped > 0) return route.continue();
      dropped += 1;
      await route.fetch();
      await route.abort('connectionreset');
    });
    await worker.getByRole('button', { name: 'Record an attempt' }).click();
    const attempt = worker.getByRole('form', { name: 'Record an attempt' });
    await attempt.getByRole('radio', { name: 'Text', exact: true }).check();
    await attempt.getByRole('radio', { name: 'No answer' }).check();
    await attempt.getByRole('button', { name: 'Save attempt' }).click();
    await worker.getByRole('heading', { name: 'Waiting to send (1)' }).waitFor();
    await worker.getByRole('button', { name: 'Send now' }).click();
    await worker.getByRole('heading', { name: /Waiting to send/ }).waitFor({ state: 'detached' });
    assert.deepEqual(
      (await caseNow()).attempts.map((a) => a.outcome).sort(),
      ['no_answer', 'survivor_reached'],
      'the resent attempt is stored once',
    );

    // A refusal comes back in plain words beside the field it names, and the form keeps its values:
    // a uniformed officer at a visit, under a program that never allows law enforcement.
    await worker.getByRole('button', { name: 'Record a visit' }).click();
    const visit = worker.getByRole('form', { name: 'Record a visit' });
    await visit.getByRole('radio', { name: 'Yes', exact: true }).check();
    await visit.getByRole('radio', { name: 'Uniform' }).check();
    await visit
      .getByRole('group', { name: 'Services offered' })
      .getByRole('checkbox', { name: 'Housing' })
      .check();
    await visit.getByRole('button', { name: 'Save visit' }).click();
    const problem = visit.getByRole('group', { name: 'Law enforcement present' }).getByRole('alert');
    await problem.waitFor();
    assert.match(
      (await problem.textContent()) ?? '',
      /law enforcement present \(uniform\); the program's policy allows no law enforcement at visits/,
    );
    assert.equal(await visit.getByRole('checkbox', { name: 'Housing' }).first().isChecked(), true);
    await shot(worker, 'worker-visit-refused');
    await visit.getByRole('radio', { name: 'No', exact: true }).check();
    await visit.getByRole('button', { name: 'Save visit' }).click();
    await worker.getByRole('status').getByText('Visit saved.').waitFor();
    assert.equal((await caseNow()).visits.length, 2);

    // Refused only once the connection returns: listed as refused, then reopened in its form, as typed.
    await worker.getByRole('button', { name: 'Record a visit' }).click();
    const late = worker.getByRole('form', { name: 'Record a visit' });
    await late.getByRole('radio', { name: 'Yes', exact: true }).check();
    await late.getByRole('radio', { name: 'Uniform' }).check();
    await late
      .getByRole('group', { name: 'Services offered' })
      .getByRole('checkbox', { name: 'Food' })
      .check();
    await worker.context().setOffline(true);
    await late.getByRole('button', { name: 'Save visit' }).click();
    await worker.getByRole('heading', { name: 'Waiting to send (1)' }).waitFor();
    await worker.context().setOffline(false);
    await worker.getByRole('heading', { name: 'Refused by the server (1)' }).waitFor({ timeout: 30_000 });
    assert.match(
      (await worker.locator('.waiting').textContent()) ?? '',
      /Visit: .*policy allows no law enforcement at visits/,
    );
    await shot(worker, 'worker-refused-later');
    await worker.getByRole('button', { name: 'Correct it' }).click();
    const corrected = worker.getByRole('form', { name: 'Record a visit' });
    assert.equal(await corrected.getByRole('radio', { name: 'Uniform' }).isChecked(), true);
    assert.equal(await corrected.getByRole('checkbox', { name: 'Food' }).first().isChecked(), true);
    assert.equal(await worker.getByRole('heading', { name: /Refused by the server/ }).count(), 0);
    await corrected.getByRole('radio', { name: 'No', exact: true }).check();
    // The brother the survivor agreed may be told is reached too, and receives naloxone.
    await corrected.getByRole('button', { name: 'Add a person reached' }).click();
    await corrected.getByRole('combobox', { name: /^Who/ }).selectOption({ label: 'Sam Vale, brother' });
    await corrected.getByLabel('Relation').fill('brother');
    await corrected
      .getByRole('group', { name: 'Received' })
      .getByRole('checkbox', { name: 'Naloxone' })
      .check();
    await corrected.getByRole('button', { name: 'Save visit' }).click();
    await worker.getByRole('status').getByText('Visit saved.').waitFor();
    const visits = (await caseNow()).visits;
    assert.equal(visits.length, 3);
    const disclosure = (await caseNow()).consents.find((c) => c.scope === 'disclose_to_person');
    assert.deepEqual(
      visits.flatMap((v) => v.network_reached),
      [{ relation: 'brother', consent_id: disclosure?.id, received: ['naloxone'] }],
    );
  });

  it('shows other roles no outreach link, and an outreach address opens their own first page', async () => {
    const page = await signIn('police');
    const asked: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes(API)) asked.push(r.url());
    });
    assert.deepEqual(await menuOf(page), [
      'Dashboard',
      'Alerts',
      'Reports',
      'Briefs',
      'Announcements',
      'Naloxone',
      'Drug checking',
      'Resources',
      'Responder well-being',
      'Account',
    ]);
    for (const address of ['/outreach/my-queue', `/outreach/program?case=${caseId}`]) {
      await page.goto(`${base}${address}`);
      await page.locator('nav a[aria-current="page"]', { hasText: 'Dashboard' }).waitFor();
      assert.equal(await page.getByRole('link', { name: /queue/i }).count(), 0, address);
    }
    assert.deepEqual(asked, [], 'the page asked nothing of the outreach API');
  });

  it('leaves an intact audit trail (sos audit verify)', async () => {
    const reports = await verifyAuditChains(context.db, cliActor);
    assert.ok(reports.length > 0);
    for (const r of reports) assert.deepEqual(r.problems, [], `the chain of ${r.jurisdictionId}`);
  });
});
