import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { TEST_PASSWORD } from './sign-in.js';

/** Debian's Chromium (installed by scripts/ensure-test-deps.sh); SOS_CHROMIUM points elsewhere. */
export function chromiumPath(): string {
  const candidates = [process.env.SOS_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find((c): c is string => !!c && existsSync(c));
  if (!found) throw new Error('Chromium is missing: run scripts/ensure-test-deps.sh (or set SOS_CHROMIUM)');
  return found;
}

/**
 * Starts headless Chromium with nothing that reaches the network on its own (no updates, sync or
 * background requests); playwright gives each launch a fresh profile directory.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * What the Content-Security-Policy blocked in the sessions signInPage opened (Chromium logs each
 * refusal to the console); the suites check it is empty after each test.
 */
export const policyViolations: string[] = [];

/**
 * A fresh browser session signed in with the test password, on the page the user lands on. Its
 * context is added to `open`, so the suite can close every session after each test.
 */
export async function signInPage(
  browser: Browser,
  base: string,
  email: string,
  open: BrowserContext[],
  viewport = { width: 1280, height: 900 },
): Promise<Page> {
  const session = await browser.newContext({ viewport, acceptDownloads: true });
  open.push(session);
  session.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) policyViolations.push(message.text());
  });
  const page = await session.newPage();
  await page.goto(`${base}/`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  return page;
}
