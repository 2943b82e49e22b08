import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { cliActor, type Role } from '../../src/access/roles.js';
import { buildApp } from '../../src/main/app.js';
import type { AppContext } from '../../src/main/app-context.js';
import { seriousViolations } from '../support/accessibility.js';
import { launchBrowser, policyViolations, signInPage } from '../support/browser.js';
import { ManualTime } from '../support/manual-time.js';
import { TEST_PASSWORD } from '../support/sign-in.js';
import { openTestContext, seedJurisdiction } from '../support/test-databases.js';

const SHOTS = 'test-results/screenshots';

// Sessions from the browser: a user signed in twice ends the other session from the Account page, an
// administrator ends a user's sessions, the app says so when a session has ended, an export asks for
// the password again, and the administrator keeps the jurisdiction's settings. The server's clock is
// moved by the test; the browser's is real.
describe('sessions, re-authentication and settings in a real browser', () => {
  const time = new ManualTime(new Date());
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let jurisdictionId: string;
  const open: BrowserContext[] = [];
  const emails = new Map<Role, string>();
  const userIds = new Map<Role, string>();

  before(async () => {
    context = await openTestContext('postgres', { clock: time });
    jurisdictionId = (await seedJurisdiction(context.db, { sessionLifetimes: 'default' })).jurisdiction.id;
    for (const role of ['analyst', 'administrator', 'outreach_coordinator'] as const) {
      const email = `${role}@sessions.example.org`;
      const { id } = await context.access.createUser(cliActor, {
        jurisdictionId,
        email,
        displayName: role,
        role,
        organizationId: null,
        password: TEST_PASSWORD,
      });
      emails.set(role, email);
      userIds.set(role, id);
    }
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

  const signIn = (role: Role) => signInPage(browser, base, emails.get(role) as string, open);
  /** Opens a page from the menu, as a user would (the app asks the server on the way). */
  const openFromMenu = (page: Page, title: string) =>
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: title, exact: true }).click();
  /** The serious and critical accessibility violations axe-core finds on the page. */
  const sessionRows = (page: Page) =>
    page.getByRole('region', { name: 'Where you are signed in' }).locator('tbody tr');

  it('lists both sessions of a user signed in twice, ends the other, and the other is signed out on its next request', async () => {
    const first = await signIn('analyst');
    const second = await signIn('analyst');
    await openFromMenu(first, 'Account');
    await first.getByRole('heading', { name: 'Where you are signed in' }).waitFor();
    await first.getByText('(this session)').waitFor();
    assert.equal(await sessionRows(first).count(), 2);
    assert.match((await sessionRows(first).first().textContent()) ?? '', /Chrome on Linux/);
    assert.match((await sessionRows(first).first().textContent()) ?? '', /127\.0\.0\.1/);
    await first.screenshot({ path: `${SHOTS}/account-sessions-two.png`, fullPage: true });
    assert.deepEqual(await seriousViolations(first), []);

    const end = first.getByRole('button', { name: /^End the session on / });
    assert.equal(await end.count(), 1, 'only the other session can be ended from here');
    await end.click();
    await first.getByRole('status').filter({ hasText: 'Ended the session on' }).waitFor();
    await sessionRows(first).nth(1).waitFor({ state: 'detached' });
    await first.screenshot({ path: `${SHOTS}/account-sessions-one.png`, fullPage: true });

    await openFromMenu(second, 'Records');
    await second.getByText('Your session ended. Sign in again to go on.').waitFor();
    await second.getByLabel('Email').waitFor();
    await second.screenshot({ path: `${SHOTS}/session-ended.png`, fullPage: true });
    // The page that is still signed in goes on.
    await openFromMenu(first, 'Records');
    await first.getByRole('heading', { name: 'Records', level: 1 }).waitFor();
  });

  it("ends every session of a user when an administrator revokes them (by the API, the users page being another package's)", async () => {
    const coordinator = await signIn('outreach_coordinator');
    const admin = await signIn('administrator');
    const answer = await admin.evaluate(
      async (url) => {
        const response = await fetch(url, { method: 'POST', credentials: 'same-origin' });
        return { status: response.status, body: (await response.json()) as { revoked: string[] } };
      },
      `/api/v1/admin/users/${userIds.get('outreach_coordinator')}/sessions/revoke`,
    );
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.revoked.length, 1);
    await openFromMenu(coordinator, 'Account');
    await coordinator.getByText('Your session ended. Sign in again to go on.').waitFor();
    const [entry] = await context.db.query<{ actor_id: string; subject_id: string }>(
      "select actor_id, subject_id from audit_entries where action = 'session.revoke' and details->>'scope' = 'all'",
    );
    assert.deepEqual(entry, {
      actor_id: userIds.get('administrator'),
      subject_id: userIds.get('outreach_coordinator'),
    });
  });

  it('asks for the password in a dialog before an export 10 minutes after sign-in, then downloads it', async () => {
    const page = await signIn('analyst');
    await openFromMenu(page, 'Records');
    time.advance(11 * 60_000);
    await page.getByRole('button', { name: 'Export these records (CSV)' }).click();
    const dialog = page.getByRole('dialog', { name: 'Confirm it is you' });
    await dialog.waitFor();
    // Escape cancels: nothing is exported, and the dialog opens again on the next try.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Export these records (CSV)' }).click();
    await dialog.waitFor();
    // The dialog opens on its password box, so the keyboard alone finishes the task.
    assert.equal(
      await dialog.getByLabel('Password').evaluate((box) => box === box.ownerDocument.activeElement),
      true,
    );
    await page.keyboard.type('not my password');
    await page.keyboard.press('Enter');
    await dialog.getByRole('alert').filter({ hasText: 'The password is not right' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/reauthenticate-dialog.png`, fullPage: true });
    assert.deepEqual(await seriousViolations(page), []);
    await dialog.getByLabel('Password').fill(TEST_PASSWORD);
    const download = page.waitForEvent('download');
    await page.keyboard.press('Enter');
    assert.equal((await download).suggestedFilename().endsWith('.csv'), true);
    await dialog.waitFor({ state: 'hidden' });
  });

  it('lets the administrator keep the settings: a wrong time zone is refused by name, a good change is saved and audited', async () => {
    const page = await signIn('administrator');
    await openFromMenu(page, 'Settings');
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await page.getByText('A second factor is not required').waitFor();
    const zone = page.getByLabel('Time zone (IANA name)');
    await zone.fill('America/Springfield');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('alert').filter({ hasText: 'time_zone' }).waitFor();
    await zone.fill('America/Chicago');
    await page.getByLabel(/^Identifiable data .*idle timeout in minutes$/).fill('10');
    await page
      .getByLabel('Privacy contact (hears of unusual reads of identifiable data)')
      .fill('privacy@sessions.example.org');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await page.getByRole('heading', { name: 'Retention of outreach records' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/settings.png`, fullPage: true });
    assert.deepEqual(await seriousViolations(page), []);
    const [entry] = await context.db.query<{ details: { changed: Record<string, unknown> } }>(
      "select details from audit_entries where jurisdiction_id = $1 and action = 'jurisdiction.update'",
      [jurisdictionId],
    );
    assert.deepEqual(Object.keys(entry?.details.changed ?? {}).sort(), [
      'privacy_contact_email',
      'session_lifetimes.t3.idle_minutes',
      'time_zone',
    ]);
  });
});
