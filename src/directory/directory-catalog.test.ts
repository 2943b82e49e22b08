import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, it } from 'node:test';
import { parseCsvRecords } from '../../test/support/reference-csv.js';
import {
  describeEachEngine,
  openTestDatabase,
  seedJurisdiction,
  sharedData,
} from '../../test/support/test-databases.js';
import type { Database } from '../platform/database.js';
import { loadCatalog } from './directory-catalog.js';
import { searchDirectory } from './directory-search.js';
import { presentDirectoryService } from './directory-service-presenter.js';

const TABLES = [
  'organizations',
  'services',
  'locations',
  'service_at_location',
  'addresses',
  'phones',
  'schedules',
  'languages',
];

// The Open Referral example package, written as rows the way the importer keeps them (cells as
// received), read back as the search sees it: real HSDS quirks included.
describeEachEngine('the directory catalog of the HSDS example', (engine) => {
  let db: Database;
  let dispose: () => Promise<void>;
  let jurisdictionId: string;

  before(async () => {
    ({ db, dispose } = await openTestDatabase(engine));
    jurisdictionId = (await seedJurisdiction(db)).jurisdiction.id;
    let position = 0;
    for (const table of TABLES) {
      const rows = parseCsvRecords(readFileSync(sharedData('hsds', 'examples', `${table}.csv`), 'utf8'));
      for (const fields of rows) {
        await db.query(
          `insert into directory_rows (jurisdiction_id, hsds_table, id, position, fields, updated_at)
           values ($1, $2, $3, $4, $5::json, now())`,
          [jurisdictionId, table, fields.id, position++, JSON.stringify(fields)],
        );
      }
    }
  });
  after(() => dispose?.());

  it('joins the service with its organization, place, address, phone, language and schedule', async () => {
    const [service, ...others] = await loadCatalog(db, jurisdictionId);
    assert.equal(others.length, 0);
    assert.ok(service);
    assert.equal(service.name, 'Community Counselling');
    assert.deepEqual(service.organization, {
      id: 'd9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610',
      name: 'Example Organization Inc.',
    });
    assert.deepEqual(service.languages, ['Urdu']);
    // The example's cell holds the number in quotes; a tel: link needs it without.
    assert.deepEqual(service.phones, [{ number: '+44 1234 234567', type: 'voice' }]);
    // Latitude 100 is off the earth: no coordinate rather than a wrong one; longitude 101 is one.
    assert.deepEqual(service.locations, [
      {
        id: '3a19ff88-4620-4d17-9830-ac1d859eb5d5',
        name: 'MyCity Civic Center',
        address: '1-30 Main Street, MyVillage, MyCity, MyState ABC 1234',
        city: 'MyCity',
        latitude: null,
        longitude: 101,
      },
    ]);
    assert.equal(service.schedules.length, 1);
    assert.equal(service.details, null);
  });

  it('presents it, closed now since its schedule held only on 1 January 2005', async () => {
    const [service] = await loadCatalog(db, jurisdictionId);
    assert.ok(service);
    const presented = presentDirectoryService(service, {
      now: new Date('2026-03-05T12:00:00Z'),
      timeZone: 'Europe/London',
      near: { latitude: 51.5, longitude: -0.12 },
    });
    assert.equal(presented.open_now, false);
    assert.equal(
      presented.schedule_text,
      'The service is available from 10 am to 6pm weekdays. The service is not available on public holidays.',
    );
    assert.equal(presented.locations[0]?.distance_km, null, 'no distance without a latitude');
    assert.equal(presented.capacity.status, 'unknown');
    assert.deepEqual(presented.needs, []);
    // 2005-01-01 was a Saturday, not a listed Thursday or Friday: closed even on that day.
    assert.equal(
      searchDirectory([service], { openNow: true }, new Date('2005-01-01T12:00:00Z'), 'Europe/London').length,
      0,
    );
    assert.deepEqual(
      searchDirectory([service], { language: 'urdu', q: 'counselling mycity' }, new Date(), 'UTC').map(
        (m) => m.service.id,
      ),
      ['ac148810-d857-441c-9679-408f346de14b'],
    );
  });
});
