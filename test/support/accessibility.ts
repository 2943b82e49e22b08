import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

/** The ids of the serious and critical axe-core violations on the page as it stands. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated by the debugger, not as an inline <script>, which the app's CSP refuses.
  await page.evaluate(readFileSync(path.resolve('node_modules', 'axe-core', 'axe.min.js'), 'utf8'));
  const result = (await page.evaluate(() =>
    (globalThis as unknown as { axe: { run(): Promise<unknown> } }).axe.run(),
  )) as { violations: { id: string; impact: string | null }[] };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
}
