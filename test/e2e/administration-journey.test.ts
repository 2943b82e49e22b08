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
import { launchBrowser, policyViolations, signInPage } from '../support/browser.js';
import { ManualTime } from '../support/manual-time.js';
import { TEST_PASSWORD } from '../support/sign-in.js';
import { startSmtpInbox } from '../support/smtp-inbox.js';
import { openTestContext, seedJurisdiction } from '../support/test-databases.js';
import { base32Decode, codeAt } from '../support/totp-codes.js';

const SCREENSHOTS = path.resolve('test-results', 'screenshots');
const HOUR = 3_600_000;
const CHOSEN_PASSWORD = 'seven herons over the estuary';

// The whole administration journey in one browser run, each step through the pages: an
// administrator invites an analyst; the analyst sets a password from the mailed link, enrols an
// authenticator app and signs in with it; the administrator creates an API key, a system uses it, the
// key is rotated (the old key works during the overlap, then not), and the administrator ends the
// analyst's sessions, which signs the analyst's browser out.
describe('the administration journey in a real browser', () => {
  const time = new ManualTime(new Date());
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let browser: Browser;
  let inbox: Awaited<ReturnType<typeof startSmtpInbox>>;
  let base: string;
  const open: BrowserContext[] = [];
  const adminEmail = 'administrator@journey.example.org';
  const analystEmail = 'morgan@health.example.org';
  let reportNumber = 0;

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    inbox = await startSmtpInbox();
    context = await openTestContext('postgres', { clock: time, config: { smtpUrl: inbox.url } });
    const { jurisdiction } = await seedJurisdiction(context.db);
    await context.access.createUser(cliActor, {
      jurisdictionId: jurisdiction.id,
      email: adminEmail,
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
    await inbox?.close();
  });

  /** A browser of its own, signed out (the analyst's own machine). */
  const freshPage = async (): Promise<Page> => {
    const session = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    open.push(session);
    return session.newPage();
  };

  /** What the server answers a system that sends one new report with this key. */
  const submitWith = async (key: string) =>
    (
      await fetch(`${base}/api/v1/reports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          source_record_id: `journey-${++reportNumber}`,
          occurred_at: new Date(time.now().getTime() - HOUR).toISOString(),
          latitude: 41.77,
          longitude: -72.68,
          fatal: false,
        }),
      })
    ).status;

  const menuLink = (page: Page, name: string) =>
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name });

  it('invites, enrols a second factor, signs in with it, issues and rotates a key, and ends a session', async () => {
    // 1. The administrator invites an analyst.
    const admin = await signInPage(browser, base, adminEmail, open);
    await menuLink(admin, 'Users').click();
    const invite = admin.getByRole('form', { name: 'Invite a user' });
    await invite.getByLabel('Email').fill(analystEmail);
    await invite.getByLabel('Display name').fill('Morgan Analyst');
    await invite.getByLabel('Role').selectOption({ label: 'Public health analyst' });
    await invite.getByRole('button', { name: 'Send invitation' }).click();
    await admin.getByRole('status').getByText(`Invitation sent to ${analystEmail}.`).waitFor();
    await admin.screenshot({ path: path.join(SCREENSHOTS, 'journey-1-invited.png'), fullPage: true });

    // 2. The analyst opens the mailed link on a machine of their own and sets a password.
    const mail = inbox.received.find((m) => m.to.includes(analystEmail));
    const link = /(http\S+\/welcome#token=[A-Za-z0-9_-]{43})/.exec(mail?.text ?? '')?.[1];
    assert.ok(link, `the mail holds the link: ${mail?.text}`);
    const analyst = await freshPage();
    await analyst.goto(link);
    await analyst.getByText(analystEmail).waitFor();
    await analyst.getByLabel('New password').fill(CHOSEN_PASSWORD);
    await analyst.getByLabel('Repeat the password').fill(CHOSEN_PASSWORD);
    await analyst.getByRole('button', { name: 'Set password and sign in' }).click();
    await menuLink(analyst, 'Dashboard').waitFor();
    await analyst.screenshot({ path: path.join(SCREENSHOTS, 'journey-2-password-set.png'), fullPage: true });

    // 3. The analyst enrols an authenticator app on Account.
    await menuLink(analyst, 'Account').click();
    await analyst.getByLabel('App name').fill('Work phone');
    await analyst.getByRole('button', { name: 'Add an authenticator app' }).click();
    await analyst.getByRole('img', { name: 'QR code of your new authenticator secret' }).waitFor();
    const secret = base32Decode(
      String(await analyst.locator('#totp-secret').textContent()).replace(/\s/g, ''),
    );
    await analyst.getByLabel('Code from the app').fill(codeAt(secret, time.now()));
    await analyst.getByRole('button', { name: 'Confirm' }).click();
    await analyst.getByRole('status').getByText('Authenticator app "Work phone" added.').waitFor();
    assert.equal(
      await analyst.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').count(),
      10,
    );
    await analyst.screenshot({ path: path.join(SCREENSHOTS, 'journey-3-totp-enrolled.png'), fullPage: true });

    // 4. Signed out, the analyst signs in with the password and a code from the app.
    await analyst.getByRole('button', { name: 'Sign out' }).click();
    await analyst.getByLabel('Email').fill(analystEmail);
    await analyst.getByLabel('Password').fill(CHOSEN_PASSWORD);
    await analyst.getByRole('button', { name: 'Sign in' }).click();
    await analyst.getByText('Confirm it is you with your second factor.').waitFor();
    assert.equal(await menuLink(analyst, 'Dashboard').count(), 0, 'no page before the second factor');
    time.advance(30_000); // the next step of the app: a code is good once
    await analyst.getByLabel('Code from your authenticator app').fill(codeAt(secret, time.now()));
    await analyst.screenshot({ path: path.join(SCREENSHOTS, 'journey-4-second-step.png'), fullPage: true });
    await analyst.getByRole('button', { name: 'Verify' }).click();
    await menuLink(analyst, 'Dashboard').waitFor();
    const [session] = await context.db.query<{ second_factor_at: Date | null }>(
      `select s.second_factor_at from sessions s join users u on u.id = s.user_id
       where u.email = $1 and s.revoked_at is null order by s.created_at desc limit 1`,
      [analystEmail],
    );
    assert.ok(session?.second_factor_at, 'the session gave its second factor');

    // 5. The administrator issues an API key for County EMS; its system submits with it.
    await menuLink(admin, 'Organizations').click();
    await admin.getByRole('button', { name: 'Manage County EMS' }).click();
    const keys = admin.getByRole('region', { name: 'API keys of County EMS' });
    await keys.getByLabel('Name (which system holds it)').fill('ePCR feed');
    await keys.getByRole('button', { name: 'Create key' }).click();
    const shown = admin.getByRole('region', { name: 'New API key' });
    const first = await shown.getByLabel('The new API key').inputValue();
    assert.match(first, /^sos_/);
    await admin.screenshot({ path: path.join(SCREENSHOTS, 'journey-5-key-created.png'), fullPage: true });
    assert.equal(await submitWith(first), 201, 'the new key submits a report');
    await keys.getByRole('button', { name: 'I have stored it' }).click();

    // 6. Rotated with a one-hour overlap: both keys work, then the old one no longer.
    await keys.getByRole('button', { name: 'Rotate ePCR feed' }).click();
    await keys.getByLabel(/Old key works for/).fill('1');
    await keys.getByRole('button', { name: 'Rotate now' }).click();
    await keys.getByText(/"ePCR feed" rotated: the old key works until/).waitFor();
    const second = await shown.getByLabel('The new API key').inputValue();
    assert.notEqual(second, first);
    assert.equal(await submitWith(first), 201, 'the old key works during the overlap');
    assert.equal(await submitWith(second), 201, 'and so does the new one');
    await admin.screenshot({ path: path.join(SCREENSHOTS, 'journey-6-key-rotated.png'), fullPage: true });
    time.advance(HOUR);
    assert.equal(await submitWith(first), 401, 'the old key is refused once the overlap has ended');
    assert.equal(await submitWith(second), 201, 'the new key goes on');

    // 7. The administrator ends the analyst's sessions; the analyst's browser is signed out.
    await menuLink(admin, 'Users').click();
    await admin
      .getByRole('row', { name: new RegExp(analystEmail.replace('.', '\\.')) })
      .getByRole('button', { name: /Open/ })
      .click();
    const sessions = admin.getByRole('region', { name: 'Sessions' });
    await sessions.getByRole('listitem').first().waitFor();
    await sessions.getByRole('button', { name: 'End all sessions' }).click();
    await sessions.getByRole('status').getByText(`of ${analystEmail}.`, { exact: false }).waitFor();
    await admin.screenshot({ path: path.join(SCREENSHOTS, 'journey-7-sessions-ended.png'), fullPage: true });
    // The dashboard's next request (its live stream, or this click) meets the ended session.
    await menuLink(analyst, 'Records')
      .click({ timeout: 5_000 })
      .catch(() => {});
    await analyst.getByText('Your session ended. Sign in again to go on.').waitFor();
    await analyst.screenshot({ path: path.join(SCREENSHOTS, 'journey-8-signed-out.png'), fullPage: true });
  });
});
