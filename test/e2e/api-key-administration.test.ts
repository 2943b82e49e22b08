import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { cliActor } from '../../src/access/roles.js';
import { buildApp } from '../../src/main/app.js';
import type { AppContext } from '../../src/main/app-context.js';
import { seriousViolations } from '../support/accessibility.js';
import { launchBrowser, policyViolations, signInPage } from '../support/browser.js';
import { ManualTime } from '../support/manual-time.js';
import { TEST_PASSWORD } from '../support/sign-in.js';
import { openTestContext, seedJurisdiction } from '../support/test-databases.js';

const SCREENSHOTS = path.resolve('test-results', 'screenshots');
const HOUR = 3_600_000;

// An administrator in Chromium adds an organization with a contact, issues an API key for its system
// (shown once, copied with the button), the system submits a report with it over HTTP, the key is
// rotated with a two-hour overlap (both keys work), the clock passes the overlap (the old key is
// refused, the new one still works), and the new one is revoked. Schools are added and edited there too.
describe('API key administration in a real browser', () => {
  const time = new ManualTime(new Date());
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  const open: BrowserContext[] = [];
  const email = 'administrator@keys.example.org';
  let reportNumber = 0;

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    context = await openTestContext('postgres', { clock: time });
    const { jurisdiction } = await seedJurisdiction(context.db);
    await context.access.createUser(cliActor, {
      jurisdictionId: jurisdiction.id,
      email,
      displayName: 'Administrator',
      role: 'administrator',
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

  /** What the server answers a system that sends one new report with this key. */
  const submitWith = async (key: string) =>
    (
      await fetch(`${base}/api/v1/reports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          source_record_id: `cad-${++reportNumber}`,
          occurred_at: new Date(time.now().getTime() - HOUR).toISOString(),
          latitude: 41.77,
          longitude: -72.68,
          fatal: false,
        }),
      })
    ).status;

  /** The secret in the "shown once" panel, after checking that its Copy button copies exactly it. */
  async function shownKey(page: Page): Promise<string> {
    const panel = page.getByRole('region', { name: 'New API key' });
    await panel.getByText('it is shown only once').waitFor();
    const key = await panel.getByLabel('The new API key').inputValue();
    assert.match(key, /^sos_/);
    await panel.getByRole('button', { name: 'Copy key' }).click();
    await panel.getByRole('status').getByText('Copied.').waitFor();
    assert.equal(await page.evaluate('navigator.clipboard.readText()'), key);
    return key;
  }

  it('creates an organization and a key, rotates it with an overlap that then ends, and revokes', async () => {
    const page = await signInPage(browser, base, email, open);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Organizations' }).click();
    await page.getByRole('heading', { name: 'Organizations', level: 1 }).waitFor();

    const add = page.getByRole('form', { name: 'Add an organization' });
    await add.getByLabel('Name').first().fill('Harbor Fire');
    await add.getByLabel('Type').selectOption('fire');
    await add.getByRole('button', { name: 'Add a contact' }).click();
    const contact = add.locator('.contact-row').first();
    await contact.getByLabel('Name').fill('Dana Reyes');
    await contact.getByLabel('Role').fill('Medical director');
    await contact.getByLabel('Email').fill('dreyes@fire.example.org');
    await contact.getByLabel('Phone').fill('+1 860 555 0134');
    await add.getByRole('button', { name: 'Add organization' }).click();
    await page.getByRole('status').getByText('Added Harbor Fire.').waitFor();
    const row = page.getByRole('row', { name: /Harbor Fire/ });
    assert.match(String(await row.textContent()), /Dana Reyes, Medical director, dreyes@fire\.example\.org/);

    // Chosen after adding: its API keys below, each scope with its meaning.
    const keys = page.getByRole('region', { name: 'API keys of Harbor Fire' });
    await keys.getByText('No API key yet.').waitFor();
    await keys.getByText(/Sends overdose reports for its organization/).waitFor();
    await keys.getByLabel('Name (which system holds it)').fill('CAD export');
    await keys.getByRole('button', { name: 'Create key' }).click();
    const first = await shownKey(page);
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'administrator-api-key-created.png'),
      fullPage: true,
    });
    assert.deepEqual(await seriousViolations(page), []);
    assert.equal(await submitWith(first), 201, 'the new key submits a report');
    await keys.getByRole('button', { name: 'I have stored it' }).click();

    // Rotate, keeping the old key two hours.
    await keys.getByRole('button', { name: 'Rotate CAD export' }).click();
    await keys.getByLabel(/Old key works for/).fill('2');
    await keys.getByRole('button', { name: 'Rotate now' }).click();
    await keys.getByText(/"CAD export" rotated: the old key works until/).waitFor();
    const second = await shownKey(page);
    assert.notEqual(second, first);
    await keys.getByRole('row').filter({ hasText: 'Expiring (rotated)' }).waitFor();
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'administrator-api-key-rotated.png'),
      fullPage: true,
    });
    assert.equal(await submitWith(first), 201, 'the old key works during the overlap');
    assert.equal(await submitWith(second), 201, 'and so does the new one');

    // The overlap ends.
    time.advance(2 * HOUR);
    assert.equal(await submitWith(first), 401, 'the old key is refused once the overlap has ended');
    assert.equal(await submitWith(second), 201);
    await page.reload();
    await page.getByRole('button', { name: 'Manage Harbor Fire' }).click();
    await keys.getByRole('row').filter({ hasText: 'Expired' }).waitFor();
    const active = keys.getByRole('row').filter({ hasText: 'Active' });
    assert.notEqual(
      await active.getByRole('cell').nth(4).textContent(),
      '–',
      'the new key shows its last use',
    );
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'administrator-api-key-expired.png'),
      fullPage: true,
    });

    // Revoked: refused at once.
    await active.getByRole('button', { name: 'Revoke CAD export' }).click();
    await keys.getByRole('button', { name: 'Revoke now' }).click();
    await keys.getByText('"CAD export" revoked: it no longer works.').waitFor();
    await keys.getByRole('row').filter({ hasText: 'Revoked' }).waitFor();
    assert.equal(await submitWith(second), 401);
  });

  it('adds a school with its Handle with Care contact and edits it', async () => {
    const page = await signInPage(browser, base, email, open);
    await page.goto(`${base}/admin/organizations`);
    const schools = page.getByRole('region', { name: 'Schools (Handle with Care contacts)' });
    const form = schools.getByRole('form', { name: 'Add a school' });
    await form.getByLabel('Name', { exact: true }).fill('Harbor Elementary');
    await form.getByLabel('District').fill('Harbor Unified');
    await form.getByLabel('Contact name').fill('Sam Ortiz');
    await form.getByLabel('Contact email').fill('sortiz@harbor.example.org');
    await form.getByRole('button', { name: 'Add school' }).click();
    await schools.getByText('Harbor Elementary added.').waitFor();
    await schools
      .getByRole('row', { name: /Harbor Elementary/ })
      .getByRole('button', { name: 'Edit' })
      .click();
    const edit = schools.getByRole('form', { name: 'Edit a school' });
    await edit.getByLabel('Contact name').fill('Lee Park');
    await edit.getByLabel('Contact email').fill('lpark@harbor.example.org');
    await edit.getByRole('button', { name: 'Save school' }).click();
    await schools.getByText('Harbor Elementary saved.').waitFor();
    // The notice shows as soon as the save is answered; the table refreshes after it, so wait for it.
    await schools
      .getByRole('row', { name: /Harbor Elementary/ })
      .filter({ hasText: 'Lee Park <lpark@harbor.example.org>' })
      .waitFor();
    assert.equal(await schools.getByRole('row', { name: /Harbor Elementary/ }).count(), 1);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'administrator-schools.png'), fullPage: true });
  });
});
