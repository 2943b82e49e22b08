import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import type { Role } from '../../src/access/roles.js';
import { signInPage } from '../support/browser.js';
import { type DemoSite, openDemoSite } from '../support/demo-site.js';

const SCREENSHOTS = path.resolve('test-results', 'screenshots');
const YEAR_2022 = '/dashboard?from=2022-01-01&to=2022-12-31';

interface CountsBody {
  rows: { key: string | null; count: number }[];
  areas: { id: string; name: string; population: number | null }[] | null;
}

/**
 * Run in the page (written as text, as the tests compile without the DOM's types): decodes a PNG and
 * counts the pixels of the three darker blues of the map's shading, which no outline, label or
 * background uses, and finds the darkest of them.
 */
const SHADED_PIXELS = `async (data) => {
  const image = new Image();
  image.src = 'data:image/png;base64,' + data;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = image.width;
  canvas.height = image.height;
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const rgba = context.getImageData(0, 0, image.width, image.height).data;
  let pixels = 0;
  let darkest = { x: 0, y: 0, lightness: 765 };
  for (let i = 0; i < rgba.length; i += 4) {
    const [r, g, b] = [rgba[i], rgba[i + 1], rgba[i + 2]];
    if (b - r < 60) continue;
    pixels++;
    if (r + g + b < darkest.lightness)
      darkest = { x: (i / 4) % image.width, y: Math.floor(i / 4 / image.width), lightness: r + g + b };
  }
  return { pixels, darkest };
}`;

/** The JSON of a GET made by the page itself, with its session. */
const fetchJson = <T>(page: Page, url: string): Promise<T> =>
  page.evaluate(async (u) => (await fetch(u)).json(), url) as Promise<T>;

describe('the dashboard map and charts in a real browser', () => {
  let site: DemoSite;
  const open: BrowserContext[] = [];
  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    site = await openDemoSite(['analyst', 'public_safety_analyst', 'submitter']);
  });
  afterEach(async () => {
    for (const c of open.splice(0)) await c.close().catch(() => {});
  });
  after(() => site?.close());

  const signIn = (role: Role) => signInPage(site.browser, site.base, site.emails.get(role) as string, open);

  /** The hover label of whatever the map shows at its centre. */
  const labelAtCentre = async (page: Page) => {
    const box = await page.locator('section.map canvas').boundingBox();
    assert.ok(box);
    await page.mouse.move(box.x + box.width / 2 - 3, box.y + box.height / 2);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const label = page.locator('.area-label');
    await label.waitFor();
    return ((await label.textContent()) ?? '').trim();
  };

  it('explains the shading in a legend, names an area on hover, numbers the clusters and zooms to a picked area', async () => {
    const page = await signIn('analyst');
    await page.goto(`${site.base}${YEAR_2022}`);
    await page.locator('figcaption', { hasText: 'Overdoses per day' }).waitFor();
    await page.locator('section.map canvas').waitFor();
    await page.waitForLoadState('networkidle');

    // The legend's top stop is the highest rate of the year, computed here from counts and populations.
    const byArea = await fetchJson<CountsBody>(
      page,
      '/api/v1/aggregates/counts?from=2022-01-01&to=2022-12-31&period=all&by=area&layer=towns',
    );
    const population = new Map((byArea.areas ?? []).map((a) => [a.id, a.population]));
    const rates = byArea.rows.map((r) => {
      const p = population.get(r.key as string);
      return p ? (r.count / p) * 100_000 : r.count;
    });
    const legend = page.getByRole('region', { name: 'Map legend' });
    await legend.getByText('Overdoses per 100,000 residents', { exact: false }).waitFor();
    const stops = (await legend.locator('.shade-scale li').allTextContents()).map((t) => t.trim());
    assert.equal(stops.length, 5);
    assert.equal(stops[0], '0.0');
    assert.equal(stops[4], Math.max(...rates).toFixed(Math.max(...rates) >= 100 ? 0 : 1));
    assert.match((await legend.textContent()) ?? '', /Hot spot \(Gi\*, significant\)/);
    assert.match((await legend.textContent()) ?? '', /Cluster \(its number of overdoses\)/);

    // Clusters carry their numbers, and they are whole counts of more than one overdose.
    await page.locator('.cluster-count').first().waitFor();
    const clusters = await page.locator('.cluster-count').allTextContents();
    assert.ok(
      clusters.every((c) => /^\d+(\.\d+)?k?$/.test(c) && c !== '1'),
      clusters.join(' '),
    );

    // Hovering names the area under the pointer with its count, the same as the API's.
    const hovered = await labelAtCentre(page);
    const match = /^(.+?): ([\d,]+) overdoses?/.exec(hovered);
    assert.ok(match, hovered);
    const area = (byArea.areas ?? []).find((a) => a.name === match[1]);
    assert.ok(area, `${match[1]} is a town`);
    const count = byArea.rows.find((r) => r.key === area.id)?.count ?? 0;
    assert.equal(Number(match[2]?.replaceAll(',', '')), count);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'analyst-map-legend.png') });

    // Picking an area in the table filters the view and brings the map to it.
    const pick = byArea.areas?.find((a) => a.name === 'Norwich') ?? area;
    await page.locator('.area-table tbody button', { hasText: pick.name }).first().click();
    await page.waitForURL(/area=/);
    await page.waitForTimeout(1000); // the zoom's animation
    assert.match(await labelAtCentre(page), new RegExp(`^${pick.name}: `));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'analyst-map-area-picked.png') });

    // The export of the area view holds that area alone.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export CSV' }).click(),
    ]);
    const lines = readFileSync((await download.path()) as string, 'utf8')
      .trim()
      .split('\r\n')
      .slice(1);
    assert.ok(lines.length > 0);
    assert.deepEqual([...new Set(lines.map((line) => line.split(',')[1]))], [pick.id]);
  });

  it('shows H3 cells at the zoom of the whole state, named on hover', async () => {
    const page = await signIn('public_safety_analyst');
    await page.goto(`${site.base}${YEAR_2022}&layer=h3r7`);
    await page.locator('figcaption', { hasText: 'Overdoses per day' }).waitFor();
    await page.locator('section.map canvas').waitFor();
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(500);
    // Chromium reads the map's pixels back: the shaded cells, and the darkest one (the most overdoses).
    const map = page.locator('section.map');
    const png = (await map.screenshot()).toString('base64');
    const shaded = (await page.evaluate(`(${SHADED_PIXELS})('${png}')`)) as {
      pixels: number;
      darkest: { x: number; y: number };
    };
    // A cell drawn only as its polygon is two or three pixels wide at this zoom: on the demo's 2022 the
    // shaded polygons alone made 63 such pixels, with the cells' dots 175.
    assert.ok(shaded.pixels > 120, `${shaded.pixels} shaded pixels`);
    const box = await map.boundingBox();
    assert.ok(box);
    await page.mouse.move(box.x + shaded.darkest.x, box.y + shaded.darkest.y);
    const label = page.locator('.area-label');
    await label.waitFor();
    assert.match((await label.textContent()) ?? '', /^(Cell in .+|Cell) \(\w{3}\): [\d,]+ overdoses?/);
    await page
      .getByRole('region', { name: 'Map legend' })
      .getByText('by H3 cell', { exact: false })
      .waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'partner-map-cells.png') });
  });

  it('reads weeks on a date axis, marks a partial first week, and shows yes/no values as Yes and No', async () => {
    // The demo's deaths record no naloxone: one report of 2022 that does.
    const submitter = await signIn('submitter');
    const sent = await submitter.evaluate(async () => {
      const response = await fetch('/api/v1/reports', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          reports: [
            {
              source_record_id: 'e2e-naloxone',
              occurred_at: '2022-06-15T14:00:00-04:00',
              latitude: 41.7637,
              longitude: -72.6851,
              fatal: false,
              naloxone_given: true,
            },
          ],
        }),
      });
      return ((await response.json()) as { results: { status: string }[] }).results[0]?.status;
    });
    assert.equal(sent, 'accepted');
    const page = await signIn('analyst');
    await page.goto(`${site.base}${YEAR_2022}`);
    await page.locator('figcaption', { hasText: 'Overdoses per day' }).waitFor();
    const daily = page.locator('figure', { hasText: 'Overdoses per day' });
    assert.deepEqual((await daily.locator('.date-tick text').allTextContents()).slice(0, 3), [
      'Jan 2022',
      'Feb',
      'Mar',
    ]);
    await page.getByRole('radio', { name: 'week' }).check();
    const weekly = page.locator('figure', { hasText: 'Overdoses per week' });
    await weekly.waitFor();
    // 2022-01-01 is a Saturday: the MMWR week it ends began on 2021-12-26, one day of it in the range.
    await weekly.getByText('week of 2021-12-26 (1 of 7 days in the range)', { exact: false }).waitFor();
    // The live report sent above may redraw the chart while it is read: wait for a settled drawing.
    const partialBars = weekly.locator('rect.bar.partial');
    await partialBars.first().waitFor();
    assert.equal(await partialBars.count(), 1);
    const outcome = page.locator('figure', { hasText: 'Outcome, per week' });
    await outcome.getByText('Partial week', { exact: false }).waitFor();
    assert.ok((await outcome.locator('path.partial-segment').count()) >= 1);

    const naloxone = page.getByRole('region', { name: 'Naloxone given' });
    await naloxone.locator('li').first().waitFor();
    const labels = (await naloxone.locator('.bar-label').allTextContents()).map((t) => t.trim());
    const keys = await fetchJson<CountsBody>(
      page,
      '/api/v1/aggregates/counts?from=2022-01-01&to=2022-12-31&period=all&by=naloxone_given',
    );
    const expected = keys.rows.map((r) => (r.key === 'true' ? 'Yes' : r.key === 'false' ? 'No' : 'Unknown'));
    assert.deepEqual([...labels].sort(), [...new Set(expected)].sort());
    assert.ok(labels.includes('Yes'), labels.join(', '));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'analyst-weekly-trends.png'), fullPage: true });
  });

  it('draws the area outlines on the field form map for a submitter, without counts', async () => {
    const page = await signIn('submitter');
    // What the field form's map asked for once the page is opened again; the bodies are read apart.
    const answers: number[] = [];
    page.on('response', (r) => {
      if (/\/api\/v1\/layers\/[^/]+\/areas$/.test(r.url())) answers.push(r.status());
    });
    await page.goto(`${site.base}/entry`);
    await page.waitForLoadState('networkidle');
    assert.ok(answers.length > 0 && answers.every((status) => status === 200), answers.join(', '));
    const [layer] = await fetchJson<{ id: string }[]>(page, '/api/v1/layers');
    const body = await fetchJson<{ features: { properties: Record<string, unknown> }[] }>(
      page,
      `/api/v1/layers/${layer?.id}/areas`,
    );
    assert.ok(body.features.length > 100);
    assert.deepEqual(Object.keys(body.features[0]?.properties ?? {}).sort(), ['id', 'name']);
    await page.locator('section.map.picker canvas').waitFor();
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'submitter-entry-outlines.png'), fullPage: true });
  });
});
