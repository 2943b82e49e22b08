import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { cliActor, type Role } from '../../src/access/roles.js';
import { buildApp } from '../../src/main/app.js';
import type { AppContext } from '../../src/main/app-context.js';
import type { ReportMaker } from '../../src/publications/schedules/report-maker.js';
import { seriousViolations } from '../support/accessibility.js';
import { launchBrowser, policyViolations, signInPage } from '../support/browser.js';
import { TEST_PASSWORD } from '../support/sign-in.js';
import { startSmtpInbox } from '../support/smtp-inbox.js';
import { openTestContext, seedJurisdiction } from '../support/test-databases.js';

const SCREENSHOTS = path.resolve('test-results', 'screenshots');

/** A stand-in for the weekly report: a small PDF-like file naming its week and audience. */
const fakeMaker: ReportMaker = async ({ week, audience, format }) => ({
  bytes: new Uint8Array(Buffer.from(`%PDF-1.4\n% ${audience} ${week.label}\n%%EOF\n`)),
  contentType: format === 'pdf' ? 'application/pdf' : 'text/html',
  fileName: `test-county-${week.label}-${audience}.${format}`,
});

// Reports from the browser: an analyst adds a schedule (the cron read back in words), runs it now,
// finds the report in the archive and downloads it; a partner sees the archive but no schedules.
describe('reports in a real browser', () => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let inbox: Awaited<ReturnType<typeof startSmtpInbox>>;
  const open: BrowserContext[] = [];
  const emailOf = (role: Role) => `${role}@reports.example.org`;

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    inbox = await startSmtpInbox();
    context = await openTestContext('postgres', {
      reportMaker: fakeMaker,
      config: { smtpUrl: inbox.url, mailFrom: 'SOS reports <reports@sos.test>' },
    });
    const { jurisdiction } = await seedJurisdiction(context.db, { timeZone: 'America/New_York' });
    for (const role of ['analyst', 'harm_reduction_partner', 'administrator'] as Role[]) {
      await context.access.createUser(cliActor, {
        jurisdictionId: jurisdiction.id,
        email: emailOf(role),
        displayName: role,
        role,
        organizationId: null,
        password: TEST_PASSWORD,
      });
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
    await inbox?.close();
  });

  const signIn = (role: Role): Promise<Page> => signInPage(browser, base, emailOf(role), open);

  it('adds a schedule from the keyboard, runs it now, and downloads the archived report', async () => {
    const page = await signIn('analyst');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
    await page.getByText('No reports archived yet.').waitFor();
    await page.getByText('No schedules yet').waitFor();

    // A new schedule starts with the analyst's own audience.
    assert.equal(await page.getByLabel('Audience').inputValue(), 'internal');
    await page.getByLabel('Name').fill('Partners weekly');
    await page.getByLabel('Audience').selectOption('partner');
    const cron = page.getByLabel('When (cron: minute hour day month weekday)');
    await cron.fill('0 25 * * 1');
    await page.locator('#cron-hint', { hasText: 'not a cron pattern' }).waitFor();
    await cron.fill('0 7 * * 1');
    await page.locator('#cron-hint', { hasText: 'every Monday at 07:00; next: Mon' }).waitFor();
    await page
      .getByLabel('Recipients (email addresses, separated by commas or spaces)')
      .fill('team@partner.test');
    await page.getByLabel('Name').focus();
    await page.keyboard.press('Enter');
    await page
      .getByRole('status')
      .filter({ hasText: 'Schedule "Partners weekly" added: every Monday at 07:00.' })
      .waitFor();

    // Run now, from the keyboard.
    await page.getByRole('button', { name: 'Run Partners weekly now' }).focus();
    await page.keyboard.press('Enter');
    await page
      .getByRole('status')
      .filter({ hasText: /archived; emailed to 1 of 1 recipients/ })
      .waitFor();
    assert.equal(inbox.received.length, 1);
    assert.match(
      inbox.received[0]?.subject ?? '',
      /^Weekly overdose report \d{4}-W\d\d — Test County \(partners\)$/,
    );

    const link = page.getByRole('link', { name: /^Download \d{4}-W\d\d partner PDF$/ });
    await link.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    assert.match(download.suggestedFilename(), /^test-county-\d{4}-W\d\d-partner\.pdf$/);
    const saved = readFileSync((await download.path()) as string, 'utf8');
    assert.match(saved, /^%PDF-1\.4\n% partner \d{4}-W\d\d/);

    await page.getByRole('checkbox', { name: 'Schedule Partners weekly on' }).click();
    await page
      .getByRole('row', { name: /Partners weekly/ })
      .getByRole('cell', { name: 'off', exact: true })
      .waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'analyst-reports.png'), fullPage: true });
    assert.deepEqual(await seriousViolations(page), []);
  });

  it('makes the report of a chosen week by hand and downloads it', async () => {
    const page = await signIn('analyst');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
    const week = page.getByLabel(/^Week \(MMWR/);
    // The default is the last complete week with data (none here: the last complete week).
    await page.getByText(/The last complete week with data is \d{4}-W\d\d/).waitFor();
    assert.match(await week.inputValue(), /^\d{4}-W\d\d$/);
    assert.deepEqual(await page.getByLabel('Report for').locator('option').allTextContents(), [
      'Internal (analysts)',
      'Partners',
      'Public',
    ]);
    await week.fill('2023-W07');
    await page.getByLabel('Report for').selectOption('internal');
    await page.getByRole('button', { name: 'Make report' }).click();
    const link = page.getByRole('link', { name: 'Download the 2023-W07 internal PDF' });
    await link.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    assert.equal(download.suggestedFilename(), 'test-county-2023-W07-internal.pdf');
    assert.match(readFileSync((await download.path()) as string, 'utf8'), /^%PDF-1\.4\n% internal 2023-W07/);
    // Archived "by hand".
    await page.getByRole('row', { name: /2023-W07.*\(by hand\)/ }).waitFor();
    await week.fill('2999-W07');
    await page.getByRole('button', { name: 'Make report' }).click();
    await page.getByRole('alert').filter({ hasText: 'only complete weeks are reported' }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'analyst-make-report.png'), fullPage: true });
    assert.deepEqual(await seriousViolations(page), []);
  });

  it('shows an administrator every archived report and its emails, opening only public ones', async () => {
    const page = await signIn('administrator');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
    const partnerRow = page.getByRole('row', { name: /partner\.pdf/ }).first();
    await partnerRow.waitFor();
    await partnerRow.getByText('(not opened by your role)').waitFor();
    await partnerRow.getByText('team@partner.test: sent').waitFor();
    assert.equal(await page.getByRole('link', { name: /^Download .* (partner|internal) PDF$/ }).count(), 0);
    assert.equal(await page.getByLabel('Audience').inputValue(), 'public');
    assert.deepEqual(await page.getByLabel('Report for').locator('option').allTextContents(), ['Public']);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'administrator-reports.png'), fullPage: true });
    assert.deepEqual(await seriousViolations(page), []);
  });

  it('shows a partner the archive of partner and public reports, and no schedules', async () => {
    const page = await signIn('harm_reduction_partner');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('link', { name: /^Download \d{4}-W\d\d partner PDF$/ }).waitFor();
    assert.equal(await page.getByRole('heading', { name: 'Schedules' }).count(), 0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'partner-reports.png'), fullPage: true });
    assert.deepEqual(await seriousViolations(page), []);
  });

  it('shows who may receive an internal report, names the refused recipient, and lets an analyst allowlist a domain', async () => {
    const page = await signIn('analyst');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
    await page.getByLabel('Name').fill('Analysts weekly');
    await page.getByLabel('Audience').selectOption('internal');
    const hint = page.locator('#recipients-hint');
    await hint
      .filter({ hasText: 'Internal reports go only to active analysts of this jurisdiction;' })
      .waitFor();
    const recipients = page.getByLabel('Recipients (email addresses, separated by commas or spaces)');
    await recipients.fill(`${emailOf('analyst')} lab@health.example.gov`);
    await page.getByRole('button', { name: 'Add schedule' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /not allowed: lab@health\.example\.gov \(REPORT_RECIPIENT_NOT_ALLOWED\)/ })
      .waitFor();
    assert.equal(await recipients.getAttribute('aria-invalid'), 'true');

    await page
      .getByLabel('Domains allowed to receive internal reports (separated by commas or spaces)')
      .fill('Health.Example.gov');
    await page.getByRole('button', { name: 'Save domains' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Internal reports may now also go to addresses at health.example.gov.' })
      .waitFor();
    await hint.filter({ hasText: 'or to addresses at health.example.gov' }).waitFor();
    await page.getByRole('button', { name: 'Add schedule' }).click();
    await page.getByRole('status').filter({ hasText: 'Schedule "Analysts weekly" added' }).waitFor();
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'analyst-internal-recipients.png'),
      fullPage: true,
    });
    assert.deepEqual(await seriousViolations(page), []);
  });
});
