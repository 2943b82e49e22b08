import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { type AppPage, appPages } from '../../common/app-pages.js';
import type { Role } from '../../src/access/roles.js';
import { signInPage } from '../support/browser.js';
import { type DemoSite, openDemoSite } from '../support/demo-site.js';

/** Each role's menu, as the router gives it; every page of the app is in at least one. */
const MENUS: Record<Role, AppPage[]> = {
  analyst: [
    'dashboard',
    'records',
    'linkage',
    'alerts',
    'rules',
    'reports',
    'briefs',
    'announcements',
    'community-alerts',
    'naloxone',
    'drug-checking',
    'fatality-reviews',
    'exchange',
    'entry',
    'resources',
    'wellbeing',
    'account',
  ],
  public_safety_analyst: [
    'dashboard',
    'alerts',
    'reports',
    'briefs',
    'announcements',
    'naloxone',
    'drug-checking',
    'resources',
    'wellbeing',
    'account',
  ],
  harm_reduction_partner: [
    'dashboard',
    'alerts',
    'reports',
    'briefs',
    'announcements',
    'community-alerts',
    'naloxone',
    'drug-checking',
    'resources',
    'account',
  ],
  submitter: ['entry', 'exchange', 'account'],
  administrator: [
    'home',
    'users',
    'organizations',
    'settings',
    'audit',
    'security',
    'rules',
    'reports',
    'wellbeing',
    'agreements',
    'account',
  ],
  outreach_coordinator: [
    'program-queue',
    'my-queue',
    'alerts',
    'naloxone',
    'fatality-reviews',
    'resources',
    'account',
  ],
  outreach_worker: ['my-queue', 'resources', 'account'],
  service_provider: ['referrals', 'account'],
  outreach_oversight: ['home', 'fatality-reviews', 'account'],
};

/** Records what goes wrong in the page into `problems`: console errors, exceptions, failed requests. */
function watchForProblems(page: Page, role: Role, problems: string[]): void {
  const where = () => new URL(page.url()).pathname;
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${role} ${where()}: console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`${role} ${where()}: exception: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400)
      problems.push(
        `${role} ${where()}: ${response.status()} ${response.request().method()} ${response.url()}`,
      );
  });
  page.on('requestfailed', (request) => {
    // Leaving a page cancels what it still had open (its live stream); that is not a failure.
    if (request.failure()?.errorText !== 'net::ERR_ABORTED')
      problems.push(`${role} ${where()}: failed ${request.url()}: ${request.failure()?.errorText}`);
  });
}

describe('every page of the app at its own URL', () => {
  let site: DemoSite;
  const open: BrowserContext[] = [];
  before(async () => {
    site = await openDemoSite(Object.keys(MENUS) as Role[]);
  });
  afterEach(async () => {
    for (const c of open.splice(0)) await c.close().catch(() => {});
  });
  after(() => site?.close());

  const signIn = (role: Role) => signInPage(site.browser, site.base, site.emails.get(role) as string, open);

  /** Waits for the page the app shows to be `expected`: the menu marks it and it has a heading. */
  const showsPage = async (page: Page, expected: AppPage) => {
    const current = page.locator('nav a[aria-current="page"]');
    await current.filter({ hasText: appPages[expected].title }).waitFor();
    await page.locator('main h1').first().waitFor();
  };

  it('loads each page directly (a reload or a bookmark), signed in, as the page and not as JSON', async () => {
    const covered = new Set(Object.values(MENUS).flat());
    assert.deepEqual([...covered].sort(), Object.keys(appPages).sort(), 'a page no role can open');
    for (const name of Object.keys(appPages) as AppPage[]) {
      const role = (Object.keys(MENUS) as Role[]).find((r) => MENUS[r].includes(name)) as Role;
      const page = await signIn(role);
      const response = await page.goto(`${site.base}${appPages[name].path}`);
      assert.equal(response?.status(), 200, name);
      assert.match(response?.headers()['content-type'] ?? '', /^text\/html/, name);
      await showsPage(page, name);
      await page.reload();
      await showsPage(page, name);
      await page.context().close();
    }
  });

  it('shows no console error and no failed request on any page, for any role, signed out included', async () => {
    const problems: string[] = [];
    for (const role of Object.keys(MENUS) as Role[]) {
      const session = await site.browser.newContext({ viewport: { width: 1280, height: 900 } });
      open.push(session);
      const page = await session.newPage();
      watchForProblems(page, role, problems);
      await page.goto(`${site.base}/`);
      await page.getByLabel('Email').waitFor();
      await page.waitForLoadState('networkidle');
      await page.getByLabel('Email').fill(site.emails.get(role) as string);
      await page.getByLabel('Password').fill('a long enough password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('navigation', { name: 'Main' }).waitFor();
      for (const name of MENUS[role]) {
        await page.goto(`${site.base}${appPages[name].path}`);
        await showsPage(page, name);
        await page.waitForLoadState('networkidle');
      }
      await session.close();
    }
    assert.deepEqual(problems, []);
  });

  it('shows an administrator the administration pages, each opening from its link, and the host tasks', async () => {
    const page = await signIn('administrator');
    await page.getByRole('heading', { level: 1, name: 'Administration' }).waitFor();
    const links = page.locator('main .admin-pages a');
    assert.deepEqual(await links.allTextContents(), [
      'Users',
      'Organizations',
      'Settings',
      'Audit trail',
      'Keys and backups',
      'Agreements',
    ]);
    const commands = (await page.locator('main dd code').allTextContents()).map((c) => c.split(' --')[0]);
    assert.deepEqual(commands, [
      'sos jurisdiction create',
      'sos layer import FILE.geojson',
      'sos backup',
      'sos audit verify',
    ]);
    await page.screenshot({ path: 'test-results/screenshots/administrator-home.png', fullPage: true });
    await links.filter({ hasText: 'Keys and backups' }).click();
    await showsPage(page, 'security');
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Administration' }).waitFor();
  });
});
