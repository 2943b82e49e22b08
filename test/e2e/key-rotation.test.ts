import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { cliActor } from '../../src/access/roles.js';
import { ingestReports } from '../../src/intake/intake-service.js';
import { buildApp } from '../../src/main/app.js';
import type { AppContext } from '../../src/main/app-context.js';
import { Keyring, readKeyFile, writeKeyFile } from '../../src/platform/keyring.js';
import { seriousViolations } from '../support/accessibility.js';
import { launchBrowser, policyViolations, signInPage } from '../support/browser.js';
import { TEST_PASSWORD } from '../support/sign-in.js';
import { openTestContext, seedJurisdiction } from '../support/test-databases.js';

// Key rotation from the browser: an administrator opens Keys and backups, sees every person sealed with
// the one key, rotates, and watches the re-sealing reach done with every row under the new key.
describe('encryption key rotation in a real browser', () => {
  let context: AppContext & { dispose(): Promise<void> };
  /** What intake answered for the three reports (named if the persons are not all sealed). */
  let ingested: unknown;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let dir: string;
  let keyFile: string;
  const open: BrowserContext[] = [];
  const email = 'administrator@keys.example.org';
  const firstKey = randomBytes(32);
  const oldId = Keyring.idOf(firstKey);

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'sos-keys-e2e-'));
    keyFile = path.join(dir, 'encryption.key');
    writeKeyFile(keyFile, [firstKey]);
    context = await openTestContext('postgres', {
      config: { encryptionKeys: [], encryptionKeyFile: keyFile },
    });
    const { jurisdiction, organization } = await seedJurisdiction(context.db);
    ingested = await ingestReports(context.intake, cliActor, {
      jurisdiction,
      organization,
      channel: 'api',
      items: ['Ann', 'Bob', 'Cy'].map((first_name, i) => {
        const raw = {
          source_record_id: `e-${i}`,
          occurred_at: `2024-05-0${i + 1}T10:00:00Z`,
          latitude: 41.7658,
          longitude: -72.6734,
          person: { first_name, last_name: 'Lee', birth_date: `1990-04-0${i + 1}` },
        };
        return { raw, fields: raw };
      }),
    });
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
    rmSync(dir, { recursive: true, force: true });
  });

  /** The persons column of a key's row. */
  const personsOf = (page: Page, keyId: string) =>
    page.locator(`tr[data-key-id="${keyId}"] td`).first().textContent();

  it('rotates from the page and shows the re-sealing reach done, every person under the new key', async () => {
    const page = await signInPage(browser, base, email, open);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Keys and backups' })
      .click();
    await page.getByRole('heading', { name: 'Keys and backups' }).waitFor();
    assert.equal(await page.getByTestId('current-key').textContent(), oldId);
    const [sealed] = await context.db.query<{ key_id: string; n: number }>(
      'select key_id, count(*)::int as n from persons group by key_id',
    );
    assert.deepEqual(
      sealed,
      { key_id: oldId, n: 3 },
      `persons sealed at intake: ${JSON.stringify(ingested)}`,
    );
    const row = page.locator(`tr[data-key-id="${oldId}"]`);
    assert.equal(await personsOf(page, oldId), '3', `the first key's row: ${await row.textContent()}`);
    assert.deepEqual(await seriousViolations(page), []);
    await page.screenshot({ path: 'test-results/screenshots/key-rotation-before.png', fullPage: true });

    await page.getByRole('button', { name: 'Rotate key' }).click();
    await page.getByRole('status').filter({ hasText: 'Done: 3 of 3 sealed rows re-sealed.' }).waitFor();
    const newId = Keyring.idOf(readKeyFile(keyFile)[0] as Buffer);
    assert.notEqual(newId, oldId);
    await page.getByTestId('current-key').filter({ hasText: newId }).waitFor();
    assert.equal(await page.locator('progress').getAttribute('value'), '3');
    assert.equal(await personsOf(page, newId), '3');
    assert.equal(await personsOf(page, oldId), '0');
    assert.deepEqual(readKeyFile(keyFile).map(Keyring.idOf), [newId, oldId]);
    assert.deepEqual(await seriousViolations(page), []);
    await page.screenshot({ path: 'test-results/screenshots/key-rotation-done.png', fullPage: true });
  });
});
