import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { BrowserContext } from 'playwright-core';
import { findJurisdiction } from '../../src/access/jurisdictions/jurisdiction-repository.js';
import { seriousViolations } from '../support/accessibility.js';
import { policyViolations, signInPage } from '../support/browser.js';
import { type DemoSite, openDemoSite } from '../support/demo-site.js';
import { pdfPageCount } from '../support/pdf-text.js';

const run = promisify(execFile);
const SCREENSHOTS = path.resolve('test-results', 'screenshots');
/** The last 12 MMWR weeks of the demo's medical examiner data (2022), which have a date but no time. */
const END_WEEK = '2022-W52';

// The demo's public safety analyst makes a brief of Hartford (the CT demo has towns, no precincts),
// reads it on screen against counts made in SQL, and downloads the PDF, the one-pager and the figures.
describe('public safety brief in a real browser', () => {
  let site: DemoSite;
  const open: BrowserContext[] = [];
  let jurisdictionId: string;

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    site = await openDemoSite(['public_safety_analyst']);
    jurisdictionId = (await findJurisdiction(site.context.db, 'ct'))?.id as string;
    // A jurisdiction whose briefs are printed and handed around raises its partner k: the brief then
    // hides counts of 1 and 2 with their complements, and its figures are checked at k = 3.
    await site.context.db.query('update jurisdictions set partner_k = 3 where id = $1', [jurisdictionId]);
  });
  afterEach(async () => {
    for (const c of open.splice(0)) await c.close().catch(() => {});
    assert.deepEqual(policyViolations.splice(0), [], 'the Content-Security-Policy blocked nothing');
  });
  after(async () => {
    await site?.close();
  });

  /** Overdoses of a town over days, counted in SQL, with and without a time of day. */
  const counted = async (town: string, from: string, to: string) => {
    const [row] = await site.context.db.query<{ total: number; untimed: number; fatal: number }>(
      `select count(*)::int as total, count(*) filter (where not o.time_known)::int as untimed,
          count(*) filter (where o.fatal)::int as fatal
        from overdoses o join overdose_areas a on a.jurisdiction_id = o.jurisdiction_id and a.overdose_id = o.id
         and a.layer_id = 'towns' and a.area_id = $4
        where o.jurisdiction_id = $1 and o.occurred_date between $2::date and $3::date`,
      [jurisdictionId, from, to, town],
    );
    return row as { total: number; untimed: number; fatal: number };
  };

  it('produces a Hartford brief and downloads its PDF, the resource-need one-pager and the figures', async () => {
    const page = await signInPage(
      site.browser,
      site.base,
      site.emails.get('public_safety_analyst') as string,
      open,
    );
    await page.getByRole('link', { name: 'Briefs' }).click();
    const section = page.getByRole('region', { name: 'Public safety brief' });
    await section.getByText('This jurisdiction has no precinct layer').waitFor();
    await section.getByLabel('Area').selectOption('Hartford');
    await section.getByLabel(/Last week/).fill(END_WEEK);
    const title = section.getByRole('heading', { name: `Hartford (Towns): 2022-W41 to ${END_WEEK}` });
    await title.waitFor();

    const truth = await counted('Hartford', '2022-10-09', '2022-12-31');
    assert.ok(truth.total > 10, `Hartford had overdoses in the period: ${truth.total}`);
    const summary = await section.locator('.brief-body > p').first().textContent();
    assert.match(summary ?? '', new RegExp(`${truth.total} suspected overdoses \\(${truth.fatal} fatal`));
    // The medical examiner gives a date only: every overdose is in "No time", none in an hour.
    const totals = section.locator('.brief-heat tfoot td');
    assert.equal((await totals.nth(24).textContent())?.trim(), String(truth.untimed));
    assert.equal((await totals.nth(25).textContent())?.trim(), String(truth.total));
    await section.getByText(/without a time of day/).waitFor();
    assert.deepEqual(await seriousViolations(page), []);
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'public-safety-brief-hartford.png'),
      fullPage: true,
    });

    const [pdf] = await Promise.all([
      page.waitForEvent('download'),
      section.getByRole('button', { name: 'Download PDF' }).click(),
    ]);
    assert.equal(pdf.suggestedFilename(), `sos-brief-hartford-${END_WEEK}.pdf`);
    const pdfPath = (await pdf.path()) as string;
    const bytes = readFileSync(pdfPath);
    assert.ok(pdfPageCount(bytes) >= 1, 'the brief has pages');
    const text = (await run('pdftotext', ['-layout', pdfPath, '-'])).stdout;
    assert.match(text, /Public safety brief: Hartford \(Towns\), Connecticut/);
    assert.match(text, new RegExp(`${truth.total} suspected overdoses: ${truth.fatal} fatal`));

    const [need] = await Promise.all([
      page.waitForEvent('download'),
      section.getByRole('button', { name: 'Resource-need summary (PDF)' }).click(),
    ]);
    const needPath = (await need.path()) as string;
    // The printed pages are looked at too: each PDF's first page as a PNG beside the screenshots.
    await run('pdftoppm', [
      '-png',
      '-r',
      '70',
      '-f',
      '1',
      '-l',
      '1',
      pdfPath,
      path.join(SCREENSHOTS, 'public-safety-brief-pdf'),
    ]);
    await run('pdftoppm', [
      '-png',
      '-r',
      '70',
      '-f',
      '1',
      '-l',
      '1',
      needPath,
      path.join(SCREENSHOTS, 'resource-need-pdf'),
    ]);
    assert.equal(pdfPageCount(readFileSync(needPath)), 1, 'the one-pager is one page');
    const needText = (await run('pdftotext', ['-layout', needPath, '-'])).stdout.replace(/\s+/g, ' ');
    assert.match(needText, /Overdoses in Hartford: the need for resources/);
    assert.match(needText, new RegExp(`Hartford had ${truth.total} overdoses in the 12 weeks to 2022-12-31`));

    const [figures] = await Promise.all([
      page.waitForEvent('download'),
      section.getByRole('button', { name: 'Figures (JSON)' }).click(),
    ]);
    const figuresPath = (await figures.path()) as string;
    const file = JSON.parse(readFileSync(figuresPath, 'utf8')) as { k: number };
    assert.equal(file.k, 3);
    const check = await run(process.execPath, [
      path.resolve('dist/src/main/cli.js'),
      'suppression',
      'check',
      figuresPath.endsWith('.json') ? figuresPath : await copyAsJson(figuresPath),
      '--k',
      String(file.k),
    ]);
    assert.match(check.stdout, /passed/);
  });

  it('shows the latest weeks by default, with overdoses placed in hours of the week', async () => {
    const page = await signInPage(
      site.browser,
      site.base,
      site.emails.get('public_safety_analyst') as string,
      open,
    );
    await page.goto(`${site.base}/briefs`);
    const section = page.getByRole('region', { name: 'Public safety brief' });
    await section.getByRole('heading', { name: /^Connecticut: \d{4}-W\d\d to \d{4}-W\d\d$/ }).waitFor();
    const shaded = await section.locator('.brief-heat td[class^="step-"]').count();
    assert.ok(shaded > 0, 'the synthetic recent reports have times of day');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'public-safety-brief-latest.png'), fullPage: true });
  });
});

/** Playwright saves downloads without an extension; the suppression check reads JSON by its name. */
async function copyAsJson(file: string): Promise<string> {
  const { copyFileSync } = await import('node:fs');
  const target = `${file}.json`;
  copyFileSync(file, target);
  return target;
}
