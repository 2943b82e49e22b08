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
import { launchBrowser, policyViolations } from '../support/browser.js';
import { startTestProvider, type TestProvider } from '../support/oidc-test-provider.js';
import { TEST_PASSWORD } from '../support/sign-in.js';
import { openTestContext, seedJurisdiction } from '../support/test-databases.js';

const SCREENSHOTS = path.resolve('test-results', 'screenshots');

// Single sign-on in a real browser: "Sign in with <provider>" on the sign-in page, the provider's own
// login and consent pages (oidc-provider on 127.0.0.1), and back in SOS signed in; a refusal comes back
// to the sign-in page with its reason.
describe('single sign-on in a real browser', () => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let browser: Browser;
  let provider: TestProvider;
  let base: string;
  const open: BrowserContext[] = [];

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    context = await openTestContext('postgres');
    const { jurisdiction } = await seedJurisdiction(context.db);
    for (const [email, role] of [
      ['admin@sso-browser.example.org', 'administrator'],
      ['ana@sso-browser.example.org', 'analyst'],
    ] as const) {
      await context.access.createUser(cliActor, {
        jurisdictionId: jurisdiction.id,
        email,
        displayName: email,
        role,
        organizationId: null,
        password: TEST_PASSWORD,
      });
    }
    app = await buildApp(context);
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    provider = await startTestProvider(`${base}/api/v1/auth/oidc/callback`);
    provider.accounts.set('ana', {
      email: 'ana@sso-browser.example.org',
      email_verified: true,
      name: 'Ana',
      groups: ['staff'],
    });
    provider.accounts.set('stranger', {
      email: 'stranger@sso-browser.example.org',
      email_verified: true,
      name: 'Stranger',
      groups: [],
    });
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'admin@sso-browser.example.org', password: TEST_PASSWORD },
    });
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/admin/identity-providers',
      headers: {
        cookie: String(login.headers['set-cookie']).split(';')[0] as string,
        origin: 'http://localhost',
      },
      payload: {
        display_name: 'County Login',
        issuer_url: provider.issuer,
        client_id: provider.clientId,
        client_secret: provider.clientSecret,
      },
    });
    assert.equal(created.statusCode, 201, created.body);
    browser = await launchBrowser();
  });
  afterEach(async () => {
    for (const c of open.splice(0)) await c.close().catch(() => {});
    assert.deepEqual(policyViolations.splice(0), [], 'the Content-Security-Policy blocked nothing');
  });
  after(async () => {
    await browser?.close();
    await provider?.close();
    await app?.close();
    await context?.dispose();
  });

  /** A fresh browser at the sign-in page, through the provider's pages as `login`. */
  const signInWithProvider = async (login: string, shot: string): Promise<Page> => {
    const session = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    open.push(session);
    session.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) policyViolations.push(message.text());
    });
    const page = await session.newPage();
    await page.goto(`${base}/`);
    const link = page.getByRole('link', { name: 'Sign in with County Login' });
    await link.waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, `sso-${shot}-1-sign-in-page.png`) });
    await link.click();
    await page.waitForURL((url) => url.origin === provider.issuer);
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('anything');
    await page.screenshot({ path: path.join(SCREENSHOTS, `sso-${shot}-2-provider-login.png`) });
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((url) => url.origin === base);
    return page;
  };

  it('signs in with the provider and comes back signed in', async () => {
    const page = await signInWithProvider('ana', 'ok');
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    assert.equal(await page.locator('.who').textContent(), 'Public health analyst');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'sso-ok-3-signed-in.png') });
  });

  it('comes back to the sign-in page with the reason when SOS refuses the user', async () => {
    const page = await signInWithProvider('stranger', 'refused');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(
      (await alert.textContent()) ?? '',
      /did not sign you in: SOS has no account for stranger@sso-browser\.example\.org/,
    );
    assert.equal(new URL(page.url()).hash, '', 'the reason leaves the address bar');
    assert.equal(await page.getByRole('navigation', { name: 'Main' }).count(), 0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'sso-refused-3-sign-in-page.png') });
  });
});
