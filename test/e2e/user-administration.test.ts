import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext } from 'playwright-core';
import { setMfaRequired } from '../../src/access/jurisdictions/jurisdiction-repository.js';
import { cliActor } from '../../src/access/roles.js';
import { buildApp } from '../../src/main/app.js';
import type { AppContext } from '../../src/main/app-context.js';
import { createProgram } from '../../src/outreach/program-service.js';
import { seriousViolations } from '../support/accessibility.js';
import { launchBrowser, policyViolations, signInPage } from '../support/browser.js';
import { TEST_PASSWORD } from '../support/sign-in.js';
import { startSmtpInbox } from '../support/smtp-inbox.js';
import { openTestContext, seedJurisdiction } from '../support/test-databases.js';

const SCREENSHOTS = path.resolve('test-results', 'screenshots');
const CHOSEN_PASSWORD = 'lanterns over a quiet harbor';

// Users administration from the browser: an administrator invites an outreach worker, the worker opens
// the mailed link in a browser of their own, sets a password and lands signed in; the administrator
// then disables the account and the worker's session ends.
describe('users administration and invitations in a real browser', () => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let browser: Browser;
  let inbox: Awaited<ReturnType<typeof startSmtpInbox>>;
  let base: string;
  let jurisdictionId: string;
  const open: BrowserContext[] = [];
  const adminEmail = 'administrator@users.example.org';

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    inbox = await startSmtpInbox();
    context = await openTestContext('postgres', { config: { smtpUrl: inbox.url } });
    const { jurisdiction, organization } = await seedJurisdiction(context.db);
    jurisdictionId = jurisdiction.id;
    await context.access.createUser(cliActor, {
      jurisdictionId: jurisdiction.id,
      email: adminEmail,
      displayName: 'Administrator',
      role: 'administrator',
      organizationId: null,
      password: TEST_PASSWORD,
    });
    await createProgram(
      { db: context.db, clock: context.clock },
      cliActor,
      { name: 'Harbor outreach', organization_id: organization.id, service_areas: [] },
      jurisdiction.id,
    );
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

  it('invites a worker who sets a password from the mailed link and lands signed in; disabling ends the session', async () => {
    const admin = await signInPage(browser, base, adminEmail, open);
    await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
    await admin.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    await admin.getByRole('row', { name: /administrator@users\.example\.org/ }).waitFor();
    assert.equal(new URL(admin.url()).pathname, '/admin/users');
    await admin.screenshot({ path: path.join(SCREENSHOTS, 'administrator-users.png'), fullPage: true });
    assert.deepEqual(await seriousViolations(admin), []);

    const form = admin.getByRole('form', { name: 'Invite a user' });
    await form.getByLabel('Email').fill('riley@outreach.example.org');
    await form.getByLabel('Display name').fill('Riley Outreach');
    await form.getByLabel('Role').selectOption({ label: 'Outreach worker' });
    await form.getByLabel('Organization').selectOption({ label: 'County EMS' });
    await form.getByLabel('Harbor outreach').check();
    await form.screenshot({ path: path.join(SCREENSHOTS, 'administrator-invite-form.png') });
    await form.getByRole('button', { name: 'Send invitation' }).click();
    await admin.getByRole('status').getByText('Invitation sent to riley@outreach.example.org.').waitFor();
    const row = admin.getByRole('row', { name: /riley@outreach\.example\.org/ });
    assert.match(String(await row.textContent()), /Outreach worker.*County EMS.*Harbor outreach.*Invited/);

    const mail = inbox.received.find((m) => m.to.includes('riley@outreach.example.org'));
    const link = /(http\S+\/welcome#token=[A-Za-z0-9_-]{43})/.exec(mail?.text ?? '')?.[1];
    assert.ok(link?.startsWith(`${base}/welcome#token=`), `the link points at this server: ${mail?.text}`);

    // The worker opens the link in a browser of their own, signed out.
    const session = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    open.push(session);
    session.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) policyViolations.push(message.text());
    });
    const worker = await session.newPage();
    await worker.goto(link as string);
    await worker.getByText('riley@outreach.example.org').waitFor();
    assert.equal(new URL(worker.url()).hash, '', 'the token leaves the address bar once read');
    await worker.screenshot({ path: path.join(SCREENSHOTS, 'invited-welcome.png'), fullPage: true });
    assert.deepEqual(await seriousViolations(worker), []);
    await worker.getByLabel('New password').fill(CHOSEN_PASSWORD);
    await worker.getByLabel('Repeat the password').fill(`${CHOSEN_PASSWORD}!`);
    await worker.getByRole('button', { name: 'Set password and sign in' }).click();
    await worker
      .getByRole('alert')
      .getByText(/passwords differ/)
      .waitFor();
    await worker.getByLabel('Repeat the password').fill(CHOSEN_PASSWORD);
    await worker.getByRole('button', { name: 'Set password and sign in' }).click();
    const menu = worker.getByRole('navigation', { name: 'Main' });
    await menu.locator('a[aria-current="page"]', { hasText: 'My queue' }).waitFor();
    await worker.screenshot({ path: path.join(SCREENSHOTS, 'invited-signed-in.png'), fullPage: true });

    // A second use of the link is refused, in the same words whatever the reason.
    const again = await (await browser.newContext()).newPage();
    open.push(again.context());
    await again.goto(link as string);
    await again
      .getByRole('alert')
      .getByText(/not valid/)
      .waitFor();

    await admin.reload();
    await admin
      .getByRole('row', { name: /riley@outreach\.example\.org/ })
      .filter({ hasText: 'Active' })
      .waitFor();
    await admin
      .getByRole('row', { name: /riley@outreach\.example\.org/ })
      .getByRole('button', { name: /Open/ })
      .click();
    const panel = admin.getByRole('region', { name: /Riley Outreach/ });
    await panel.getByRole('button', { name: 'Reset second factors' }).click();
    // The MFA administration's route answers here once it is merged; until then its error is shown.
    await panel.getByRole('alert').or(panel.getByRole('status')).first().waitFor();
    await panel.getByRole('button', { name: 'Disable user' }).click();
    await panel
      .getByRole('status')
      .getByText(/every session was signed out/)
      .waitFor();
    await admin.screenshot({
      path: path.join(SCREENSHOTS, 'administrator-user-disabled.png'),
      fullPage: true,
    });

    await worker.reload();
    await worker.getByRole('button', { name: 'Sign in' }).waitFor();
  });

  it('lands an invited analyst on Account where a second factor is required, and changes the password there', async () => {
    const admin = await signInPage(browser, base, adminEmail, open);
    await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
    const form = admin.getByRole('form', { name: 'Invite a user' });
    await form.getByLabel('Email').fill('casey@health.example.org');
    await form.getByLabel('Display name').fill('Casey Analyst');
    await form.getByLabel('Role').selectOption({ label: 'Public health analyst' });
    await form.getByRole('button', { name: 'Send invitation' }).click();
    await admin.getByRole('status').getByText('Invitation sent to casey@health.example.org.').waitFor();
    const mail = inbox.received.find((m) => m.to.includes('casey@health.example.org'));
    const link = /(http\S+\/welcome#token=[A-Za-z0-9_-]{43})/.exec(mail?.text ?? '')?.[1] as string;
    // The jurisdiction requires a second factor of analysts from now on; Casey has none yet.
    await setMfaRequired(context.db, jurisdictionId, true);

    const session = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    open.push(session);
    const analyst = await session.newPage();
    await analyst.goto(link);
    await analyst.getByLabel('New password').fill(CHOSEN_PASSWORD);
    await analyst.getByLabel('Repeat the password').fill(CHOSEN_PASSWORD);
    await analyst.getByRole('button', { name: 'Set password and sign in' }).click();
    await analyst.getByRole('heading', { name: 'Your account' }).waitFor();
    assert.equal(new URL(analyst.url()).pathname, '/account');
    await analyst
      .getByText(/requires a second factor/)
      .first()
      .waitFor();

    const change = analyst.getByRole('region', { name: 'Change password' });
    await change.getByLabel('Current password').fill(CHOSEN_PASSWORD);
    await change.getByLabel('New password', { exact: true }).fill('a different long passphrase');
    await change.getByLabel('Repeat the new password').fill('a different long passphrase');
    await change.getByRole('button', { name: 'Change password' }).click();
    await change
      .getByRole('status')
      .getByText(/Password changed\. 0 other sessions were signed out\./)
      .waitFor();
    await analyst.screenshot({
      path: path.join(SCREENSHOTS, 'invited-account-password.png'),
      fullPage: true,
    });
    await setMfaRequired(context.db, jurisdictionId, false);
  });
});
