import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { BrowserContext } from 'playwright-core';
import { roleTier } from '../../src/access/policy.js';
import { roles } from '../../src/access/roles.js';
import { roleWords } from '../../src/publications/public/data-use-page.js';
import { seriousViolations } from '../support/accessibility.js';
import { policyViolations, signInPage } from '../support/browser.js';
import { type DemoSite, openDemoSite } from '../support/demo-site.js';

const run = promisify(execFile);
const SCREENSHOTS = path.resolve('test-results', 'screenshots');
const CLI = path.resolve('dist/src/main/cli.js');

// The demo's public safety analyst makes a training brief for Connecticut, reads it, downloads its
// PDF and figures; then anyone opens the public page "How your data is used" on a phone.
describe('the training brief and the data-use page in a real browser', () => {
  let site: DemoSite;
  const open: BrowserContext[] = [];
  const folder = mkdtempSync(path.join(tmpdir(), 'sos-training-e2e-'));

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    site = await openDemoSite(['public_safety_analyst']);
  });
  afterEach(async () => {
    for (const c of open.splice(0)) await c.close().catch(() => {});
    assert.deepEqual(policyViolations.splice(0), [], 'the Content-Security-Policy blocked nothing');
  });
  after(async () => {
    await site?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  /** Overdoses of the demo's Connecticut in a range of days, counted in SQL over the overdoses themselves. */
  const countInSql = async (from: string, to: string, where = 'true') => {
    const [row] = await site.context.db.query<{ n: string }>(
      `select count(*) as n from overdoses o join jurisdictions j on j.id = o.jurisdiction_id
       where j.short_name = 'ct' and o.occurred_date between $1::date and $2::date and ${where}`,
      [from, to],
    );
    return Number(row?.n);
  };

  it('lets the public safety analyst make a training brief whose figures match SQL, and download its PDF and figures', async () => {
    const page = await signInPage(
      site.browser,
      site.base,
      site.emails.get('public_safety_analyst') as string,
      open,
    );
    await page.goto(`${site.base}/briefs`);
    const section = page.getByRole('region', { name: 'Training brief' });
    await section.getByRole('button', { name: 'Make training brief' }).click();
    const brief = section.getByRole('article', { name: 'Training brief' });
    const heading = (await brief.getByRole('heading', { level: 3 }).textContent()) ?? '';
    const months = /(\d{4}-\d{2}) to (\d{4}-\d{2})/.exec(heading);
    assert.ok(months, heading);
    const from = `${months[1]}-01`;
    const last = new Date(`${months[2]}-01T00:00:00Z`);
    last.setUTCMonth(last.getUTCMonth() + 1, 0);
    const to = last.toISOString().slice(0, 10);
    const total = await countInSql(from, to);
    const fatal = await countInSql(from, to, 'o.fatal');
    assert.ok(total >= 10, `the demo has overdoses in ${from}..${to}: ${total}`);
    assert.equal((await brief.locator('[data-figure=total]').textContent())?.trim(), String(total));
    const fatalText = (await brief.locator('[data-figure=fatal]').textContent())?.trim() ?? '';
    if (fatal >= 1 && fatal <= 9) assert.equal(fatalText, 'hidden');
    else if (fatalText !== 'hidden') assert.match(fatalText, new RegExp(`^${fatal} of ${total} \\(`));
    await brief.getByText('Myth: Naloxone only works on heroin.').waitFor();
    await brief.getByRole('heading', { name: 'Connecticut', exact: true }).waitFor();
    assert.deepEqual(await seriousViolations(page), []);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'training-brief.png'), fullPage: true });

    const [pdf] = await Promise.all([
      page.waitForEvent('download'),
      brief.getByRole('button', { name: 'Download PDF' }).click(),
    ]);
    assert.match(pdf.suggestedFilename(), /^sos-training-brief-ct-all-.*\.pdf$/);
    const pdfFile = path.join(folder, 'brief.pdf');
    await pdf.saveAs(pdfFile);
    // Chromium prints with embedded fonts whose codes are glyph ids, so poppler reads its text back.
    const { stdout: text } = await run('pdftotext', ['-layout', pdfFile, '-']);
    assert.match(text, /Training brief: who overdoses in Connecticut/);
    assert.match(text, new RegExp(`Suspected overdoses\\s+${total}`));
    assert.match(text, /Good Samaritan law/);
    assert.match(text, /21a-279/);
    // Its first two pages as images, to look at beside the page's screenshot.
    await run('pdftoppm', [
      '-png',
      '-r',
      '60',
      '-f',
      '1',
      '-l',
      '2',
      pdfFile,
      path.join(SCREENSHOTS, 'training-brief-pdf'),
    ]);

    const [figures] = await Promise.all([
      page.waitForEvent('download'),
      brief.getByRole('button', { name: 'Download figures (JSON)' }).click(),
    ]);
    const figuresFile = path.join(folder, 'figures.json');
    await figures.saveAs(figuresFile);
    assert.ok(readFileSync(figuresFile, 'utf8').includes('"by_age_group"'));
    const check = await run(process.execPath, [CLI, 'suppression', 'check', figuresFile, '--k', '10']);
    assert.match(check.stdout, /passed: no hidden figure narrowed \(k = 10\)/);
  });

  it('makes the brief for one area of a layer, its total matching SQL over that area', async () => {
    const page = await signInPage(
      site.browser,
      site.base,
      site.emails.get('public_safety_analyst') as string,
      open,
    );
    await page.goto(`${site.base}/briefs`);
    const section = page.getByRole('region', { name: 'Training brief' });
    await section.getByLabel('Layer').selectOption({ index: 1 });
    const layer = await section.getByLabel('Layer').inputValue();
    const area = section.getByLabel('Area');
    await area.locator('option').nth(1).waitFor({ state: 'attached' });
    await area.selectOption({ index: 1 });
    const areaId = await area.inputValue();
    const areaName = (await area.locator('option:checked').textContent()) ?? '';
    await section.getByLabel('From', { exact: true }).fill('2026-01');
    await section.getByLabel('To', { exact: true }).fill('2026-06');
    await section.getByRole('button', { name: 'Make training brief' }).click();
    const brief = section.getByRole('article', { name: 'Training brief' });
    await brief.getByRole('heading', { name: `Who overdoses in ${areaName}, 2026-01 to 2026-06` }).waitFor();
    const total = await countInSql(
      '2026-01-01',
      '2026-06-30',
      `exists (select 1 from overdose_areas a where a.jurisdiction_id = o.jurisdiction_id
         and a.overdose_id = o.id and a.layer_id = '${layer.replace(/'/g, "''")}' and a.area_id = '${areaId.replace(/'/g, "''")}')`,
    );
    const shown = (await brief.locator('[data-figure=total]').textContent())?.trim();
    if (total >= 1 && total <= 9) assert.equal(shown, 'hidden');
    else assert.equal(shown, String(total), `${areaName}: ${total} overdoses in SQL`);
  });

  it('opens "How your data is used" without signing in, on a phone, with every tier and its roles from the policy', async () => {
    const session = await site.browser.newContext({ viewport: { width: 390, height: 844 } });
    open.push(session);
    const page = await session.newPage();
    await page.goto(`${site.base}/public/ct`);
    await page.getByRole('link', { name: 'How your data is used' }).click();
    await page.getByRole('heading', { name: 'Who sees what' }).waitFor();
    for (const tier of ['T0', 'T1', 'T2', 'T3'] as const) {
      const region = page.getByRole('region', { name: new RegExp(`\\(${tier}\\)`) });
      const items = await region.getByRole('listitem').allTextContents();
      const expected = roles.filter((role) => roleTier[role] === tier).map((role) => roleWords[role]);
      assert.deepEqual(
        items.filter((item) => item !== 'Anyone, with no login'),
        expected,
        `${tier}: the roles the policy gives it`,
      );
    }
    await page.getByRole('heading', { name: 'Contact' }).waitFor();
    const wide = (await page.evaluate(
      'document.documentElement.scrollWidth <= window.innerWidth',
    )) as boolean;
    assert.ok(wide, 'nothing runs off the phone screen sideways');
    assert.deepEqual(await seriousViolations(page), []);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'data-use-390.png'), fullPage: true });
    await page.getByRole('link', { name: 'En español' }).click();
    await page.getByRole('heading', { name: 'Quién ve qué' }).waitFor();
    assert.deepEqual(await seriousViolations(page), []);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'data-use-390-es.png'), fullPage: true });
  });
});
