import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext } from 'playwright-core';
import { cliActor } from '../../src/access/roles.js';
import { ingestReports } from '../../src/intake/intake-service.js';
import { verifyPush } from '../../src/interop/push-signature.js';
import { buildApp } from '../../src/main/app.js';
import type { AppContext } from '../../src/main/app-context.js';
import { parseRangeList } from '../../src/platform/ip-ranges.js';
import { seriousViolations } from '../support/accessibility.js';
import { launchBrowser, policyViolations, signInPage } from '../support/browser.js';
import { OWN_ORIGIN, signInRoles, TEST_PASSWORD } from '../support/sign-in.js';
import { openTestContext, seedJurisdiction } from '../support/test-databases.js';

const SCREENSHOTS = path.resolve('test-results', 'screenshots');
const SECRET = 'the state hub shared secret';

// The data exchange page in a browser: an analyst downloads an agency's ODMAP CSV (its rows counted
// against SQL over the agency's overdoses) and sets up a push connector, whose test a loopback
// receiver gets signed.
describe('data exchange in a real browser', () => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let receiver: Server;
  let receiverPort: number;
  let jurisdictionId: string;
  let emsId: string;
  const received: { body: string; timestamp: string; signature: string }[] = [];
  const open: BrowserContext[] = [];
  const email = 'analyst@exchange.example.org';
  const submitterEmail = 'clerk@exchange.example.org';

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({
          body: Buffer.concat(chunks).toString('utf8'),
          timestamp: String(request.headers['x-sos-timestamp']),
          signature: String(request.headers['x-sos-signature']),
        });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
    receiverPort = (receiver.address() as AddressInfo).port;
    context = await openTestContext('postgres', {
      config: { webhookAllowedRanges: parseRangeList('127.0.0.0/8', 'test') },
    });
    const { jurisdiction, organization } = await seedJurisdiction(context.db, { timeZone: 'UTC' });
    jurisdictionId = jurisdiction.id;
    emsId = organization.id;
    // Overdoses of the last weeks, one every other day, some fatal: the agency's truth.
    const items = Array.from({ length: 12 }, (_, i) => {
      const fields = {
        source_record_id: `e2e-${i}`,
        occurred_at: new Date(Date.now() - (i * 2 + 1) * 86_400_000).toISOString(),
        latitude: 41.7 + i * 0.01,
        longitude: -72.6,
        fatal: i % 4 === 0,
        substances: i % 2 ? 'fentanyl' : 'heroin;xylazine',
      };
      return { raw: fields, fields };
    });
    await ingestReports(context.intake, cliActor, { jurisdiction, organization, channel: 'api', items });
    await context.access.createUser(cliActor, {
      jurisdictionId,
      email,
      displayName: 'Analyst',
      role: 'analyst',
      organizationId: null,
      password: TEST_PASSWORD,
    });
    await context.access.createUser(cliActor, {
      jurisdictionId,
      email: submitterEmail,
      displayName: 'EMS records clerk',
      role: 'submitter',
      organizationId: emsId,
      password: TEST_PASSWORD,
    });
    app = await buildApp(context);
    // The administrator records the agreement the connector rests on.
    const admin = (await signInRoles(app, context, jurisdictionId, ['administrator'])).get('administrator');
    const agreement = await app.inject({
      method: 'POST',
      url: '/api/v1/sharing-agreements',
      headers: { cookie: admin as string, origin: OWN_ORIGIN },
      payload: {
        title: 'State hub data sharing agreement',
        parties: [emsId],
        purpose: 'Overdose spike response across the state',
        data_categories: ['line_level_overdoses'],
        legal_basis: 'Memorandum of understanding',
        starts_on: '2020-01-01',
      },
    });
    assert.equal(agreement.statusCode, 201, agreement.body);
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
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  it("downloads an agency's ODMAP CSV and sets up a connector whose test arrives signed", async () => {
    // Wide enough for the analyst's whole menu on one line: at 1280 px its last links overflow the dark
    // header onto the light page (a layout of the shared menu, seen on every analyst page).
    const page = await signInPage(browser, base, email, open, { width: 1600, height: 1000 });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Data exchange' }).click();
    await page.getByRole('heading', { name: 'ODMAP export' }).waitFor();
    await page.getByLabel('Agency').first().selectOption({ label: 'County EMS' });
    const from = await page.getByLabel('From', { exact: true }).inputValue();
    const to = await page.getByLabel('To', { exact: true }).inputValue();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download export' }).click();
    const file = readFileSync(await (await download).path(), 'utf8');
    await page.getByRole('status').getByText('The ODMAP CSV file was downloaded.').waitFor();
    const lines = file.trim().split('\r\n');
    assert.equal(
      lines[0],
      'incident_id,incident_date,incident_time,latitude,longitude,overdose_type,naloxone_administered,naloxone_doses,suspected_drug,agency_id,agency_name',
    );
    const [expected] = await context.db.query<{ n: number; fatal: number }>(
      `select count(*)::int as n, count(*) filter (where fatal)::int as fatal from overdoses o
       where o.jurisdiction_id = $1 and o.occurred_date between $2 and $3
         and exists (select 1 from reports r where r.overdose_id = o.id and r.organization_id = $4)`,
      [jurisdictionId, from, to, emsId],
    );
    assert.ok((expected?.n ?? 0) > 0);
    assert.equal(lines.length - 1, expected?.n);
    assert.equal(lines.filter((l) => l.includes(',Fatal,')).length, expected?.fatal);

    await page.getByLabel('Name', { exact: true }).fill('State hub');
    await page.getByLabel('Target URL').fill(`http://127.0.0.1:${receiverPort}/odmap`);
    await page.getByLabel('Agency').nth(1).selectOption({ label: 'County EMS' });
    await page.getByLabel('Sharing agreement').selectOption({ label: 'State hub data sharing agreement' });
    await page.getByLabel(/Shared secret/).fill(SECRET);
    await page.getByRole('button', { name: 'Add connector' }).click();
    const row = page.getByRole('row', { name: /State hub/ }).filter({ hasText: 'County EMS' });
    await row.waitFor();
    assert.match(String(await row.textContent()), /State hub data sharing agreement/);
    await row.getByRole('button', { name: /Deliveries/ }).click();
    await page.getByText('No delivery yet.').waitFor();
    await page.getByRole('button', { name: 'Send a test' }).click();
    await page.getByRole('status').getByText('A test was sent.').waitFor();
    // The outbox sends it in the background: refresh until the row says delivered.
    const delivered = page.getByRole('row', { name: /Test/ }).filter({ hasText: 'delivered' });
    for (let tries = 0; tries < 20 && (await delivered.count()) === 0; tries += 1) {
      await context.alerts.idle();
      await page.getByRole('button', { name: 'Refresh' }).click();
      await page.waitForTimeout(100);
    }
    await delivered.waitFor();
    // The connector's counts follow, checked against the deliveries table itself.
    const [stored] = await context.db.query<{ delivered: number; pending: number; failed: number }>(
      `select count(*) filter (where status = 'delivered')::int as delivered,
         count(*) filter (where status = 'pending')::int as pending,
         count(*) filter (where status = 'failed')::int as failed
       from interop_deliveries where jurisdiction_id = $1`,
      [jurisdictionId],
    );
    await row.filter({ hasText: `${stored?.delivered} / ${stored?.pending} / ${stored?.failed}` }).waitFor();
    assert.deepEqual(stored, { delivered: 1, pending: 0, failed: 0 });
    assert.equal(received.length, 1);
    const [test] = received;
    assert.equal(JSON.parse(test?.body ?? '{}').type, 'test');
    assert.ok(
      verifyPush(
        test?.body ?? '',
        SECRET,
        { timestamp: test?.timestamp, signature: test?.signature },
        Math.floor(Date.now() / 1000),
      ),
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'exchange-connector.png'), fullPage: true });
    assert.deepEqual(await seriousViolations(page), []);
  });

  it("lets a submitter import its agency's ODMAP file and shows the rejected row's reasons", async () => {
    const page = await signInPage(browser, base, submitterEmail, open, { width: 1280, height: 900 });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Data exchange' }).click();
    await page.getByRole('heading', { name: 'ODMAP-style import' }).waitFor();
    // A submitter's only agency is its own organization, for the export and the import alike.
    assert.deepEqual(await page.getByLabel('Agency').first().locator('option').allTextContents(), [
      'County EMS',
    ]);
    const day = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
    const file = [
      'incident_id,incident_date,incident_time,latitude,longitude,overdose_type,naloxone_administered,naloxone_doses,suspected_drug',
      `odmap-1,${day},08:30,41.76,-72.67,Non-Fatal,Yes,2,Fentanyl`,
      `odmap-2,${day},09:30,41.76,-72.67,Unclear,Yes,1,Heroin`,
    ].join('\n');
    await page.getByLabel('ODMAP file (CSV)').setInputFiles({
      name: 'odmap-week.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(file),
    });
    await page.getByRole('button', { name: 'Import file' }).click();
    await page
      .getByRole('status')
      .getByText('Read 2 rows: 1 imported, 0 already here, 1 rejected.')
      .waitFor();
    const rejected = page.getByRole('row', { name: /overdose_type/ });
    assert.match(String(await rejected.textContent()), /^2.*"Unclear" is not Fatal or Non-Fatal/);
    const stored = await context.db.query<{ source_record_id: string }>(
      "select source_record_id from reports where jurisdiction_id = $1 and organization_id = $2 and source_record_id like 'odmap-%'",
      [jurisdictionId, emsId],
    );
    assert.deepEqual(
      stored.map((r) => r.source_record_id),
      ['odmap-1'],
    );
    assert.equal(await page.getByRole('heading', { name: 'Push connectors' }).count(), 0);
    assert.deepEqual(await seriousViolations(page), []);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'exchange-submitter-import.png'), fullPage: true });
  });
});
