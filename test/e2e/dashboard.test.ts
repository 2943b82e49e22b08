import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  findJurisdiction,
  listOrganizations,
} from '../../src/access/jurisdictions/jurisdiction-repository.js';
import { cliActor, type Role } from '../../src/access/roles.js';
import { loadDemoOnce } from '../../src/demo/demo-loader.js';
import { readCauseOfDeath } from '../../src/intake/standards/cause-of-death.js';
import { buildApp } from '../../src/main/app.js';
import type { AppContext } from '../../src/main/app-context.js';
import { launchBrowser, policyViolations, signInPage } from '../support/browser.js';
import { parseCsvRecords } from '../support/reference-csv.js';
import { TEST_PASSWORD } from '../support/sign-in.js';
import { openTestContext } from '../support/test-databases.js';

const SCREENSHOTS = path.resolve('test-results', 'screenshots');

/** The menu each role should see, in order. */
const MENUS: Partial<Record<Role, string[]>> = {
  analyst: [
    'Dashboard',
    'Records',
    'Linkage review',
    'Alerts',
    'Alert rules',
    'Reports',
    'Briefs',
    'Announcements',
    'Community alerts',
    'Naloxone',
    'Drug checking',
    'Fatality reviews',
    'Data exchange',
    'Report an overdose',
    'Resources',
    'Responder well-being',
    'Account',
  ],
  public_safety_analyst: [
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
  ],
  harm_reduction_partner: [
    'Dashboard',
    'Alerts',
    'Reports',
    'Briefs',
    'Announcements',
    'Community alerts',
    'Naloxone',
    'Drug checking',
    'Resources',
    'Account',
  ],
  submitter: ['Report an overdose', 'Data exchange', 'Account'],
  administrator: [
    'Home',
    'Users',
    'Organizations',
    'Settings',
    'Audit trail',
    'Keys and backups',
    'Alert rules',
    'Reports',
    'Responder well-being',
    'Agreements',
    'Account',
  ],
};

/** The 2022 rows of the OCME file that SOS can place (a city, not only the state), read by the test's own reader. */
function ctDeaths2022(): Record<string, string>[] {
  const rows = parseCsvRecords(
    readFileSync(path.resolve('demo-data', 'ct_accidental_drug_deaths_2012_2022.csv'), 'utf8'),
  );
  const namesCity = (cell: string | undefined) => /^[^\n]*,[^\n]*\n\(/.test(cell ?? '');
  return rows.filter(
    (r) =>
      (r.Date ?? '').endsWith('/2022') &&
      (namesCity(r.InjuryCityGeo) || namesCity(r.DeathCityGeo) || namesCity(r.ResidenceCityGeo)),
  );
}

// The browser suite runs on PostgreSQL, the production engine; every API it calls is also tested on
// PGlite by the API tests.
describe('dashboard in a real browser', () => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  const emails = new Map<Role, string>();
  const open: BrowserContext[] = [];

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    context = await openTestContext('postgres');
    await loadDemoOnce(context);
    const ct = await findJurisdiction(context.db, 'ct');
    assert.ok(ct);
    const [ocme] = await listOrganizations(context.db, ct.id);
    assert.ok(ocme);
    for (const role of Object.keys(MENUS) as Role[]) {
      const email = `${role}@ct.example.org`;
      await context.access.createUser(cliActor, {
        jurisdictionId: ct.id,
        email,
        displayName: role,
        role,
        organizationId: role === 'submitter' ? ocme.id : null,
        password: TEST_PASSWORD,
      });
      emails.set(role, email);
    }
    app = await buildApp(context);
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });
  // Each test closes its sessions, so open live streams never pile up between tests.
  afterEach(async () => {
    for (const c of open.splice(0)) await c.close().catch(() => {});
    assert.deepEqual(policyViolations.splice(0), [], 'the Content-Security-Policy blocked nothing');
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await context?.dispose();
  });

  /** A fresh browser session signed in as the role, on the page it lands on. */
  const signIn = (role: Role, viewport?: { width: number; height: number }): Promise<Page> =>
    signInPage(browser, base, emails.get(role) as string, open, viewport);

  const menuOf = async (page: Page) =>
    (await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).map((t) =>
      t.trim(),
    );

  it('signs each role in to its own pages, and keeps the others out of reach', async () => {
    for (const [role, menu] of Object.entries(MENUS) as [Role, string[]][]) {
      const page = await signIn(role);
      assert.deepEqual(await menuOf(page), menu, role);
      await page.screenshot({ path: path.join(SCREENSHOTS, `${role}-landing.png`), fullPage: true });
      // A page outside the role's menu opens the role's first page instead.
      await page.goto(`${base}/records`);
      const current = await page.locator('nav a[aria-current="page"]').textContent();
      assert.equal(current?.trim(), menu.includes('Records') ? 'Records' : menu[0], role);
      await page.context().close();
    }
  });

  it('shows the analyst the same 2022 total as the OCME file, with points on the map', async () => {
    const page = await signIn('analyst');
    // The demo's newest data are its synthetic reports of the last two weeks: 2022 is named.
    await page.goto(`${base}/dashboard?from=2022-01-01&to=2022-12-31`);
    const caption = page.locator('figcaption', { hasText: 'Overdoses per day' });
    await caption.waitFor();
    const in2022 = ctDeaths2022();
    assert.match(
      (await caption.textContent()) ?? '',
      new RegExp(`: ${in2022.length.toLocaleString('en-US')} from 2022-01-01 to 2022-12-31`),
    );
    const points = (await page.evaluate(async () =>
      (await fetch('/api/v1/overdoses/points?from=2022-01-01&to=2022-12-31')).json(),
    )) as {
      points: unknown[];
    };
    assert.equal(points.points.length, in2022.length);
    // The OCME file arrived just now, but its newest death is from the last day of 2022 (the first
    // test of this suite to send a report of today's date comes after this one).
    await page
      .getByRole('region', { name: 'Sources' })
      .getByRole('row')
      .filter({ hasText: 'Medical examiner' })
      .filter({ hasText: /Dec 31, 2022.*within the hour/ })
      .waitFor();
    await page.locator('canvas.maplibregl-canvas').waitFor();
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'analyst-dashboard.png'), fullPage: true });
  });

  it('never sends a partner a point, an exact time or a line-level record, live stream included', async () => {
    const page = await signIn('harm_reduction_partner');
    const bodies: { url: string; status: number; body: string }[] = [];
    page.on('response', async (response) => {
      if (!response.url().includes('/api/')) return;
      const type = response.headers()['content-type'] ?? '';
      if (type.includes('event-stream')) return;
      bodies.push({
        url: response.url(),
        status: response.status(),
        body: await response.text().catch(() => ''),
      });
    });
    const cdp = await page.context().newCDPSession(page);
    const streamed: string[] = [];
    await cdp.send('Network.enable');
    cdp.on('Network.eventSourceMessageReceived', (event) => streamed.push(event.data));
    await page.reload();
    await page.locator('figcaption', { hasText: 'Overdoses per day' }).waitFor();
    // Every view a partner can reach: another layer, one area, a filter.
    await page.getByRole('combobox', { name: 'Layer' }).selectOption('h3r7');
    await page.locator('.area-table tbody button').first().click();
    await page.getByRole('combobox', { name: 'Outcome' }).selectOption('fatal');
    await page.waitForLoadState('networkidle');
    // A report arriving while the partner watches.
    const submitter = await signIn('submitter');
    await submitter.evaluate(() =>
      fetch('/api/v1/reports', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          source_record_id: 'e2e-partner',
          occurred_at: new Date().toISOString(),
          latitude: 41.76,
          longitude: -72.67,
          fatal: false,
        }),
      }),
    );
    await page.locator('.live-list li').first().waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'partner-dashboard.png'), fullPage: true });

    assert.ok(bodies.length >= 10, `saw ${bodies.length} API responses`);
    assert.ok(streamed.length >= 1, 'the live stream delivered the new report');
    for (const { url, status, body } of [
      ...bodies,
      ...streamed.map((body) => ({ url: 'live', status: 200, body })),
    ]) {
      assert.ok(
        !url.includes('/api/v1/overdoses') || status === 403,
        `partner fetched line-level data: ${url}`,
      );
      if (status >= 400) continue;
      assert.doesNotMatch(
        body,
        /"(latitude|longitude|occurred_at|occurredAt|points|h3_r9|overdose_id|report_id|source_record_id)"\s*:/,
        url,
      );
      // Times a partner sees are whole hours (source freshness); an event's time never shows.
      for (const time of body.match(/\d{4}-\d\d-\d\dT[\d:.]+Z/g) ?? [])
        assert.match(time, /T\d\d:00:00\.000Z$/, url);
    }
  });

  it('puts a report from the field form on an open dashboard within 2 seconds', async () => {
    const watcher = await signIn('analyst');
    await watcher.locator('.live', { hasText: 'waiting for new reports' }).waitFor();
    const form = await signIn('submitter', { width: 390, height: 844 });
    assert.equal(await form.getByRole('heading', { level: 1 }).textContent(), 'Report an overdose');
    await form.getByLabel('Latitude').fill('41.7637');
    await form.getByLabel('Longitude').fill('-72.6851');
    await form.getByLabel('Naloxone given').check();
    await form.getByLabel('Doses').fill('2');
    await form.screenshot({ path: path.join(SCREENSHOTS, 'submitter-entry-phone.png'), fullPage: true });
    const sent = Date.now();
    // What became of the form's POST, for the message if neither answer shows.
    const post: string[] = [];
    const isReportPost = (r: { method(): string; url(): string }) =>
      r.method() === 'POST' && r.url().endsWith('/api/v1/reports');
    form.on('request', (r) => isReportPost(r) && post.push('sent'));
    form.on('response', (r) => isReportPost(r.request()) && post.push(`answered ${r.status()}`));
    // Enter on the focused button rather than a pointer click at coordinates: in 2 of about 8 full
    // runs under load, the form showed neither its confirmation nor an error 30 s after the click.
    await form.getByRole('button', { name: 'Send report' }).press('Enter');
    // A refusal shows an alert instead of the confirmation: fail with its words rather than a timeout.
    const received = form.getByRole('heading', { name: 'Report received' });
    await received
      .or(form.getByRole('alert'))
      .first()
      .waitFor()
      .catch(async () => {
        await form.screenshot({
          path: path.join(SCREENSHOTS, 'submitter-entry-no-answer.png'),
          fullPage: true,
        });
        throw new Error(
          `no confirmation and no error on the form; its POST: ${post.join(', ') || 'never sent'}`,
        );
      });
    assert.ok(await received.isVisible(), (await form.getByRole('alert').allTextContents()).join(' '));
    await watcher.locator('.live-list li').first().waitFor({ timeout: 2000 });
    const elapsed = Date.now() - sent;
    assert.ok(elapsed < 2000, `arrived after ${elapsed} ms`);
    await form.screenshot({ path: path.join(SCREENSHOTS, 'submitter-confirmation-phone.png') });
  });

  // Earlier tests add reports dated today, so later ones name the demo's last full year in the URL.
  const YEAR_2022 = '/dashboard?from=2022-01-01&to=2022-12-31';

  it('keeps filters in the URL, so a shared link opens the same view, and exports the counts as audited CSV', async () => {
    const page = await signIn('analyst');
    await page.goto(`${base}${YEAR_2022}`);
    const caption = page.locator('figcaption', { hasText: 'Overdoses per day' });
    await caption.waitFor();
    await page.getByRole('combobox', { name: 'Substance' }).selectOption('xylazine');
    await page.waitForURL(/substance=xylazine/);
    // The caption's total and its "last year" part load separately: wait for the filtered total itself.
    const xylazine = await page.evaluate(async () => {
      const url = '/api/v1/aggregates/counts?from=2022-01-01&to=2022-12-31&period=all&substance=xylazine';
      const body = (await (await fetch(url)).json()) as { rows: { count: number }[] };
      return body.rows.reduce((sum, r) => sum + r.count, 0);
    });
    const filtered = `Overdoses per day: ${xylazine.toLocaleString('en-US')} from 2022-01-01`;
    await caption.filter({ hasText: filtered }).waitFor();
    const copy = await signIn('analyst');
    await copy.goto(page.url());
    await copy.locator('figcaption', { hasText: filtered }).waitFor();
    // The substance choices load with the view's counts, and may come after the caption.
    const substance = copy.getByRole('combobox', { name: 'Substance' });
    await substance.locator('option[value="xylazine"]').waitFor({ state: 'attached' });
    assert.equal(await substance.inputValue(), 'xylazine');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export CSV' }).click(),
    ]);
    const csv = readFileSync((await download.path()) as string, 'utf8');
    const lines = csv.trim().split('\r\n');
    assert.equal(lines[0], 'period_start,area_id,area_name,population,rate_per_100k,rate_unreliable,count');
    const total = lines.slice(1).reduce((s, line) => s + Number(line.split(',').at(-1)), 0);
    const tableTotal = await page.evaluate(async (url) => {
      const body = (await (await fetch(url)).json()) as { rows: { count: number }[] };
      return body.rows.reduce((s: number, r: { count: number }) => s + r.count, 0);
    }, new URL(download.url()).pathname.replace('.csv', '') + new URL(download.url()).search);
    assert.equal(total, tableTotal);
    assert.ok(total > 0);
    const audited = await context.db.query<{ details: Record<string, unknown> }>(
      `select details from audit_entries where action = 'aggregates.export' order by seq desc limit 1`,
    );
    assert.equal(audited[0]?.details.substance, 'xylazine');
  });

  it('gives each substance its share of the deaths, not of the substance mentions (2022: any opioid 92%)', async () => {
    const deaths = ctDeaths2022();
    // The CT preset unites the toxicology flag with what the death's statements name (cause-of-death.ts).
    const opioid = deaths.filter(
      (r) =>
        (r['Any Opioid'] ?? '').trim() !== '' ||
        readCauseOfDeath(
          `${r['Cause of Death'] ?? ''}; ${r['Other Significant Conditions '] ?? ''}`,
        ).substances.includes('any_opioid'),
    ).length;
    const share = Math.round((100 * opioid) / deaths.length);
    assert.equal(share, 92);
    const page = await signIn('public_safety_analyst');
    await page.goto(`${base}${YEAR_2022}`);
    const panel = page.getByRole('region', { name: 'Substances' });
    await panel
      .getByRole('listitem')
      .filter({ hasText: 'Any opioid' })
      .filter({ hasText: `${opioid.toLocaleString('en-US')} (${share}%)` })
      .waitFor();
    await panel.getByText(`Shares of ${deaths.length.toLocaleString('en-US')} deaths`).waitFor();
  });

  it('marks rates from fewer than 20 deaths and ranks them after the reliable ones; names hot cells by town', async () => {
    const page = await signIn('public_safety_analyst');
    await page.goto(`${base}${YEAR_2022}`);
    const rows = page.locator('.area-table tbody tr');
    await rows.first().waitFor();
    const table = await rows.evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')),
    );
    const marked = table.map(([, count, rate]) => ({
      count: Number((count ?? '').replace(/,/g, '')),
      unreliable: (rate ?? '').endsWith('*'),
    }));
    assert.ok(marked.some((r) => r.unreliable) || table.length < 25, 'small towns are in the top 25');
    for (const r of marked) assert.equal(r.unreliable, r.count < 20, JSON.stringify(r));
    const firstUnreliable = marked.findIndex((r) => r.unreliable);
    if (firstUnreliable >= 0) assert.ok(marked.slice(firstUnreliable).every((r) => r.unreliable));
    await page.goto(`${base}${YEAR_2022}&layer=h3r7`);
    const firstPlace = page.locator('.hotspots tbody tr td').first();
    await firstPlace.waitFor();
    assert.match((await firstPlace.textContent()) ?? '', /^[A-Z][A-Za-z .'-]+ cell 87[0-9a-f]{13}$/);
    await page.locator('.hotspots thead', { hasText: 'With neighbours' }).waitFor();
  });

  it('works from the keyboard alone: sign in, filter, pick an area', async () => {
    const session = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    open.push(session);
    const page = await session.newPage();
    await page.goto(`${base}/`);
    await page.getByLabel('Email').waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.type(emails.get('analyst') as string);
    await page.keyboard.press('Tab');
    await page.keyboard.type(TEST_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.goto(`${base}${YEAR_2022}`);
    await page.locator('figcaption', { hasText: 'Overdoses per day' }).waitFor();
    await page.getByRole('combobox', { name: 'Outcome' }).focus();
    await page.keyboard.press('ArrowDown');
    await page.waitForURL(/fatal=fatal/);
    const firstArea = page.locator('.area-table tbody button').first();
    const name = ((await firstArea.textContent()) ?? '').trim();
    for (
      let i = 0;
      i < 200 && !(await firstArea.evaluate((el) => el === el.ownerDocument.activeElement));
      i++
    ) {
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
    await page.waitForURL(/area=/);
    await page.getByRole('heading', { level: 1, name: new RegExp(`in ${name}`) }).waitFor();
  });

  it('has no serious or critical accessibility violations on the main views (axe-core)', async () => {
    const axe = readFileSync(path.resolve('node_modules', 'axe-core', 'axe.min.js'), 'utf8');
    const check = async (page: Page, view: string) => {
      // Evaluated by the debugger, not as an inline <script>, which the dashboard's CSP refuses.
      await page.evaluate(axe);
      const violations = await page.evaluate(async () => {
        type Violation = { id: string; impact: string; nodes: unknown[] };
        const { axe } = globalThis as unknown as { axe: { run(): Promise<{ violations: Violation[] }> } };
        const result = await axe.run();
        return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
      });
      const severe = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      assert.deepEqual(severe, [], `${view}: ${JSON.stringify(severe)}`);
    };
    const session = await browser.newContext();
    open.push(session);
    const login = await session.newPage();
    await login.goto(`${base}/`);
    await login.getByLabel('Email').waitFor();
    await check(login, 'sign-in');
    const analyst = await signIn('analyst');
    await analyst.locator('figcaption', { hasText: 'Overdoses per day' }).waitFor();
    await analyst.waitForLoadState('networkidle');
    await check(analyst, 'dashboard');
    await analyst.goto(`${base}/records`);
    await analyst.locator('table').waitFor();
    await check(analyst, 'records');
    await analyst.screenshot({ path: path.join(SCREENSHOTS, 'analyst-records.png'), fullPage: true });
    await analyst.goto(`${base}/entry`);
    await analyst.getByRole('heading', { name: 'Report an overdose' }).waitFor();
    await check(analyst, 'entry');
  });
});
