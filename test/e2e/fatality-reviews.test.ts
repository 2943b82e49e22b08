import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { cliActor, type Role } from '../../src/access/roles.js';
import { buildApp } from '../../src/main/app.js';
import type { AppContext } from '../../src/main/app-context.js';
import { seriousViolations } from '../support/accessibility.js';
import { launchBrowser, policyViolations, signInPage } from '../support/browser.js';
import { DECEDENT, type FatalityWorld, seedFatalityWorld } from '../support/fatality-review-seed.js';
import { TEST_PASSWORD } from '../support/sign-in.js';
import { openTestContext } from '../support/test-databases.js';

const SCREENSHOTS = path.resolve('test-results', 'screenshots');

// Overdose Fatality Review in a real browser: an analyst opens a review of a fatal overdose and enrols
// an outreach coordinator; the coordinator signs the confidentiality agreement (checkbox and typed
// name), reads the case timeline, and records a missed opportunity and a recommendation.
describe('fatality reviews in a real browser', () => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let world: FatalityWorld;
  const open: BrowserContext[] = [];
  const emails = new Map<Role, string>();

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    context = await openTestContext('postgres');
    world = await seedFatalityWorld(context);
    for (const [role, name] of [
      ['analyst', 'Avery Analyst'],
      ['outreach_coordinator', 'Casey Coordinator'],
    ] as const) {
      const email = `${role}@ofr.example.org`;
      await context.access.createUser(cliActor, {
        jurisdictionId: world.jurisdiction.id,
        email,
        displayName: name,
        role,
        organizationId: null,
        password: TEST_PASSWORD,
      });
      emails.set(role, email);
    }
    app = await buildApp(context);
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
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

  const menuLink = (page: Page, name: string) =>
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name });
  const failures = (page: Page) => {
    const failed: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });
    return failed;
  };

  it('opens a review, enrols a coordinator who signs, reads the timeline and records findings', async () => {
    // 1. The analyst opens a review of the fatal overdose and enrols the coordinator.
    const analyst = await signInPage(browser, base, emails.get('analyst') as string, open);
    const analystFailures = failures(analyst);
    await menuLink(analyst, 'Fatality reviews').click();
    const form = analyst.getByRole('form', { name: 'Open a review' });
    await form.getByLabel('Fatal overdose').selectOption(world.fatalOverdoseId);
    await form.getByLabel('Meeting date').fill('2026-12-15');
    await form.getByRole('button', { name: 'Open review' }).click();
    await analyst.getByRole('status').getByText('Review opened.', { exact: false }).waitFor();
    const review = analyst.getByRole('article', { name: 'Review' });
    await review.getByLabel('Enrol').selectOption({ label: 'Casey Coordinator (outreach coordinator)' });
    await review.getByRole('button', { name: 'Enrol member' }).click();
    await review.getByRole('row', { name: /Casey Coordinator outreach coordinator not signed/ }).waitFor();
    assert.equal(await analyst.getByText(DECEDENT.last_name).count(), 0, 'no identifier before signing');
    await analyst.screenshot({ path: path.join(SCREENSHOTS, 'ofr-1-review-opened.png'), fullPage: true });
    assert.deepEqual(analystFailures, []);

    // 2. The coordinator opens it, signs the agreement and reads the case.
    const coordinator = await signInPage(browser, base, emails.get('outreach_coordinator') as string, open);
    const coordinatorFailures = failures(coordinator);
    await menuLink(coordinator, 'Fatality reviews').click();
    await coordinator
      .getByRole('row', { name: /member, not signed/ })
      .getByRole('button', { name: 'Open' })
      .click();
    const sign = coordinator.getByRole('button', { name: 'Sign the agreement' });
    await sign.waitFor();
    assert.equal(await sign.isDisabled(), true, 'nothing signs before the box is ticked and the name typed');
    await coordinator.getByLabel('I have read and accept this agreement').check();
    await coordinator.getByLabel('Type your full name to sign').fill('Casey Coordinator');
    await coordinator.screenshot({ path: path.join(SCREENSHOTS, 'ofr-2-agreement.png'), fullPage: true });
    await sign.click();
    const timeline = coordinator.locator('table.ofr-timeline tbody tr');
    await timeline.first().waitFor();
    await coordinator.getByText(`${DECEDENT.first_name} ${DECEDENT.last_name}`).waitFor();
    // The timeline against the rows: two overdoses, the outreach case and its attempt, consent, visit and referral.
    const j = world.jurisdiction.id;
    const [rows] = await context.db.query<{ count: number }>(
      `select (select count(*) from outreach_contact_attempts where jurisdiction_id = $1 and case_id = $2)
         + (select count(*) from outreach_visits where jurisdiction_id = $1 and case_id = $2)
         + (select count(*) from outreach_consents where jurisdiction_id = $1 and case_id = $2)
         + (select count(*) from outreach_referrals where jurisdiction_id = $1 and case_id = $2)
         + (select count(*) from outreach_cases where jurisdiction_id = $1 and id = $2)
         + (select count(distinct overdose_id) from reports where jurisdiction_id = $1
              and overdose_id in ($3::uuid, $4::uuid)) as count`,
      [j, world.caseId, world.fatalOverdoseId, world.priorOverdoseId],
    );
    assert.equal(await timeline.count(), Number(rows?.count));
    assert.match(String(await timeline.last().textContent()), /Fatal overdose/);
    await coordinator.getByRole('cell', { name: /Referral for moud to Harbor MOUD Clinic/ }).waitFor();
    await coordinator.screenshot({ path: path.join(SCREENSHOTS, 'ofr-3-case-timeline.png'), fullPage: true });

    // 3. The coordinator records a missed opportunity and a recommendation.
    await coordinator.getByLabel('Category').selectOption({ label: 'No referral after a prior overdose' });
    await coordinator.getByLabel('What was missed').fill('No MOUD referral after the earlier overdose');
    await coordinator.getByRole('button', { name: 'Record missed opportunity' }).click();
    await coordinator
      .getByRole('listitem')
      .filter({ hasText: 'No MOUD referral after the earlier overdose' })
      .waitFor();
    await coordinator
      .getByLabel('Recommendation', { exact: true })
      .fill('Start MOUD referrals at the first visit');
    await coordinator.getByLabel('Responsible organization').fill('Harbor QRT');
    await coordinator.getByLabel('Due').fill('2027-03-31');
    await coordinator.getByRole('button', { name: 'Record recommendation' }).click();
    const recommendation = coordinator.getByRole('row', { name: /Start MOUD referrals at the first visit/ });
    await recommendation.waitFor();
    await recommendation.getByRole('combobox').selectOption('accepted');
    await recommendation.getByText(/proposed .* → accepted/).waitFor();
    const [stored] = await context.db.query<{ status: string; events: number }>(
      `select r.status, (select count(*)::int from fatality_review_recommendation_events e
         where e.jurisdiction_id = r.jurisdiction_id and e.recommendation_id = r.id) as events
       from fatality_review_recommendations r where r.jurisdiction_id = $1`,
      [j],
    );
    assert.deepEqual(stored, { status: 'accepted', events: 2 });
    await coordinator.screenshot({ path: path.join(SCREENSHOTS, 'ofr-4-findings.png'), fullPage: true });
    assert.deepEqual(await seriousViolations(coordinator), []);
    assert.deepEqual(coordinatorFailures, []);

    // 4. The annual summary, at a phone's width.
    await coordinator.setViewportSize({ width: 390, height: 844 });
    await coordinator.getByRole('heading', { name: 'Annual summary' }).scrollIntoViewIfNeeded();
    await coordinator.locator('table[data-table="reviews"]').waitFor();
    await coordinator.screenshot({ path: path.join(SCREENSHOTS, 'ofr-5-summary-phone.png'), fullPage: true });
  });
});
