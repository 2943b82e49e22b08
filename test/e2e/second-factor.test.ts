import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { setMfaRequired } from '../../src/access/jurisdictions/jurisdiction-repository.js';
import { cliActor } from '../../src/access/roles.js';
import { buildApp } from '../../src/main/app.js';
import type { AppContext } from '../../src/main/app-context.js';
import { seriousViolations } from '../support/accessibility.js';
import { launchBrowser, policyViolations, signInPage } from '../support/browser.js';
import { TEST_PASSWORD } from '../support/sign-in.js';
import { openTestContext, seedJurisdiction } from '../support/test-databases.js';
import { base32Decode, codeAt } from '../support/totp-codes.js';

const SCREENSHOTS = path.resolve('test-results', 'screenshots');
const PHONE = { width: 390, height: 844 };

// Second factors from the browser: a user enrols an authenticator app on the Account page, signs out
// and signs in with password and code; another enrols a passkey (Chromium's virtual authenticator)
// and signs in with it.
describe('second factors in a real browser', () => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  const open: BrowserContext[] = [];

  before(async () => {
    context = await openTestContext('postgres');
    const { jurisdiction } = await seedJurisdiction(context.db);
    for (const email of ['totp@mfa.example.org', 'passkey@mfa.example.org']) {
      await context.access.createUser(cliActor, {
        jurisdictionId: jurisdiction.id,
        email,
        displayName: 'Analyst',
        role: 'analyst',
        organizationId: null,
        password: TEST_PASSWORD,
      });
    }
    // A jurisdiction that requires a second factor, with an analyst who has none yet.
    const { jurisdiction: strict } = await seedJurisdiction(context.db);
    await setMfaRequired(context.db, strict.id, true);
    await context.access.createUser(cliActor, {
      jurisdictionId: strict.id,
      email: 'required@mfa.example.org',
      displayName: 'Analyst',
      role: 'analyst',
      organizationId: null,
      password: TEST_PASSWORD,
    });
    app = await buildApp(context);
    await app.listen({ host: '127.0.0.1', port: 0 });
    // A passkey is bound to a host name (an address is no relying party id): browse to localhost.
    base = `http://localhost:${(app.server.address() as AddressInfo).port}`;
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

  /** Signs out from the top bar and signs in with the password, up to the second step. */
  async function signOutAndIn(page: Page, email: string): Promise<void> {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Confirm it is you with your second factor.').waitFor();
  }

  it('enrols an authenticator app on the Account page, then signs in with password and code', async () => {
    const email = 'totp@mfa.example.org';
    const page = await signInPage(browser, base, email, open);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Account' }).click();
    await page.getByText('You have no second factor yet.').waitFor();
    await page.getByLabel('App name').fill('Work phone');
    await page.getByRole('button', { name: 'Add an authenticator app' }).click();
    const qr = page.getByRole('img', { name: 'QR code of your new authenticator secret' });
    await qr.waitFor();
    assert.ok(((await qr.boundingBox())?.width ?? 0) > 100, 'the QR code is drawn');
    const secret = base32Decode(String(await page.locator('#totp-secret').textContent()).replace(/\s/g, ''));
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'second-factor-totp-enrolment.png'),
      fullPage: true,
    });
    await page.getByLabel('Code from the app').fill(codeAt(secret, new Date()));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('status').getByText('Authenticator app "Work phone" added.').waitFor();
    const codes = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
    assert.equal(await codes.count(), 10);
    assert.match(
      String(await page.getByRole('row', { name: /Work phone/ }).textContent()),
      /Authenticator app/,
    );
    assert.deepEqual(await seriousViolations(page), []);
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'second-factor-recovery-codes.png'),
      fullPage: true,
    });

    await signOutAndIn(page, email);
    const field = page.getByLabel('Code from your authenticator app');
    await field.fill('000000');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('alert').getByText('The code or passkey was not accepted').waitFor();
    // The code of the next step: later than the step the enrolment used, and within the window.
    await field.fill(codeAt(secret, new Date(Date.now() + 30_000)));
    assert.deepEqual(await seriousViolations(page), []);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'second-factor-sign-in.png'), fullPage: true });
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Account' }).click();
    assert.doesNotMatch(
      String(await page.getByRole('row', { name: /Work phone/ }).textContent()),
      /never/,
      'the app shows when it was last used',
    );
  });

  it('enrols a passkey with a virtual authenticator and signs in with it, on a phone', async () => {
    const email = 'passkey@mfa.example.org';
    const page = await signInPage(browser, base, email, open, PHONE);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
      },
    });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Account' }).click();
    await page.getByLabel('Passkey name').fill('This phone');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.getByRole('status').getByText('Passkey "This phone" added.').waitFor();
    assert.equal(await page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').count(), 10);
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'second-factor-passkey-added-phone.png'),
      fullPage: true,
    });

    await signOutAndIn(page, email);
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'second-factor-passkey-sign-in-phone.png'),
      fullPage: true,
    });
    await page.getByRole('button', { name: 'Use a passkey' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    const [used] = await context.db.query<{ last_used_at: Date | null }>(
      `select f.last_used_at from second_factors f join users u on u.id = f.user_id
       where u.email = $1 and f.kind = 'webauthn'`,
      [email],
    );
    assert.ok(used?.last_used_at, 'the passkey signed the sign-in');
  });

  it('sends an analyst who owes a second factor to Account, and the records open once one is set up', async () => {
    const page = await signInPage(browser, base, 'required@mfa.example.org', open);
    await page.waitForURL(/\/account$/);
    await page
      .getByText('Your jurisdiction requires a second factor before you can see line-level')
      .waitFor();
    const menu = page.getByRole('navigation', { name: 'Main' });
    await menu.getByRole('link', { name: 'Records' }).click();
    await page
      .getByRole('alert')
      .getByText(/requires a second factor before T2 data/)
      .waitFor();
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'second-factor-required-records.png'),
      fullPage: true,
    });
    await menu.getByRole('link', { name: 'Account' }).click();
    await page.getByRole('button', { name: 'Add an authenticator app' }).click();
    const secret = base32Decode(String(await page.locator('#totp-secret').textContent()).replace(/\s/g, ''));
    await page.getByLabel('Code from the app').fill(codeAt(secret, new Date()));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('status').getByText('added.').waitFor();
    await page.getByText('Your jurisdiction requires a second factor before').waitFor({ state: 'detached' });
    assert.equal(await page.getByRole('button', { name: /^Remove/ }).count(), 0, 'the only factor stays');
    await menu.getByRole('link', { name: 'Records' }).click();
    await page.getByText('No records in this range.').waitFor();
    assert.equal(await page.getByText('requires a second factor').count(), 0);
  });
});
