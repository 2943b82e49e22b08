import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { loadDemoOnce } from '../../src/demo/demo-loader.js';
import { buildApp } from '../../src/main/app.js';
import type { AppContext } from '../../src/main/app-context.js';
import { launchBrowser } from '../support/browser.js';
import { openTestContext, seedJurisdiction } from '../support/test-databases.js';

const SCREENSHOTS = path.resolve('test-results', 'screenshots');

// The public dashboard as a reader without an account sees it, on a wide screen and on a phone.
describe('the public dashboard in a real browser', () => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let shortName: string;

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    context = await openTestContext('postgres');
    shortName = (await seedJurisdiction(context.db, { timeZone: 'America/New_York' })).jurisdiction.shortName;
    await loadDemoOnce(context);
    app = await buildApp(context);
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await context?.dispose();
  });

  for (const viewport of [
    { width: 1280, height: 900 },
    { width: 360, height: 740 },
  ]) {
    it(`fits the chart title in its box and links to help at ${viewport.width} px`, async () => {
      const session = await browser.newContext({ viewport });
      try {
        const page = await session.newPage();
        await page.goto(`${base}/public/${shortName}`);
        const caption = page.locator('figcaption').first();
        assert.match((await caption.textContent()) ?? '', /^Suspected overdoses by week/);
        // Run in the page: the headings and captions that overflow their boxes, and any sideways scroll.
        const fits = (await page.evaluate(`(() => {
          const overflowing = [...document.querySelectorAll('figcaption, h1, h2')].filter(
            (e) => e.scrollWidth > e.clientWidth + 1,
          );
          return {
            overflowing: overflowing.map((e) => e.textContent),
            page: document.documentElement.scrollWidth <= window.innerWidth,
          };
        })()`)) as { overflowing: string[]; page: boolean };
        assert.deepEqual(fits.overflowing, []);
        assert.ok(fits.page, 'nothing runs off the page sideways');
        // The SVG draws no second title of its own.
        const svgTexts = await page.locator('figure svg text').allTextContents();
        assert.ok(!svgTexts.some((t) => t.startsWith('Suspected overdoses by week')));
        const help = page.getByRole('region', { name: 'Get help' });
        await help.getByRole('link', { name: 'findtreatment.gov' }).waitFor();
        await help.getByRole('link', { name: '1-800-662-4357' }).waitFor();
        await help.getByRole('link', { name: '988', exact: true }).waitFor();
        await help
          .getByText(/naloxone/i)
          .first()
          .waitFor();
        await page.screenshot({
          path: path.join(SCREENSHOTS, `public-dashboard-${viewport.width}.png`),
          fullPage: true,
        });
        await page.getByRole('link', { name: 'How these figures are made' }).click();
        for (const heading of [
          'What is counted',
          'Days, weeks and months',
          'Hidden counts',
          'Areas',
          'Reporting lags',
        ])
          await page.getByRole('heading', { name: heading, exact: true }).waitFor();
        await page
          .getByText(/MMWR weeks/)
          .first()
          .waitFor();
        await page.getByText(/Counts from 1 to 9 are shown as/).waitFor();
        await page.getByText(/still growing/).waitFor();
        await page.screenshot({
          path: path.join(SCREENSHOTS, `public-methodology-${viewport.width}.png`),
          fullPage: true,
        });
      } finally {
        await session.close();
      }
    });
  }

  it('shows every year back to the first one with data, and each year by month (Connecticut demo: 2012)', async () => {
    const session = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await session.newPage();
      await page.goto(`${base}/public/ct`);
      await page.getByRole('heading', { name: 'By year and month' }).waitFor();
      const caption = (await page.locator('figcaption', { hasText: 'by year' }).textContent()) ?? '';
      assert.match(caption, /^Suspected overdoses by year, 2012 to \d{4}$/);
      const years = await page.locator('#months-by-year tbody th[scope="row"]').allTextContents();
      assert.equal(years[0], '2012');
      const last = Number(years.at(-1));
      assert.deepEqual(
        years,
        Array.from({ length: last - 2012 + 1 }, (_, i) => String(2012 + i)),
      );
      // Every whole year has its twelve months filled in (a count or "hidden"), 2012 included.
      const first = await page.locator('#months-by-year tbody tr').first().locator('td').allTextContents();
      assert.equal(first.length, 13);
      assert.ok(
        first.every((cell) => cell.trim() !== ''),
        first.join('|'),
      );
      const bars = await page.locator('figure', { hasText: 'by year' }).locator('svg text').allTextContents();
      assert.ok(bars.includes('2012'), bars.join('|'));
      await page.screenshot({ path: path.join(SCREENSHOTS, 'public-dashboard-history.png'), fullPage: true });
    } finally {
      await session.close();
    }
  });
});
