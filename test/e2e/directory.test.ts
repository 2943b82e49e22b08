import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { cliActor, type Role } from '../../src/access/roles.js';
import { importConnecticutTowns } from '../../src/demo/demo-loader.js';
import { buildApp } from '../../src/main/app.js';
import type { AppContext } from '../../src/main/app-context.js';
import { seriousViolations } from '../support/accessibility.js';
import { launchBrowser, policyViolations, signInPage } from '../support/browser.js';
import { type FixtureDirectoryEntry, seedDirectoryEntries } from '../support/directory-search-fixtures.js';
import { OWN_ORIGIN, TEST_PASSWORD } from '../support/sign-in.js';
import { openTestContext, seedJurisdiction } from '../support/test-databases.js';

const SCREENSHOTS = path.resolve('test-results', 'screenshots');
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

// The server's clock stands at the coming Monday, 15:00 UTC: 10:00 or 11:00 in Connecticut, whichever
// offset applies, so weekday 08:00-16:00 services are open and evening ones closed.
const MONDAY = (() => {
  const now = new Date();
  const days = (8 - now.getUTCDay()) % 7 || 7;
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days, 15));
})();
const weekdays = { byday: 'MO,TU,WE,TH,FR', opensAt: '08:00', closesAt: '16:00' };

/** The directory, each service labelled by hand with whether Monday morning finds it open. */
const DIRECTORY: (FixtureDirectoryEntry & { openMondayMorning: boolean })[] = [
  {
    id: 'harbor',
    name: 'Harbor Recovery Clinic',
    organization: 'Harbor Health',
    needs: ['moud', 'mental_health'],
    moud: ['buprenorphine', 'methadone'],
    insurance: ['medicaid'],
    part2Program: true,
    capacity: { status: 'waitlist', waitlistDays: 3 },
    phone: '(860) 555-0100',
    locations: [
      { name: 'Harbor', latitude: 41.765, longitude: -72.68, street: '10 Main St', city: 'Hartford' },
    ],
    schedules: [weekdays],
    openMondayMorning: true,
  },
  {
    id: 'park-street',
    name: 'Park Street MOUD',
    organization: 'Clínica Park',
    needs: ['moud'],
    moud: ['buprenorphine'],
    languages: ['English', 'Spanish'],
    capacity: { status: 'available' },
    phone: '(860) 555-0101',
    locations: [
      { name: 'Park St', latitude: 41.756, longitude: -72.693, street: '500 Park St', city: 'Hartford' },
    ],
    schedules: [weekdays],
    openMondayMorning: true,
  },
  {
    id: 'east-hartford',
    name: 'East Hartford Bridge Clinic',
    organization: 'Bridge Care',
    needs: ['moud'],
    locations: [
      {
        name: 'Bridge',
        latitude: 41.7823,
        longitude: -72.6121,
        street: '1 Bridge Rd',
        city: 'East Hartford',
      },
    ],
    schedules: [weekdays],
    openMondayMorning: true,
  },
  {
    id: 'west-hartford',
    name: 'West Hartford Methadone Program',
    organization: 'West Care',
    needs: ['moud'],
    moud: ['methadone'],
    capacity: { status: 'limited' },
    locations: [
      {
        name: 'West',
        latitude: 41.762,
        longitude: -72.742,
        street: '20 Farmington Ave',
        city: 'West Hartford',
      },
    ],
    schedules: [weekdays],
    openMondayMorning: true,
  },
  {
    id: 'evening',
    name: 'Evening MOUD',
    organization: 'Night Care',
    needs: ['moud'],
    locations: [
      { name: 'Evening', latitude: 41.77, longitude: -72.69, street: '5 Asylum St', city: 'Hartford' },
    ],
    schedules: [{ byday: 'MO,TU,WE,TH,FR', opensAt: '17:00', closesAt: '22:00' }],
    openMondayMorning: false,
  },
  {
    id: 'new-britain',
    name: 'New Britain Recovery',
    organization: 'Hardware City Health',
    needs: ['moud'],
    locations: [
      { name: 'NB', latitude: 41.6612, longitude: -72.7795, street: '2 Main St', city: 'New Britain' },
    ],
    schedules: [weekdays],
    openMondayMorning: true,
  },
  {
    id: 'new-haven',
    name: 'New Haven MOUD',
    organization: 'Shoreline',
    needs: ['moud'],
    locations: [
      { name: 'NH', latitude: 41.3083, longitude: -72.9279, street: '1 Chapel St', city: 'New Haven' },
    ],
    schedules: [weekdays],
    openMondayMorning: true,
  },
  {
    id: 'pantry',
    name: 'Hartford Food Pantry',
    organization: 'Foodshare',
    needs: ['food'],
    locations: [
      { name: 'Pantry', latitude: 41.763, longitude: -72.675, street: '3 Pearl St', city: 'Hartford' },
    ],
    schedules: [weekdays],
    openMondayMorning: true,
  },
  {
    id: 'phone-line',
    name: 'Statewide MOUD phone line',
    organization: 'State line',
    needs: ['moud'],
    locations: [],
    schedules: [weekdays],
    openMondayMorning: true,
  },
  {
    id: 'shelter',
    name: 'Hartford Night Shelter',
    organization: 'Shelter Inc',
    needs: ['housing', 'moud'],
    locations: [
      { name: 'Shelter', latitude: 41.76, longitude: -72.685, street: '8 Church St', city: 'Hartford' },
    ],
    schedules: [{ byday: 'MO,TU,WE,TH,FR,SA,SU', opensAt: '19:00', closesAt: '07:00' }],
    openMondayMorning: false,
  },
  {
    id: 'no-hours',
    name: 'Hours Unlisted MOUD',
    organization: 'Unlisted',
    needs: ['moud'],
    locations: [
      { name: 'Unlisted', latitude: 41.768, longitude: -72.682, street: '9 Elm St', city: 'Hartford' },
    ],
    openMondayMorning: false,
  },
];

/** Kilometres between two points by the equirectangular approximation (close to the great circle here). */
function flatKm(
  a: { latitude: number; longitude: number },
  b: { latitude: number; longitude: number },
): number {
  const kmPerDegree = (2 * Math.PI * 6371.0088) / 360;
  const meanLatitude = (((a.latitude + b.latitude) / 2) * Math.PI) / 180;
  return Math.hypot(
    (a.longitude - b.longitude) * Math.cos(meanLatitude) * kmPerDegree,
    (a.latitude - b.latitude) * kmPerDegree,
  );
}

// The Done item of issue 15: a directory search by need, open now and distance in Chromium, on a phone,
// then the same search on the desktop's map, against a count worked out here from the fixture.
describe('directory search in a real browser', () => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  const open: BrowserContext[] = [];
  const emailOf = (role: Role) => `${role}@directory.example.org`;

  // The town picker puts Hartford at the middle of the directory's Hartford places.
  const hartfordPlaces = DIRECTORY.flatMap((e) => e.locations).filter((l) => l.city === 'Hartford');
  const hartford = {
    latitude: hartfordPlaces.reduce((s, l) => s + (l.latitude ?? 0), 0) / hartfordPlaces.length,
    longitude: hartfordPlaces.reduce((s, l) => s + (l.longitude ?? 0), 0) / hartfordPlaces.length,
  };
  const expected = DIRECTORY.filter(
    (e) =>
      e.needs.includes('moud') &&
      e.openMondayMorning &&
      e.locations.some(
        (l) => l.latitude !== null && l.longitude !== null && flatKm(hartford, l as never) <= 10,
      ),
  );

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    context = await openTestContext('postgres', { clock: { now: () => new Date(MONDAY) } });
    const { jurisdiction, organization } = await seedJurisdiction(context.db, {
      timeZone: 'America/New_York',
    });
    // The dashboard draws its map over the towns.
    await importConnecticutTowns(context, jurisdiction);
    await seedDirectoryEntries(context.db, jurisdiction.id, DIRECTORY);
    for (const role of ['outreach_worker', 'analyst'] as Role[]) {
      await context.access.createUser(cliActor, {
        jurisdictionId: jurisdiction.id,
        email: emailOf(role),
        displayName: role,
        role,
        organizationId: null,
        password: TEST_PASSWORD,
      });
    }
    app = await buildApp(context);
    // One overdose in Hartford, so the dashboard has a map to draw services over.
    const ems = await context.access.createUser(cliActor, {
      jurisdictionId: jurisdiction.id,
      email: 'ems@directory.example.org',
      displayName: 'EMS',
      role: 'submitter',
      organizationId: organization.id,
      password: TEST_PASSWORD,
    });
    assert.ok(ems.id);
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'ems@directory.example.org', password: TEST_PASSWORD },
    });
    const reported = await app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: { cookie: String(login.headers['set-cookie']).split(';')[0] as string, origin: OWN_ORIGIN },
      payload: {
        source_record_id: 'ems-directory-1',
        occurred_at: new Date(MONDAY.getTime() - 86_400_000).toISOString(),
        latitude: 41.7637,
        longitude: -72.6851,
        fatal: false,
      },
    });
    assert.equal(reported.statusCode, 201, reported.body);
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

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(SCREENSHOTS, `directory-${name}.png`), fullPage: true });
  /** The serious or critical accessibility problems axe finds on the page. */
  /** Opens Resources from the menu and searches MOUD, open now, within 10 km of Hartford. */
  async function searchNearHartford(page: Page): Promise<void> {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Resources' }).click();
    await page.getByRole('heading', { level: 1, name: 'Resources' }).waitFor();
    await page.getByRole('heading', { level: 2, name: `${DIRECTORY.length} services` }).waitFor();
    const filters = page.getByRole('form', { name: 'Find services' });
    await filters.getByLabel('Need').selectOption({ label: 'Medication for opioid use disorder (MOUD)' });
    await filters.getByLabel('Open now').check();
    await filters.getByLabel('Town').selectOption('Hartford');
    await filters.getByLabel('Within').selectOption('10');
    await page.getByRole('heading', { level: 2, name: `${expected.length} services` }).waitFor();
  }

  it('finds, on a phone, exactly the services meeting need, open now and distance, nearest first', async () => {
    assert.ok(expected.length >= 3 && expected.length < DIRECTORY.length, 'the search keeps some, not all');
    const worker = await signInPage(browser, base, emailOf('outreach_worker'), open, PHONE);
    await searchNearHartford(worker);
    const cards = worker.locator('.service-card');
    assert.equal(await cards.count(), expected.length);
    const nearestFirst = [...expected].sort(
      (a, b) => flatKm(hartford, a.locations[0] as never) - flatKm(hartford, b.locations[0] as never),
    );
    assert.deepEqual(
      await cards.locator('h3').allTextContents(),
      nearestFirst.map((e) => e.name),
    );
    const harbor = cards.filter({ hasText: 'Harbor Recovery Clinic' });
    assert.match((await harbor.textContent()) ?? '', /Waitlist · 3 days.*Open now.*Part 2 program/);
    assert.equal(
      await harbor.getByRole('link', { name: '(860) 555-0100' }).getAttribute('href'),
      'tel:8605550100',
    );
    assert.deepEqual(await seriousViolations(worker), []);
    await shot(worker, 'phone-search');

    // Words that match nothing: the empty state says what to try.
    await worker.getByRole('form', { name: 'Find services' }).getByLabel('Words').fill('acupuncture');
    await worker.getByRole('heading', { level: 2, name: '0 services' }).waitFor();
    await worker.getByText('No service matches these filters.').waitFor();
    await shot(worker, 'phone-empty');
  });

  it('shows the same services on the desktop map, one marker each, with a legend', async () => {
    const analyst = await signInPage(browser, base, emailOf('analyst'), open, DESKTOP);
    await searchNearHartford(analyst);
    const markers = analyst.locator('.services-map .service-marker');
    await analyst.waitForFunction(
      (n) =>
        (
          globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }
        ).document.querySelectorAll('.services-map .service-marker').length === n,
      expected.length,
    );
    assert.equal(await markers.count(), expected.length);
    assert.deepEqual(
      (await markers.evaluateAll((els) => els.map((e) => e.getAttribute('title')))).sort(),
      expected.map((e) => e.name).sort(),
    );
    await analyst.getByRole('region', { name: 'Services map legend' }).getByText('Waitlist').waitFor();
    // A marker is a button that brings its service into view in the list.
    await analyst.getByRole('button', { name: 'Harbor Recovery Clinic: show in the list' }).click();
    await analyst.locator('#service-harbor:focus').waitFor();
    assert.deepEqual(await seriousViolations(analyst), []);
    await shot(analyst, 'desktop-map');

    // The dashboard's map draws the directory's places over the overdoses when asked.
    await analyst.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    const answer = analyst.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/directory/map');
    await analyst.getByLabel('Services (the resource directory)').check();
    const places = (await (await answer).json()) as { features: unknown[] };
    const located = DIRECTORY.filter((e) => e.locations.some((l) => l.latitude !== null)).length;
    assert.equal(places.features.length, located);
    await analyst
      .getByRole('region', { name: 'Map legend' })
      .getByText('Service of the resource directory')
      .waitFor();
    await shot(analyst, 'dashboard-services');
  });
});
