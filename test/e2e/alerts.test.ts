import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Jurisdiction, Organization } from '../../src/access/jurisdictions/jurisdiction.js';
import { cliActor, type Role } from '../../src/access/roles.js';
import { ingestReports } from '../../src/intake/intake-service.js';
import { buildApp } from '../../src/main/app.js';
import type { AppContext } from '../../src/main/app-context.js';
import { seriousViolations } from '../support/accessibility.js';
import { launchBrowser, policyViolations, signInPage } from '../support/browser.js';
import { TEST_PASSWORD } from '../support/sign-in.js';
import { openTestContext, seedJurisdiction } from '../support/test-databases.js';

const SCREENSHOTS = path.resolve('test-results', 'screenshots');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

// Alerts from the browser: a rule backtested and turned on, an alert raised by new reports, then
// acknowledged, worked on and logged by an analyst and a harm reduction partner. PostgreSQL, as the
// dashboard's browser suite.
describe('alerts in a real browser', () => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let jurisdiction: Jurisdiction;
  let organization: Organization;
  const open: BrowserContext[] = [];
  const emailOf = (role: Role) => `${role}@alerts.example.org`;

  /** Sends reports of overdoses at the given times, as the county's EMS. */
  async function report(times: number[], prefix: string) {
    const items = times.map((t, i) => {
      const raw = {
        source_record_id: `${prefix}-${i}`,
        occurred_at: new Date(t).toISOString(),
        latitude: 41.76,
        longitude: -72.67,
      };
      return { raw, fields: raw };
    });
    const results = await ingestReports(context.intake, cliActor, {
      jurisdiction,
      organization,
      channel: 'api',
      items,
    });
    assert.ok(results.every((r) => r.status === 'accepted'));
  }

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    context = await openTestContext('postgres');
    ({ jurisdiction, organization } = await seedJurisdiction(context.db, { timeZone: 'UTC' }));
    for (const role of ['analyst', 'harm_reduction_partner'] as Role[]) {
      await context.access.createUser(cliActor, {
        jurisdictionId: jurisdiction.id,
        email: emailOf(role),
        displayName: role === 'analyst' ? 'Ana Lyst' : 'Harm Reduction Team',
        role,
        organizationId: null,
        password: TEST_PASSWORD,
      });
    }
    // A quiet month and a half (one overdose a day) with one burst of five, twenty days ago.
    const now = Date.now();
    await report(
      Array.from({ length: 45 }, (_, i) => now - (i + 2) * DAY),
      'background',
    );
    await report(
      Array.from({ length: 5 }, (_, i) => now - 20 * DAY + i * HOUR),
      'burst',
    );
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

  const signIn = (role: Role): Promise<Page> => signInPage(browser, base, emailOf(role), open);

  /** What the API answers the signed-in page for a backtest: what the page should show. */
  const backtestFromPage = (page: Page, body: Record<string, unknown>) =>
    page.evaluate(
      async (rule) =>
        (
          await fetch('/api/v1/alert-rules/backtest', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(rule),
          })
        ).json() as Promise<{ total: number; by_month: unknown[] }>,
      body,
    );

  it('backtests a rule over the history, then turns it on', async () => {
    const page = await signIn('analyst');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Alert rules' }).click();
    await page.getByText('No rules yet').waitFor();
    await page.getByLabel('Name').fill('Any overdose, county-wide');
    await page.getByLabel('Minimum count').fill('3');
    await page.getByLabel('Cool-down (minutes)').fill('60');
    const from = new Date(Date.now() - 60 * DAY).toISOString().slice(0, 10);
    const to = new Date().toISOString().slice(0, 10);
    await page.getByLabel('From', { exact: true }).fill(from);
    await page.getByLabel('To', { exact: true }).fill(to);
    await page.getByRole('button', { name: 'Backtest' }).click();
    const result = page.locator('.backtest-result');
    await result.waitFor();
    // The page shows what the API answers for the same rule, and the burst is in it.
    const expected = await backtestFromPage(page, {
      name: 'Any overdose, county-wide',
      scope: {},
      method: 'threshold_24h',
      minimum_count: 3,
      cool_down_minutes: 60,
      from,
      to,
    });
    assert.ok(expected.total >= 1, 'the burst would have raised an alert');
    assert.match((await result.textContent()) ?? '', new RegExp(`would have raised ${expected.total} alert`));
    // A statistical method is backtested too, day by day as the schedule would have judged it.
    await page.getByLabel('Method').selectOption('ears_c2');
    await page.getByRole('button', { name: 'Backtest' }).click();
    const daily = await backtestFromPage(page, {
      scope: {},
      method: 'ears_c2',
      minimum_count: 3,
      cool_down_minutes: 60,
      from,
      to,
    });
    assert.ok(daily.by_month.length >= 2, JSON.stringify(daily));
    await result
      .filter({ hasText: new RegExp(`would have raised ${daily.total} alert`) })
      .waitFor({ timeout: 5_000 });
    await page.getByLabel('Method').selectOption('threshold_24h');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'analyst-alert-rules.png'), fullPage: true });
    assert.deepEqual(await seriousViolations(page), []);
    await page.getByRole('button', { name: 'Turn the rule on' }).click();
    await page.getByRole('status').filter({ hasText: 'is on' }).waitFor();
    await page.getByRole('cell', { name: 'Any overdose, county-wide', exact: true }).waitFor();
    assert.equal(
      await page.getByRole('checkbox', { name: 'Rule Any overdose, county-wide on' }).isChecked(),
      true,
    );
  });

  it('raises an alert from new reports, which an analyst and a partner work through to the end', async () => {
    const analyst = await signIn('analyst');
    await analyst
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Alerts', exact: true })
      .click();
    await analyst.locator('h1', { hasText: 'Alerts' }).waitFor();
    // Three overdoses within the hour: above the month's usual 24-hour count.
    const now = Date.now();
    await report([now - 30 * 60_000, now - 20 * 60_000, now - 10 * 60_000], 'now');
    const row = analyst.locator('.alert-table tbody tr').first();
    await row.waitFor({ timeout: 5_000 });
    assert.match((await row.textContent()) ?? '', /Any overdose, county-wide/);
    assert.match((await row.textContent()) ?? '', /New/);
    await row.getByRole('button').click();
    const detail = analyst.locator('.alert-detail');
    await detail.waitFor();
    await detail.getByLabel('Note (optional)').fill('Seen; calling the EMS supervisor');
    await detail.getByRole('button', { name: 'Acknowledge' }).click();
    await analyst.locator('.alert-detail', { hasText: 'Status: Acknowledged' }).waitFor();
    await analyst.locator('.alert-detail').getByLabel('Action taken').selectOption('public_announcement');
    await analyst.locator('.alert-detail').getByLabel('Details (optional)').fill('Flyer to shelters');
    await analyst.locator('.alert-detail').getByRole('button', { name: 'Record response' }).click();
    await analyst.locator('.response-log li', { hasText: 'Flyer to shelters' }).waitFor();
    assert.match(
      (await analyst.locator('.response-log li').first().textContent()) ?? '',
      /Public announcement.*Ana Lyst/,
    );
    await analyst.screenshot({ path: path.join(SCREENSHOTS, 'analyst-alert.png'), fullPage: true });
    assert.deepEqual(await seriousViolations(analyst), []);

    const partner = await signIn('harm_reduction_partner');
    await partner
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Alerts', exact: true })
      .click();
    const partnerRow = partner.locator('.alert-table tbody tr').first();
    await partnerRow.waitFor();
    await partnerRow.getByRole('button').click();
    const partnerDetail = partner.locator('.alert-detail');
    await partnerDetail.getByRole('button', { name: 'Mark responding' }).click();
    await partner.locator('.alert-detail', { hasText: 'Status: Responding' }).waitFor();
    await partner.locator('.alert-detail').getByLabel('Action taken').selectOption('naloxone_distribution');
    await partner.locator('.alert-detail').getByLabel('Details (optional)').fill('40 kits at the drop-in');
    await partner.locator('.alert-detail').getByRole('button', { name: 'Record response' }).click();
    await partner.locator('.response-log li', { hasText: '40 kits' }).waitFor();
    // The partner's alert times are whole hours; the analyst's log entry is there too.
    const alerts = (await partner.evaluate(async () => (await fetch('/api/v1/alerts')).json())) as {
      alerts: { raised_at: string; method?: string }[];
    };
    assert.match(alerts.alerts[0]?.raised_at ?? '', /T\d\d:00:00\.000Z$/);
    assert.equal(alerts.alerts[0]?.method, undefined);
    assert.equal(await partner.locator('.response-log li').count(), 2);
    await partner.screenshot({ path: path.join(SCREENSHOTS, 'partner-alert.png'), fullPage: true });

    await partner.locator('.alert-detail').getByRole('button', { name: 'Close' }).click();
    await partner.locator('.alert-table tbody tr', { hasText: 'Closed' }).waitFor();
  });
});
