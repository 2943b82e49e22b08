import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

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
