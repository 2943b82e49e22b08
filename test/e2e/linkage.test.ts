import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Jurisdiction, Organization } from '../../src/access/jurisdictions/jurisdiction.js';
import { insertOrganization } from '../../src/access/jurisdictions/jurisdiction-repository.js';
import { cliActor } from '../../src/access/roles.js';
import { ingestReports } from '../../src/intake/intake-service.js';
import { buildApp } from '../../src/main/app.js';
import type { AppContext } from '../../src/main/app-context.js';
import { seriousViolations } from '../support/accessibility.js';
import { launchBrowser, policyViolations, signInPage } from '../support/browser.js';
import { TEST_PASSWORD } from '../support/sign-in.js';
import { openTestContext, seedJurisdiction } from '../support/test-databases.js';

const SCREENSHOTS = path.resolve('test-results', 'screenshots');
const DAY = 86_400_000;
const EMAIL = 'analyst@linkage.example.org';

// The linkage review from the browser: an analyst confirms a near miss (the dashboard counts one
// overdose fewer), opens the record from the Records page, splits the police report off again (the
// count comes back), undoes the rejection the split made, confirms once more and undoes that (the count
// comes back again). PostgreSQL, as the other browser suites.
describe('linkage review in a real browser', () => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let jurisdiction: Jurisdiction;
  let ems: Organization;
  let police: Organization;
  const open: BrowserContext[] = [];
  /** The overdoses the EMS and the police report, counted before any link. */
  const OVERDOSES = 5;

  async function send(organization: Organization, raws: Record<string, unknown>[]) {
    const results = await ingestReports(context.intake, cliActor, {
      jurisdiction,
      organization,
      channel: 'api',
      items: raws.map((raw) => ({ raw, fields: raw })),
    });
    assert.ok(
      results.every((r) => r.status === 'accepted'),
      JSON.stringify(results),
    );
  }

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    context = await openTestContext('postgres');
    ({ jurisdiction, organization: ems } = await seedJurisdiction(context.db, { timeZone: 'UTC' }));
    police = { jurisdictionId: jurisdiction.id, id: randomUUID(), name: 'City PD', type: 'police' };
    await insertOrganization(context.db, police);
    await context.access.createUser(cliActor, {
      jurisdictionId: jurisdiction.id,
      email: EMAIL,
      displayName: 'Ana Lyst',
      role: 'analyst',
      organizationId: null,
      password: TEST_PASSWORD,
    });
    const day = new Date(Date.now() - 10 * DAY).toISOString().slice(0, 10);
    // Three EMS overdoses elsewhere and days apart, and one EMS + police pair four hours apart at one
    // corner: past the automatic window, inside the review band.
    await send(
      ems,
      [0, 1, 2].map((i) => ({
        source_record_id: `ems-bg-${i}`,
        occurred_at: new Date(Date.now() - (20 + i) * DAY).toISOString(),
        latitude: 41.7 + i * 0.01,
        longitude: -72.7,
      })),
    );
    const corner = { latitude: 41.7658, longitude: -72.6734 };
    await send(ems, [
      { source_record_id: 'ems-1', occurred_at: `${day}T10:00:00Z`, sex: 'male', age: 30, ...corner },
    ]);
    await send(police, [
      {
        source_record_id: 'pd-1',
        occurred_at: `${day}T14:00:00Z`,
        sex: 'male',
        substances: 'fentanyl',
        ...corner,
      },
    ]);
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

  const menu = (page: Page, name: string) =>
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();

  /** Opens the dashboard and waits for its share linked to read `linked` of `total` overdoses. */
  async function dashboardCounts(page: Page, linked: number, total: number, shot: string) {
    await menu(page, 'Dashboard');
    const figure = page.locator('.share-linked .linked-of');
    await figure
      .filter({ hasText: `${linked} of ${total} overdoses` })
      .waitFor({ timeout: 15_000 })
      .catch(async (e) => {
        await page.screenshot({ path: path.join(SCREENSHOTS, `linkage-${shot}-failed.png`), fullPage: true });
        throw new Error(`${e}: the page shows "${await page.locator('main').textContent()}"`);
      });
    await page
      .locator('section[aria-label="Reported by"] .denominator')
      .filter({ hasText: `${total} overdoses` })
      .waitFor();
    await page.locator('#source-counts-title').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, `linkage-${shot}.png`), fullPage: false });
  }

  it('confirms a review (one overdose fewer), then splits it from the record view (the count comes back)', async () => {
    const page = await signInPage(browser, base, EMAIL, open);
    await dashboardCounts(page, 0, OVERDOSES, '1-dashboard-before');

    await menu(page, 'Linkage review');
    const pair = page.locator('.review-pair');
    await pair.waitFor();
    assert.equal(await pair.count(), 1);
    // Side by side: the police report's overdose and the EMS one, with the reasons.
    await pair.getByRole('region', { name: 'New report' }).getByText('City PD').waitFor();
    await pair.getByRole('region', { name: 'Possible match' }).getByText('County EMS').waitFor();
    assert.match((await pair.locator('.reasons').textContent()) ?? '', /Time/);
    assert.deepEqual(await seriousViolations(page), [], 'no serious accessibility problem');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'linkage-2-review.png'), fullPage: true });

    // Keyboard only: Tab to Confirm and press Enter.
    let reached = false;
    for (let i = 0; i < 80 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(
        () =>
          (globalThis as unknown as { document: { activeElement: { textContent: string } | null } }).document
            .activeElement?.textContent === 'Confirm: same overdose',
      );
    }
    assert.ok(reached, 'Confirm is reachable with the keyboard');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Confirmed' }).waitFor();
    await page.getByText('Nothing to review.').waitFor();
    await page.getByRole('button', { name: 'Undo' }).waitFor();

    await dashboardCounts(page, 1, OVERDOSES - 1, '3-dashboard-confirmed');

    await menu(page, 'Records');
    const linkedRow = page.locator('tr', { hasText: '2 reports' });
    await linkedRow.getByRole('button', { name: 'Sources' }).click();
    const view = page.locator('.record-view');
    await view.getByText('review confirmed by Ana Lyst').waitFor();
    await view.getByText('first report').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'linkage-4-record-view.png'), fullPage: true });
    await view.getByRole('button', { name: 'Split off City PD' }).click();
    await view.getByRole('status').filter({ hasText: 'Split' }).waitFor();
    // One source left: nothing more to split off.
    await view
      .getByRole('button', { name: /^Split off/ })
      .first()
      .waitFor({ state: 'detached' });
    await view.getByText('first report').waitFor();

    await dashboardCounts(page, 0, OVERDOSES, '5-dashboard-split');

    // The split rejected the pair; undoing that puts it back in the queue.
    await menu(page, 'Linkage review');
    await page.locator('tr', { hasText: 'Rejected' }).getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('status').filter({ hasText: 'back in the queue' }).waitFor();
    await page.locator('.review-pair').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'linkage-6-reopened.png'), fullPage: true });

    // Confirmed once more, then undone from the review page: the count comes back again.
    await page.getByRole('button', { name: 'Confirm: same overdose' }).click();
    await page.getByRole('status').filter({ hasText: 'Confirmed' }).waitFor();
    await dashboardCounts(page, 1, OVERDOSES - 1, '7-dashboard-confirmed-again');
    await menu(page, 'Linkage review');
    await page.locator('tr', { hasText: 'Confirmed' }).getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('status').filter({ hasText: 'split back' }).waitFor();
    await dashboardCounts(page, 0, OVERDOSES, '8-dashboard-undone');
  });
});
