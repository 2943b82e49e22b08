import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SosError } from '../platform/errors.js';
import type { CatalogLocation, CatalogService } from './directory-catalog.js';
import type { ServiceDetails } from './directory-repository.js';
import { type DirectoryQuery, searchDirectory } from './directory-search.js';
import { distanceKm } from './geo-distance.js';
import { pageOfMatches } from './search-page.js';
import type { ScheduleRow } from './service-schedule.js';

const HARTFORD = { latitude: 41.7637, longitude: -72.6851 };
const NEW_HAVEN = { latitude: 41.3083, longitude: -72.9279 };
const WATERBURY = { latitude: 41.5582, longitude: -73.0515 };
// Monday 2 March 2026, 10:00 in Connecticut (EST).
const MONDAY_10AM = new Date('2026-03-02T15:00:00Z');
const ZONE = 'America/New_York';

function place(id: string, at: { latitude: number; longitude: number } | null): CatalogLocation {
  return {
    id,
    name: id,
    address: null,
    city: null,
    latitude: at?.latitude ?? null,
    longitude: at?.longitude ?? null,
  };
}

function weekly(byday: string, opensAt: string, closesAt: string): ScheduleRow {
  return { freq: 'WEEKLY', byday, opens_at: opensAt, closes_at: closesAt };
}

function service(
  id: string,
  fields: Partial<Omit<CatalogService, 'details'>> & { details?: Partial<ServiceDetails> | null } = {},
): CatalogService {
  const { details, ...rest } = fields;
  return {
    id,
    name: id,
    description: null,
    status: 'active',
    organization: { id: `org-${id}`, name: `Organization of ${id}` },
    languages: [],
    phones: [],
    locations: [],
    schedules: [],
    taxonomyTerms: [],
    ...rest,
    details:
      details === null
        ? null
        : {
            jurisdictionId: 'j',
            serviceId: id,
            providerOrganizationId: null,
            needs: [],
            moud: [],
            sameDayIntake: false,
            walkInHours: null,
            capacityStatus: 'unknown',
            waitlistDays: null,
            capacityUpdatedAt: null,
            capacityUpdatedBy: null,
            insurance: [],
            cost: null,
            part2Program: false,
            updatedAt: new Date(0),
            ...details,
          },
  };
}

const ids = (catalog: CatalogService[], query: DirectoryQuery, now = MONDAY_10AM) =>
  searchDirectory(catalog, query, now, ZONE).map((m) => m.service.id);

describe('directory search', () => {
  const clinic = service('Hartford MOUD clinic', {
    description: 'Buprenorphine and methadone, same-day intake',
    languages: ['English', 'Spanish'],
    locations: [place('clinic-main', HARTFORD)],
    schedules: [weekly('MO,TU,WE,TH,FR', '08:00', '16:00')],
    details: { needs: ['moud'], insurance: ['medicaid', 'private'] },
  });
  const shelter = service('New Haven night shelter', {
    languages: ['English'],
    locations: [place('shelter', NEW_HAVEN)],
    schedules: [weekly('MO,TU,WE,TH,FR,SA,SU', '19:00', '07:00')],
    details: { needs: ['housing', 'food'], insurance: ['free'] },
  });
  const waterbury = service('Waterbury recovery coaches', {
    organization: { id: 'org-w', name: 'Clínica Esperanza' },
    languages: ['Español'],
    locations: [place('waterbury', WATERBURY)],
    details: { needs: ['recovery_coach', 'moud'], insurance: ['medicaid'] },
  });
  const phoneOnly = service('phone line', { details: { needs: ['moud'] }, languages: ['es'] });
  const closed = service('closed program', { status: 'defunct', details: { needs: ['moud'] } });
  const catalog = [clinic, shelter, waterbury, phoneOnly, closed];

  it('filters by need and by insurance, leaving out services no longer offered', () => {
    assert.deepEqual(ids(catalog, { need: 'moud' }), [
      'Hartford MOUD clinic',
      'phone line',
      'Waterbury recovery coaches',
    ]);
    assert.deepEqual(ids(catalog, { need: 'moud', insurance: 'medicaid' }), [
      'Hartford MOUD clinic',
      'Waterbury recovery coaches',
    ]);
    assert.deepEqual(ids(catalog, { need: 'food' }), ['New Haven night shelter']);
    assert.deepEqual(ids(catalog, { need: 'transport' }), []);
    assert.deepEqual(ids([service('no details', { details: null })], { need: 'moud' }), []);
  });

  it('filters by language, by name or code, whatever the case and accents', () => {
    assert.deepEqual(ids(catalog, { language: 'spanish' }), ['Hartford MOUD clinic']);
    assert.deepEqual(ids(catalog, { language: 'espanol' }), ['Waterbury recovery coaches']);
    assert.deepEqual(ids(catalog, { language: 'ES' }), ['phone line']);
  });

  it('finds every word of the text in the name, description or organization', () => {
    assert.deepEqual(ids(catalog, { q: 'same-day METHADONE' }), ['Hartford MOUD clinic']);
    assert.deepEqual(ids(catalog, { q: 'clinica' }), ['Waterbury recovery coaches']);
    assert.deepEqual(ids(catalog, { q: 'methadone shelter' }), []);
  });

  it("keeps only services open now, by their schedules in the jurisdiction's time zone", () => {
    assert.deepEqual(ids(catalog, { openNow: true }), ['Hartford MOUD clinic']);
    // Monday 22:00 EST: the shelter's night, the clinic closed.
    assert.deepEqual(ids(catalog, { openNow: true }, new Date('2026-03-03T03:00:00Z')), [
      'New Haven night shelter',
    ]);
    const [first] = searchDirectory([phoneOnly], {}, MONDAY_10AM, ZONE);
    assert.equal(first?.openNow, null, 'no schedule: unknown');
  });

  it('measures distances from near, orders by them, and keeps those within the distance', () => {
    const matches = searchDirectory(catalog, { near: HARTFORD }, MONDAY_10AM, ZONE);
    // Great-circle distances worked out with the spherical law of cosines (R = 6371.0088 km).
    assert.deepEqual(
      matches.map((m) => [m.service.id, m.distanceKm === null ? null : Number(m.distanceKm.toFixed(3))]),
      [
        ['Hartford MOUD clinic', 0],
        ['Waterbury recovery coaches', 38.061],
        ['New Haven night shelter', 54.522],
        ['phone line', null],
      ],
    );
    assert.deepEqual(ids(catalog, { near: HARTFORD, withinKm: 40 }), [
      'Hartford MOUD clinic',
      'Waterbury recovery coaches',
    ]);
    assert.deepEqual(ids(catalog, { near: HARTFORD, withinKm: 54.5 }), [
      'Hartford MOUD clinic',
      'Waterbury recovery coaches',
    ]);
    assert.deepEqual(ids(catalog, { near: HARTFORD, withinKm: 54.53, need: 'housing' }), [
      'New Haven night shelter',
    ]);
  });

  it("takes a service's nearest location, and maps only the locations within the distance", () => {
    const twoPlaces = service('two places', {
      locations: [place('far', NEW_HAVEN), place('near', WATERBURY)],
    });
    const [match] = searchDirectory([twoPlaces], { near: HARTFORD, withinKm: 40 }, MONDAY_10AM, ZONE);
    assert.equal(match?.distanceKm, distanceKm(HARTFORD, WATERBURY));
    assert.deepEqual(match?.mappedLocationIds, ['near']);
    const [all] = searchDirectory([twoPlaces], {}, MONDAY_10AM, ZONE);
    assert.deepEqual(all?.mappedLocationIds, ['far', 'near']);
  });

  it('orders by name without regard to case or accents when no point is given', () => {
    const named = ['émile', 'Zeta', 'alpha', 'Beta'].map((name) => service(name));
    assert.deepEqual(ids(named, {}), ['alpha', 'Beta', 'émile', 'Zeta']);
  });

  it('pages through the list by its order, every service once, even when one is added between pages', () => {
    const many = Array.from({ length: 7 }, (_, i) =>
      service(`service ${i}`, {
        locations: [
          place(`l${i}`, {
            latitude: HARTFORD.latitude + (i % 3) * 0.01,
            longitude: HARTFORD.longitude,
          }),
        ],
      }),
    );
    const matches = searchDirectory(many, { near: HARTFORD }, MONDAY_10AM, ZONE);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const { page, nextCursor } = pageOfMatches(matches, 3, cursor);
      seen.push(...page.map((m) => m.service.id));
      cursor = nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    assert.equal(pages, 3);
    assert.deepEqual(
      seen,
      matches.map((m) => m.service.id),
    );

    const first = pageOfMatches(matches, 3);
    const grown = searchDirectory(
      [...many, service('a new one', { locations: [place('x', HARTFORD)] })],
      { near: HARTFORD },
      MONDAY_10AM,
      ZONE,
    );
    const second = pageOfMatches(grown, 10, first.nextCursor ?? undefined);
    assert.deepEqual(
      second.page.map((m) => m.service.id),
      matches.slice(3).map((m) => m.service.id),
      'the new service sorts before the cursor: no service repeats',
    );
  });

  it('refuses a cursor it did not write, naming the field', () => {
    for (const bad of [
      'nope',
      Buffer.from('[1,2]').toString('base64url'),
      Buffer.from('[-1,"a","b"]').toString('base64url'),
    ]) {
      assert.throws(
        () => pageOfMatches([], 10, bad),
        (e: unknown) =>
          e instanceof SosError &&
          e.code === 'VALIDATION_FAILED' &&
          JSON.stringify(e.details).includes('cursor'),
      );
    }
  });
});
