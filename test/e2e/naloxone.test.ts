import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { findJurisdiction } from '../../src/access/jurisdictions/jurisdiction-repository.js';
import { seriousViolations } from '../support/accessibility.js';
import { policyViolations, signInPage } from '../support/browser.js';
import { type DemoSite, openDemoSite } from '../support/demo-site.js';

const SCREENSHOTS = path.resolve('test-results', 'screenshots');
const PHONE = { width: 390, height: 844 };

/** One town's need and supply, counted from the source tables (not the rollups the page reads). */
interface Town {
  id: string;
  population: number;
  overdoses: number;
  kits: number;
  points: number;
}

/**
 * The deserts of the documented rule, worked out here from SQL over the overdoses and their areas,
 * the kits and the access points, over the 364 days that end with the last kits distributed.
 */
async function expectedDeserts(
  site: DemoSite,
  jurisdictionId: string,
): Promise<{ ids: string[]; points: number }> {
  const db = site.context.db;
  const [last] = await db.query<{ to: string; from: string }>(
    `select to_char(max(distributed_on), 'YYYY-MM-DD') as to,
            to_char(max(distributed_on) - 363, 'YYYY-MM-DD') as from
       from naloxone_distributions where jurisdiction_id = $1`,
    [jurisdictionId],
  );
  assert.ok(last?.to, 'the demo distributes kits');
  const rows = await db.query<{
    area_id: string;
    population: string | null;
    overdoses: string;
    kits: string;
    points: string;
  }>(
    `select a.area_id, a.population,
       (select count(*) from overdose_areas oa join overdoses o on o.jurisdiction_id = oa.jurisdiction_id and o.id = oa.overdose_id
         where oa.jurisdiction_id = a.jurisdiction_id and oa.layer_id = a.layer_id and oa.area_id = a.area_id
           and o.occurred_date between $2::date and $3::date) as overdoses,
       (select coalesce(sum(kits), 0) from naloxone_distributions d where d.jurisdiction_id = a.jurisdiction_id
           and d.layer_id = a.layer_id and d.area_id = a.area_id and d.distributed_on between $2::date and $3::date) as kits,
       (select count(*) from naloxone_access_points p where p.jurisdiction_id = a.jurisdiction_id
           and p.layer_id = a.layer_id and p.area_id = a.area_id and p.active) as points
     from areas a where a.jurisdiction_id = $1 order by a.area_id`,
    [jurisdictionId, last.from, last.to],
  );
  const towns: Town[] = rows
    .filter((r) => r.population !== null && Number(r.population) > 0)
    .map((r) => ({
      id: r.area_id,
      population: Number(r.population),
      overdoses: Number(r.overdoses),
      kits: Number(r.kits),
      points: Number(r.points),
    }));
  const rate = (t: Town) => (t.overdoses / t.population) * 100_000;
  const overall =
    (towns.reduce((s, t) => s + t.overdoses, 0) / towns.reduce((s, t) => s + t.population, 0)) * 100_000;
  const ids = towns
    .filter(
      (t) =>
        t.overdoses >= 5 && rate(t) > overall && t.kits < 10 * t.overdoses && t.points * 10 < t.overdoses,
    )
    .sort(
      (a, b) => rate(b) - rate(a) || a.kits / a.overdoses - b.kits / b.overdoses || a.id.localeCompare(b.id),
    )
    .map((t) => t.id);
  const [active] = await db.query<{ n: string }>(
    'select count(*) as n from naloxone_access_points where jurisdiction_id = $1 and active',
    [jurisdictionId],
  );
  return { ids, points: Number(active?.n) };
}

/** The deserts the map marks, by rank, and those the table lists, in order. */
async function shownDeserts(page: Page): Promise<{ map: string[]; table: string[] }> {
  await page.locator('.naloxone-map svg path[data-area]').first().waitFor();
  const map = await page.locator('.naloxone-map svg path[data-desert]').evaluateAll((paths) =>
    paths
      .map((p) => ({ id: p.getAttribute('data-area') ?? '', rank: Number(p.getAttribute('data-desert')) }))
      .sort((a, b) => a.rank - b.rank)
      .map((p) => p.id),
  );
  const table = await page
    .locator('[data-desert-row]')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-desert-row') ?? ''));
  return { map, table };
}

describe('naloxone deserts on the CT demo, in Chromium', () => {
  let site: DemoSite;
  let jurisdictionId: string;
  const open: BrowserContext[] = [];
  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    site = await openDemoSite(['harm_reduction_partner']);
    const ct = await findJurisdiction(site.context.db, 'ct');
    assert.ok(ct);
    jurisdictionId = ct.id;
  });
  afterEach(async () => {
    for (const session of open.splice(0)) await session.close();
  });
  after(() => site.close());

  it('Naloxone deserts computed on the CT demo with generated distribution data, shown on the map', async () => {
    const expected = await expectedDeserts(site, jurisdictionId);
    assert.ok(expected.ids.length >= 2, `the demo has deserts: ${expected.ids.join(', ')}`);
    const page = await signInPage(
      site.browser,
      site.base,
      site.emails.get('harm_reduction_partner') as string,
      open,
    );
    await page.goto(`${site.base}/naloxone`);
    const shown = await shownDeserts(page);
    assert.deepEqual(shown.map, expected.ids);
    assert.deepEqual(shown.table, expected.ids);
    assert.equal(await page.locator('.naloxone-map svg circle[data-access-point]').count(), expected.points);
    for (const kind of ['desert', 'access-point', 'rate']) {
      assert.ok(await page.locator(`.naloxone-map svg [data-legend="${kind}"]`).count(), `legend: ${kind}`);
    }
    assert.match((await page.locator('.naloxone-map svg .legend').textContent()) ?? '', /naloxone desert/);
    // The library machine's last report (3 kits) is under its level of 5.
    await assert.doesNotReject(
      page.locator('[data-access-point-row="Main Library naloxone machine"]', { hasText: 'Low' }).waitFor(),
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'naloxone-deserts.png'), fullPage: true });
    assert.deepEqual(await seriousViolations(page), []);

    // The partner restocks the machine: the row shows the new count and is no longer low.
    const machine = page.locator('[data-access-point-row="Main Library naloxone machine"]');
    await machine.getByLabel('Kits left').fill('25');
    await machine.getByLabel('restocked').check();
    await machine.getByRole('button', { name: 'Report stock' }).click();
    await page
      .locator('[data-access-point-row="Main Library naloxone machine"]', { hasText: '25 kits left' })
      .waitFor();
    assert.equal(await machine.getByText('Low').count(), 0);

    // Kits enough for the worst desert, recorded through the form, lift it off the map.
    const worst = expected.ids[0] as string;
    const short = await page.locator(`[data-desert-row="${worst}"] td`).last().textContent();
    const kits = Number((short ?? '').replaceAll(',', '')) + 1;
    const last = await site.context.db.query<{ d: string }>(
      `select to_char(max(distributed_on), 'YYYY-MM-DD') as d from naloxone_distributions where jurisdiction_id = $1`,
      [jurisdictionId],
    );
    await page.getByLabel('Source id').fill('browser-1');
    await page.getByLabel('Site type').selectOption('outreach');
    await page.getByLabel('Area', { exact: true }).fill(worst);
    await page.getByLabel('Date', { exact: true }).fill(last[0]?.d as string);
    await page.getByLabel('Kits', { exact: true }).fill(String(kits));
    await page.getByRole('button', { name: 'Record kits' }).click();
    await page.getByText('1 stored (1 new, 0 replaced), 0 quarantined.').waitFor();
    const after = await expectedDeserts(site, jurisdictionId);
    assert.ok(!after.ids.includes(worst));
    await page.locator(`[data-desert-row="${worst}"]`).waitFor({ state: 'detached' });
    const again = await shownDeserts(page);
    assert.deepEqual(again.map, after.ids);
    assert.deepEqual(again.table, after.ids);
    assert.deepEqual(policyViolations, []);
  });

  it('shows the map, its legend and the deserts on a phone', async () => {
    const expected = await expectedDeserts(site, jurisdictionId);
    const page = await signInPage(
      site.browser,
      site.base,
      site.emails.get('harm_reduction_partner') as string,
      open,
      PHONE,
    );
    await page.goto(`${site.base}/naloxone`);
    const shown = await shownDeserts(page);
    assert.deepEqual(shown.map, expected.ids);
    // The page's own content fits the phone (wide tables scroll inside their boxes). The menu bar
    // above it is the app's, shared by every page.
    const overflow = (await page.evaluate(
      "(() => { const s = document.querySelector('section.naloxone'); return s.scrollWidth - s.clientWidth; })()",
    )) as number;
    await page.screenshot({ path: path.join(SCREENSHOTS, 'naloxone-deserts-phone.png'), fullPage: true });
    assert.ok(overflow <= 1, `the Naloxone section fits the phone's width (${overflow}px over)`);
  });
});
