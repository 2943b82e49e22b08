import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { signInRoles } from '../../test/support/sign-in.js';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import type { Jurisdiction, Organization } from '../access/jurisdictions/jurisdiction.js';
import { cliActor, type Role } from '../access/roles.js';
import { importCsvFile } from '../intake/csv-import-service.js';
import { ingestReports } from '../intake/intake-service.js';
import { buildApp } from '../main/app.js';
import type { AppContext } from '../main/app-context.js';
import { importLayer } from '../surveillance/layer-service.js';
import { bundledGazetteer } from './gazetteer.js';

interface Overdose {
  id: string;
  latitude: number | null;
  longitude: number | null;
  location_precision: string;
  areas: { layer_id: string; area_id: string }[];
}

describeEachEngine('geocoding at intake: placed by the gazetteer, or listed as unplaced', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let cookies: Map<Role, string>;
  let jurisdiction: Jurisdiction;
  let organization: Organization;

  before(async () => {
    context = await openTestContext(engine);
    ({ jurisdiction, organization } = await seedJurisdiction(context.db));
    // Connecticut's towns make the jurisdiction's state CT, which decides a city's state.
    await importLayer(context, cliActor, {
      jurisdiction,
      geojsonPath: path.resolve('demo-data', 'ct_towns.geojson'),
      name: 'Towns',
      idProperty: 'name',
    });
    app = await buildApp(context);
    cookies = await signInRoles(app, context, jurisdiction.id, ['analyst', 'harm_reduction_partner']);
  });
  after(async () => {
    await app.close();
    await context.dispose();
  });

  const submit = (rows: Record<string, unknown>[]) =>
    ingestReports(context.intake, cliActor, {
      jurisdiction,
      organization,
      channel: 'api',
      items: rows.map((fields) => ({ raw: fields, fields })),
    });
  const get = async (url: string, role: Role = 'analyst') => {
    const response = await app.inject({
      method: 'GET',
      url,
      headers: { cookie: cookies.get(role) as string },
    });
    assert.equal(response.statusCode, 200, response.body);
    return response.json();
  };
  const overdoseOf = async (sourceRecordId: string): Promise<Overdose> => {
    const [row] = await context.db.query<{ overdose_id: string }>(
      'select overdose_id from reports where jurisdiction_id = $1 and source_record_id = $2',
      [jurisdiction.id, sourceRecordId],
    );
    const page = (await get('/api/v1/overdoses?from=2024-01-01&to=2024-12-31&limit=500')) as {
      overdoses: Overdose[];
    };
    const found = page.overdoses.find((o) => o.id === row?.overdose_id);
    assert.ok(found, sourceRecordId);
    return found;
  };

  it('places a ZIP at its centroid, a city in the state, a county at its centroid, and keeps sent points', async () => {
    const results = await submit([
      { source_record_id: 'zip-1', occurred_at: '2024-05-01T10:00:00Z', zip: '06106-1234' },
      { source_record_id: 'city-1', occurred_at: '2024-05-01T11:00:00Z', city: 'Hartford' },
      { source_record_id: 'county-1', occurred_at: '2024-05-01T12:00:00Z', county_fips: '09009' },
      {
        source_record_id: 'point-1',
        occurred_at: '2024-05-01T13:00:00Z',
        latitude: 41.31,
        longitude: -72.92,
        zip: '06106',
      },
    ]);
    assert.deepEqual(
      results.map((r) => [r.status, r.problems.map((p) => p.code)]),
      [
        ['accepted', []],
        ['accepted', []],
        ['accepted', []],
        ['accepted', []],
      ],
    );
    const gazetteer = bundledGazetteer();
    const zip = await overdoseOf('zip-1');
    const centroid = gazetteer.zips.get('06106');
    assert.deepEqual(
      [zip.location_precision, zip.latitude, zip.longitude],
      ['zip', centroid?.latitude, centroid?.longitude],
    );
    // A gazetteer point places the overdose in its areas like any point.
    assert.deepEqual(zip.areas.find((a) => a.layer_id === 'towns')?.area_id, 'Hartford');
    const city = await overdoseOf('city-1');
    assert.equal(city.location_precision, 'place');
    assert.equal(city.latitude, gazetteer.places.get('HARTFORD')?.get('CT')?.latitude);
    const county = await overdoseOf('county-1');
    assert.equal(county.location_precision, 'county');
    assert.equal(county.latitude, gazetteer.counties.get('09009')?.latitude);
    const point = await overdoseOf('point-1');
    assert.deepEqual([point.location_precision, point.latitude], ['rooftop', 41.31]);
  });

  it('keeps a record nothing places, flags it, lists it for analysts and counts it for its source', async () => {
    const results = await submit([
      { source_record_id: 'nowhere-1', occurred_at: '2024-06-01T10:00:00Z', zip: '00000', city: 'Atlantis' },
      { source_record_id: 'nowhere-2', occurred_at: '2024-06-02T10:00:00Z', address: 'behind the old mill' },
    ]);
    assert.deepEqual(
      results.map((r) => [r.status, r.problems.map((p) => `${p.field} ${p.code} ${p.severity}`)]),
      [
        [
          'accepted',
          ['zip PLACE_UNKNOWN flag', 'city PLACE_UNKNOWN flag', 'latitude LOCATION_UNPLACED flag'],
        ],
        ['accepted', ['latitude LOCATION_UNPLACED flag']],
      ],
    );
    const first = (await get('/api/v1/overdoses/unplaced?limit=1')) as {
      overdoses: Overdose[];
      next: string | null;
    };
    assert.equal(first.overdoses.length, 1);
    assert.ok(first.next);
    const second = (await get(`/api/v1/overdoses/unplaced?limit=1&cursor=${first.next}`)) as typeof first;
    assert.equal(second.next, null);
    const listed = [...first.overdoses, ...second.overdoses];
    assert.deepEqual(
      listed.map((o) => [o.id, o.location_precision, o.latitude]),
      [
        [(await overdoseOf('nowhere-2')).id, 'none', null],
        [(await overdoseOf('nowhere-1')).id, 'none', null],
      ],
    );
    assert.ok(!JSON.stringify(listed).includes('old mill'), 'the address (T3) never leaves');
    const audits = await context.db.query<{ n: number }>(
      `select count(*)::int as n from audit_entries where jurisdiction_id = $1 and action = 'overdoses.read'
       and details->>'unplaced' = 'true'`,
      [jurisdiction.id],
    );
    assert.equal(audits[0]?.n, 2);
    for (const role of ['analyst', 'harm_reduction_partner'] as const) {
      const sources = (await get('/api/v1/sources', role)) as {
        organization_id: string;
        unplaced_total: number;
      }[];
      assert.equal(sources.find((s) => s.organization_id === organization.id)?.unplaced_total, 2, role);
    }
    const refused = await app.inject({
      method: 'GET',
      url: '/api/v1/overdoses/unplaced',
      headers: { cookie: cookies.get('harm_reduction_partner') as string },
    });
    assert.equal(refused.statusCode, 403);
  });

  it('counts the rows of a file that stay unplaced in the import summary', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sos-unplaced-'));
    const file = path.join(dir, 'places.csv');
    writeFileSync(
      file,
      'source_record_id,occurred_at,zip,city\nf-1,2024-07-01,06106,\nf-2,2024-07-01,,Atlantis\n',
    );
    const summary = await importCsvFile(context.intake, cliActor, {
      filePath: file,
      presetName: 'generic',
      jurisdiction,
      organization,
      rejectedPath: path.join(dir, 'rejected.csv'),
    });
    assert.deepEqual([summary.accepted, summary.unplaced], [2, 1]);
  });

  it('keeps centroids off the exact-point map and out of hot spots, and in the area counts', async () => {
    const window = 'from=2024-05-01&to=2024-05-01';
    const points = (await get(`/api/v1/overdoses/points?${window}`)) as { points: { id: string }[] };
    assert.deepEqual(
      points.points.map((p) => p.id),
      [(await overdoseOf('point-1')).id],
    );
    const hot = (await get(`/api/v1/aggregates/hotspots?${window}&layer=towns`)) as { total: number };
    assert.equal(hot.total, 1);
    const counts = (await get(`/api/v1/aggregates/counts?${window}&period=all&by=none`)) as {
      rows: { count: number }[];
    };
    assert.equal(counts.rows[0]?.count, 4);
  });
});
