import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext } from 'playwright-core';
import { insertOrganization } from '../../src/access/jurisdictions/jurisdiction-repository.js';
import { cliActor } from '../../src/access/roles.js';
import { buildApp } from '../../src/main/app.js';
import type { AppContext } from '../../src/main/app-context.js';
import { seriousViolations } from '../support/accessibility.js';
import { launchBrowser, policyViolations, signInPage } from '../support/browser.js';
import { TEST_PASSWORD } from '../support/sign-in.js';
import { openTestContext, seedJurisdiction } from '../support/test-databases.js';

// Sharing agreements from the browser: an administrator records an agreement with its signed document,
// makes it public, and the public page lists it with the document's fingerprint.
describe('sharing agreements in a real browser', () => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let shortName: string;
  const open: BrowserContext[] = [];
  const email = 'administrator@agreements.example.org';
  const signed = Buffer.from('%PDF-1.4\n% signed memorandum\n%%EOF\n');

  before(async () => {
    context = await openTestContext('postgres');
    const { jurisdiction } = await seedJurisdiction(context.db);
    shortName = jurisdiction.shortName;
    await insertOrganization(context.db, {
      jurisdictionId: jurisdiction.id,
      id: randomUUID(),
      name: 'Harbor Recovery Clinic',
      type: 'treatment',
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
  });

  it('records an agreement with its document, edits it to public, and the public page lists it', async () => {
    const page = await signInPage(browser, base, email, open);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Agreements' }).click();
    await page.getByText('No agreement recorded yet.').waitFor();
    await page.getByLabel('Title').fill('Linkage MOU');
    await page.getByLabel('County EMS').check();
    await page.getByLabel('Harbor Recovery Clinic').check();
    await page.getByLabel('Purpose').fill('Linkage to care after an overdose');
    await page.getByLabel('Referral details').check();
    await page.getByLabel('Legal basis').fill('Memorandum of understanding');
    await page.getByLabel('Starts on').fill('2026-01-01');
    await page
      .getByLabel(/Signed document/)
      .setInputFiles({ name: 'mou.pdf', mimeType: 'application/pdf', buffer: signed });
    await page.getByRole('button', { name: 'Record agreement' }).click();
    await page.getByRole('status').getByText('Saved "Linkage MOU".').waitFor();
    const row = page.getByRole('row', { name: /Linkage MOU/ });
    assert.match(String(await row.textContent()), /County EMS; Harbor Recovery Clinic/);
    assert.deepEqual(await seriousViolations(page), []);

    const download = page.waitForEvent('download');
    await row.getByRole('link', { name: 'mou.pdf' }).click();
    const file = await (await download).path();
    assert.deepEqual(readFileSync(file), signed);

    await row.getByRole('button', { name: /Edit/ }).click();
    await page.getByLabel('Listed on the public page').check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    // The status already reads "Saved" from the first save: wait for the row itself to say public.
    await page
      .getByRole('row', { name: /Linkage MOU/ })
      .filter({ hasText: 'Yes' })
      .waitFor();

    const visitor = await (await browser.newContext()).newPage();
    open.push(visitor.context());
    await visitor.goto(`${base}/public/${shortName}/agreements`);
    await visitor.getByRole('heading', { name: 'Linkage MOU' }).waitFor();
    assert.ok(
      (await visitor.content()).includes(createHash('sha256').update(signed).digest('hex')),
      'the public page shows the document fingerprint',
    );
  });
});
