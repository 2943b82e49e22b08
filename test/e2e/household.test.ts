import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext } from 'playwright-core';
import { cliActor } from '../../src/access/roles.js';
import { buildApp } from '../../src/main/app.js';
import type { AppContext } from '../../src/main/app-context.js';
import { sealPerson, storeSealedPersons } from '../../src/persons/person-vault.js';
import { launchBrowser, policyViolations, signInPage } from '../support/browser.js';
import { insertCase, insertMember, insertProgram } from '../support/outreach-lifecycle-fixtures.js';
import { TEST_PASSWORD } from '../support/sign-in.js';
import { startSmtpInbox } from '../support/smtp-inbox.js';
import { openTestContext, seedJurisdiction } from '../support/test-databases.js';

const PHONE = { width: 390, height: 844 };

// The household and Handle with Care from the browser: the coordinator adds a school on her page, the
// worker (on a phone) records a child with the school on the case page and sends the notice, which the
// school's contact receives with the child's name, birth date and school only.
describe('household and Handle with Care in a real browser', () => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let browser: Browser;
  let inbox: Awaited<ReturnType<typeof startSmtpInbox>>;
  let base: string;
  let caseId: string;
  const open: BrowserContext[] = [];

  before(async () => {
    inbox = await startSmtpInbox();
    context = await openTestContext('postgres', { config: { smtpUrl: inbox.url } });
    const { jurisdiction } = await seedJurisdiction(context.db, { timeZone: 'America/New_York' });
    const j = jurisdiction.id;
    const programId = await insertProgram(context.db, j, { name: 'Household program' });
    for (const [email, role] of [
      ['coordinator@household.example.org', 'outreach_coordinator'],
      ['worker@household.example.org', 'outreach_worker'],
    ] as const) {
      const { id } = await context.access.createUser(cliActor, {
        jurisdictionId: j,
        email,
        displayName: role,
        role,
        organizationId: null,
        password: TEST_PASSWORD,
      });
      await insertMember(context.db, j, programId, id);
      if (role === 'outreach_worker') {
        const survivor = sealPerson(context.keyring, { first_name: 'Dana', last_name: 'Survivor' });
        await storeSealedPersons(context.db, j, [survivor]);
        caseId = await insertCase(context.db, j, programId, {
          clockStartedAt: new Date(Date.now() - 3_600_000),
          assignedTo: id,
          personId: survivor.id,
        });
      }
    }
    app = await buildApp(context);
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });
  afterEach(async () => {
    for (const session of open.splice(0)) await session.close();
    assert.deepEqual(policyViolations.splice(0), [], 'the Content-Security-Policy blocked nothing');
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await context?.dispose();
    await inbox?.close();
  });

  it('adds a school on the coordinator page, then the worker names a child and sends Handle with Care', async () => {
    const coordinator = await signInPage(browser, base, 'coordinator@household.example.org', open);
    await coordinator
      .getByRole('heading', { level: 2, name: 'Schools (Handle with Care contacts)' })
      .waitFor();
    const form = coordinator.getByRole('form', { name: 'Add a school' });
    await form.getByLabel('Name', { exact: true }).fill('Birch Hill Middle School');
    await form.getByLabel('Contact name').fill('Ms. Birch');
    await form.getByLabel('Contact email').fill('hwc@birch.example');
    await form.getByRole('button', { name: 'Add school' }).click();
    await coordinator.getByRole('cell', { name: 'Birch Hill Middle School' }).waitFor();

    const worker = await signInPage(browser, base, 'worker@household.example.org', open, PHONE);
    await worker.goto(`${base}/outreach/my-queue?case=${caseId}`);
    await worker.getByRole('heading', { level: 2, name: 'Household' }).waitFor();
    const household = worker.getByRole('form', { name: 'Add a household member' });
    await household.getByLabel('Relation').selectOption('child');
    await household.getByLabel('Age (years)').fill('11');
    await household.getByLabel('First name').fill('Juniper');
    await household.getByLabel('Last name').fill('Ashcombe');
    await household.getByLabel('Birth date').fill('2014-10-03');
    await household.getByLabel('School').selectOption({ label: 'Birch Hill Middle School' });
    await household.getByRole('button', { name: 'Add to household' }).click();
    await worker.getByText('Household member saved.').waitFor();
    const section = worker.locator('section.household');
    assert.match((await section.locator('li').first().textContent()) ?? '', /Child, 11 years · Birch Hill/);
    assert.doesNotMatch((await section.locator('ul').textContent()) ?? '', /Juniper|Ashcombe/);

    await section.getByRole('button', { name: 'Send Handle with Care' }).click();
    await worker.getByText(/Handle with Care notice to Birch Hill Middle School, due/).waitFor();
    await context.outbox.idle();
    const [mail] = inbox.received;
    assert.deepEqual(mail?.to, ['hwc@birch.example']);
    assert.equal(
      mail?.text.replace(/\r\n/g, '\n').trimEnd(),
      'Handle with Care\n\nChild: Juniper Ashcombe\nDate of birth: 2014-10-03\nSchool: Birch Hill Middle School',
    );
  });
});
