import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext } from 'playwright-core';
import { cliActor } from '../../src/access/roles.js';
import { buildApp } from '../../src/main/app.js';
import type { AppContext } from '../../src/main/app-context.js';
import { launchBrowser, policyViolations, signInPage } from '../support/browser.js';
import { ManualTime } from '../support/manual-time.js';
import { OUTCOMES_HAND_COUNTS as HAND, seedOutcomesProgram } from '../support/outcomes-seed.js';
import { TEST_PASSWORD } from '../support/sign-in.js';
import { openTestContext, seedJurisdiction } from '../support/test-databases.js';

// The coordinator's program view shows the program's outcomes: the seeded program's hand counts,
// with their denominators, and the funder CSV downloads from the same section.
describe('program outcomes in a real browser', () => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  const open: BrowserContext[] = [];
  const email = 'casey@outcomes.example.org';

  before(async () => {
    context = await openTestContext('postgres', { clock: new ManualTime(new Date('2026-06-15T12:00:00Z')) });
    const { jurisdiction } = await seedJurisdiction(context.db, { timeZone: 'America/New_York' });
    const { id } = await context.access.createUser(cliActor, {
      jurisdictionId: jurisdiction.id,
      email,
      displayName: 'Casey Coordinator',
      role: 'outreach_coordinator',
      organizationId: null,
      password: TEST_PASSWORD,
    });
    await seedOutcomesProgram(context.db, jurisdiction.id, [id], 'Outcomes Program');
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

  it("shows the seeded program's funnel with denominators, and downloads the funder CSV", async () => {
    const page = await signInPage(browser, base, email, open);
    await page.goto(`${base}/outreach/program`);
    const section = page.getByRole('region', { name: 'Outcomes' });
    await section.locator('input[type=date]').first().fill('2026-02-01');
    await section.locator('input[type=date]').nth(1).fill('2026-02-28');
    await section.getByText('Cases whose response clock started 2026-02-01 to 2026-02-28').waitFor();
    const funnel = section.locator('table.outcomes-funnel');
    const step = async (label: string) =>
      (
        await funnel
          .locator('tr', { has: page.getByRole('rowheader', { name: label, exact: true }) })
          .locator('td')
          .textContent()
      )?.trim();
    assert.equal(await step('Eligible overdoses'), String(HAND.eligibleOverdoses));
    assert.equal(await step('Cases attempted'), `${HAND.attempted} of ${HAND.cases}`);
    assert.equal(await step('People attempted'), String(HAND.peopleAttempted));
    assert.equal(await step('Reached'), `${HAND.reached} of ${HAND.cases}`);
    assert.equal(
      await step('Engaged through their network'),
      `${HAND.engagedThroughNetwork} of ${HAND.engaged}`,
    );
    assert.equal(await step('Refused'), `${HAND.refused} of ${HAND.cases}`);
    const firstAttempt = section.locator('tr', {
      has: page.getByRole('rowheader', { name: 'First attempt' }),
    });
    assert.deepEqual(
      (await firstAttempt.locator('td').allTextContents()).map((t) => t.trim()),
      ['3 h', '80 h', `${HAND.hoursToFirstAttempt.within72h} of ${HAND.hoursToFirstAttempt.of}`],
    );
    await section.getByLabel('Breakdown').selectOption('team_composition');
    const police = section.locator('table.outcomes-breakdown tr', {
      has: page.getByRole('rowheader', { name: 'Law enforcement present' }),
    });
    assert.deepEqual(
      (await police.locator('td').allTextContents()).map((t) => t.trim()),
      ['10', '10 of 10', '10 of 10', '0 of 10'],
    );

    // A narrower period: small counts read "<10".
    await section.locator('input[type=date]').nth(1).fill('2026-02-08');
    await section.getByText('Cases whose response clock started 2026-02-01 to 2026-02-08').waitFor();
    assert.equal(await step('People attempted'), '<10');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      section.getByRole('link', { name: 'Download CSV' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^sos-outcomes-.*-2026-02-01-to-2026-02-08\.csv$/);
    const csv = readFileSync((await download.path()) as string, 'utf8');
    assert.ok(csv.startsWith('table,row,column,value,unit'));
    assert.match(csv, /^funnel,all,people_attempted,<10,count\r$/m);
  });
});
