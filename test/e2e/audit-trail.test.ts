import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext } from 'playwright-core';
import { appendAuditEntries } from '../../src/access/audit/audit-repository.js';
import { cliActor } from '../../src/access/roles.js';
import { buildApp } from '../../src/main/app.js';
import type { AppContext } from '../../src/main/app-context.js';
import { launchBrowser, policyViolations, signInPage } from '../support/browser.js';
import { TEST_PASSWORD } from '../support/sign-in.js';
import { openTestContext, seedJurisdiction } from '../support/test-databases.js';

// The audit trail from the browser: an administrator filters it by user, exports the same filter as
// CSV (its rows counted against the API), verifies the chain, and sees it broken once tampered with.
describe('the audit trail in a real browser', () => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let jurisdictionId: string;
  let analystId: string;
  const open: BrowserContext[] = [];
  const admin = 'administrator@audit.example.org';
  const analyst = 'analyst@audit.example.org';

  before(async () => {
    context = await openTestContext('postgres');
    ({
      jurisdiction: { id: jurisdictionId },
    } = await seedJurisdiction(context.db));
    for (const [email, role] of [
      [admin, 'administrator'],
      [analyst, 'analyst'],
      ['coordinator@audit.example.org', 'outreach_coordinator'],
    ] as const) {
      await context.access.createUser(cliActor, {
        jurisdictionId,
        email,
        displayName: role,
        role,
        organizationId: null,
        password: TEST_PASSWORD,
      });
    }
    const users = await context.db.query<{ id: string; email: string }>('select id, email from users');
    analystId = users.find((u) => u.email === analyst)?.id as string;
    const coordinatorId = users.find((u) => u.email.startsWith('coordinator'))?.id as string;
    // Sixty reads by the analyst over two days (more than a page of 50), and a coordinator's broken glass.
    for (let i = 0; i < 60; i++) {
      await context.db.transaction((tx) =>
        appendAuditEntries(tx, jurisdictionId, new Date(Date.UTC(2025, 4, 5 + (i % 2), 14, i)), [
          {
            actorType: 'user',
            actorId: analystId,
            action: 'overdoses.read',
            subjectType: 'overdose',
            subjectId: null,
            purpose: 'surveillance',
            details: { from: '2025-01-01', records: i },
          },
        ]),
      );
    }
    await context.db.transaction((tx) =>
      appendAuditEntries(tx, jurisdictionId, new Date(Date.UTC(2025, 4, 6, 15)), [
        {
          actorType: 'user',
          actorId: coordinatorId,
          action: 'access.break_the_glass',
          subjectType: 'outreach_case',
          subjectId: 'case-17',
          purpose: 'emergency',
          details: { action: 'outreach.read', reason: 'known to our program' },
        },
      ]),
    );
    await context.unusualReads.runOnce(new Date());
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

  it('filters by user, pages, exports the same rows as CSV, and verifies the chain', async () => {
    const page = await signInPage(browser, base, admin, open);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit trail' }).click();
    await page.getByRole('heading', { name: 'Audit trail' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/admin/audit');
    // The broken glass is listed among the unusual reads.
    await page.getByRole('cell', { name: 'Broke the glass' }).waitFor();

    await page.getByLabel('User').fill(analyst);
    await page.getByRole('button', { name: 'Filter' }).click();
    const rows = page.locator('table.audit-table').first().locator('tbody tr');
    // Every row left is the analyst's (the newest entries before were the administrator's sign-in).
    await rows.filter({ hasNotText: analyst }).first().waitFor({ state: 'detached' });
    await rows.first().waitFor();
    assert.equal(await rows.count(), 50);
    await page.screenshot({ path: 'test-results/screenshots/audit-trail-filtered.png', fullPage: true });
    await page.getByRole('button', { name: 'Older' }).click();
    await page.getByText('Page 2').waitFor();
    await rows.nth(10).waitFor({ state: 'detached' });
    await rows.nth(9).waitFor();
    assert.equal(await rows.filter({ hasText: analyst }).count(), 10);

    // The API's count of the same filter, with the page's own session.
    const listed = (await (
      await page.request.get(`${base}/api/v1/admin/audit?user=${encodeURIComponent(analyst)}&limit=500`)
    ).json()) as {
      entries: { seq: number }[];
    };
    assert.equal(listed.entries.length, 60);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export CSV' }).click(),
    ]);
    const csv = readFileSync((await download.path()) as string, 'utf8')
      .trimEnd()
      .split('\r\n');
    assert.equal(csv[0]?.split(',')[0], 'seq');
    assert.deepEqual(
      csv.slice(1).map((line) => Number(line.split(',')[0])),
      listed.entries.map((e) => e.seq),
    );
    assert.ok(csv.slice(1).every((line) => line.includes(analystId)));

    await page.getByRole('button', { name: 'Verify chain' }).click();
    await page.getByRole('status').filter({ hasText: 'Chain intact' }).waitFor();
    await page.screenshot({ path: 'test-results/screenshots/audit-trail-verified.png', fullPage: true });

    await context.db.transaction(async (tx) => {
      await tx.query('alter table audit_entries disable trigger audit_entries_append_only');
      await tx.query(
        `update audit_entries set details = '{"records": 0}' where jurisdiction_id = $1 and seq = 10`,
        [jurisdictionId],
      );
      await tx.query('alter table audit_entries enable trigger audit_entries_append_only');
    });
    await page.getByRole('button', { name: 'Verify chain' }).click();
    await page.getByRole('status').filter({ hasText: 'Chain broken' }).waitFor();
    await page.getByText('entry 10 was changed after it was written').waitFor();
    await page.screenshot({ path: 'test-results/screenshots/audit-trail-broken.png', fullPage: true });
  });
});
