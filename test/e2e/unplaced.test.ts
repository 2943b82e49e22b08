import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext } from 'playwright-core';
import { cliActor } from '../../src/access/roles.js';
import { ingestReports } from '../../src/intake/intake-service.js';
import { buildApp } from '../../src/main/app.js';
import type { AppContext } from '../../src/main/app-context.js';
import { launchBrowser, policyViolations, signInPage } from '../support/browser.js';
import { TEST_PASSWORD } from '../support/sign-in.js';
import { openTestContext, seedJurisdiction } from '../support/test-databases.js';

// On PostgreSQL, the production engine; the API beneath is tested on both engines.
describe('unplaced overdoses on the Records page, in a real browser', () => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  const open: BrowserContext[] = [];

  before(async () => {
    context = await openTestContext('postgres');
    const { jurisdiction, organization } = await seedJurisdiction(context.db);
    await ingestReports(context.intake, cliActor, {
      jurisdiction,
      organization,
      channel: 'api',
      items: [
        { source_record_id: 'zip-1', occurred_at: '2024-05-01T10:00:00Z', zip: '06106' },
        { source_record_id: 'lost-1', occurred_at: '2024-05-02T10:00:00Z', zip: '00000' },
      ].map((fields) => ({ raw: fields, fields })),
    });
    await context.access.createUser(cliActor, {
      jurisdictionId: jurisdiction.id,
      email: 'analyst@unplaced.example.org',
      displayName: 'analyst',
      role: 'analyst',
      organizationId: null,
      password: TEST_PASSWORD,
    });
    app = await buildApp(context);
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });
  after(async () => {
    for (const c of open.splice(0)) await c.close().catch(() => {});
    await browser?.close();
    await app?.close();
    await context?.dispose();
  });

  it('counts the unplaced overdoses per source and on the Records page, lists them, and marks a ZIP centroid', async () => {
    const page = await signInPage(browser, base, 'analyst@unplaced.example.org', open);
    // The dashboard's sources count them per source.
    await page.goto(`${base}/?from=2024-05-01&to=2024-05-31`);
    await page.locator('section.sources', { hasText: '(1 unplaced)' }).waitFor();
    await page.goto(`${base}/records?from=2024-05-01&to=2024-05-31`);
    await page.locator('table').waitFor();
    const notice = page.getByText('1 overdose could not be placed on the map');
    await notice.waitFor();
    assert.match(String(await page.locator('tbody').textContent()), /\(ZIP centroid\)/);
    assert.equal(await page.locator('tbody tr').count(), 2, 'the unplaced overdose is among the records too');
    await page.getByRole('link', { name: 'Review the unplaced overdoses' }).click();
    await page.getByText('Showing the 1 overdose no place was found for.').waitFor();
    // The list of all records gives way to the unplaced ones alone.
    await page.waitForFunction(
      () =>
        (
          globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }
        ).document.querySelectorAll('tbody tr').length === 1,
    );
    assert.match(String(await page.locator('tbody tr').first().textContent()), /not placed/);
    assert.deepEqual(policyViolations.splice(0), [], 'the Content-Security-Policy blocked nothing');
  });
});
