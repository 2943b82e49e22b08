import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, it, mock } from 'node:test';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import type { Jurisdiction, Organization } from '../access/jurisdictions/jurisdiction.js';
import { cliActor } from '../access/roles.js';
import { importCsvFile } from '../intake/csv-import-service.js';
import { ingestReports } from '../intake/intake-service.js';
import type { AppContext } from '../main/app-context.js';
import { bundledGazetteer } from './gazetteer.js';
import { pointOfAnswer, searchUrl } from './geocoder-client.js';

/** A fake Nominatim on 127.0.0.1: answers the addresses it knows, or is down, or never answers. */
function fakeGeocoder() {
  const known = new Map([
    ['12 ELM ST, HARTFORD, CT 06106', { lat: '41.7601', lon: '-72.6901' }],
    ['7 OAK AVE, NEW HAVEN, CT 06510', { lat: '41.3101', lon: '-72.9201' }],
  ]);
  const state = { mode: 'ok' as 'ok' | 'down' | 'hang', asked: [] as string[] };
  const server = createServer((request, response) => {
    const q = new URL(request.url ?? '/', 'http://x').searchParams.get('q') ?? '';
    state.asked.push(q);
    if (state.mode === 'hang') return; // never answers: the client's timeout must end it
    if (state.mode === 'down') {
      response.writeHead(503).end();
      return;
    }
    const found = known.get(q);
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(found ? [found] : []));
  });
  return { server, state };
}

describeEachEngine(
  'the external geocoder: asked once per distinct address, cached, never blocking',
  (engine) => {
    let context: AppContext & { dispose(): Promise<void> };
    let jurisdiction: Jurisdiction;
    let organization: Organization;
    let server: Server;
    let state: ReturnType<typeof fakeGeocoder>['state'];
    let now = new Date('2024-06-01T12:00:00Z');

    before(async () => {
      ({ server, state } = fakeGeocoder());
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      context = await openTestContext(engine, {
        config: { geocoderUrl: `http://127.0.0.1:${port}/search?format=json`, geocoderTimeoutMs: 300 },
        clock: { now: () => now },
      });
      ({ jurisdiction, organization } = await seedJurisdiction(context.db));
    });
    after(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await context.dispose();
    });

    const submit = (rows: Record<string, unknown>[]) =>
      ingestReports(context.intake, cliActor, {
        jurisdiction,
        organization,
        channel: 'api',
        items: rows.map((fields) => ({ raw: fields, fields })),
      });
    const placed = async (sourceRecordId: string) => {
      const [row] = await context.db.query<{ latitude: number | null; location_precision: string }>(
        `select o.latitude, o.location_precision from reports r
       join overdoses o on o.jurisdiction_id = r.jurisdiction_id and o.id = r.overdose_id
       where r.jurisdiction_id = $1 and r.source_record_id = $2`,
        [jurisdiction.id, sourceRecordId],
      );
      return row;
    };

    it('asks once per distinct address of a batch, never for a record with coordinates, and caches only hashes', async () => {
      state.mode = 'ok';
      state.asked = [];
      const results = await submit([
        {
          source_record_id: 'a-1',
          occurred_at: '2024-05-01T10:00:00Z',
          address: '12 Elm St, Hartford, CT 06106',
        },
        {
          source_record_id: 'a-2',
          occurred_at: '2024-05-01T11:00:00Z',
          address: ' 12 elm st,  Hartford, CT 06106',
        },
        {
          source_record_id: 'a-3',
          occurred_at: '2024-05-01T12:00:00Z',
          address: '7 Oak Ave, New Haven, CT 06510',
        },
        {
          source_record_id: 'a-4',
          occurred_at: '2024-05-01T13:00:00Z',
          address: '99 Sent Point Rd, Hartford, CT 06106',
          latitude: 41.7,
          longitude: -72.7,
        },
      ]);
      assert.deepEqual(
        results.map((r) => r.status),
        ['accepted', 'accepted', 'accepted', 'accepted'],
      );
      assert.deepEqual(state.asked.sort(), [
        '12 ELM ST, HARTFORD, CT 06106',
        '7 OAK AVE, NEW HAVEN, CT 06510',
      ]);
      assert.deepEqual(await placed('a-1'), { latitude: 41.7601, location_precision: 'address' });
      assert.deepEqual(await placed('a-2'), { latitude: 41.7601, location_precision: 'address' });
      assert.deepEqual(await placed('a-3'), { latitude: 41.3101, location_precision: 'address' });
      assert.deepEqual(await placed('a-4'), { latitude: 41.7, location_precision: 'rooftop' });
      const cache = await context.db.query<Record<string, unknown>>(
        'select * from geocoded_addresses where jurisdiction_id = $1',
        [jurisdiction.id],
      );
      assert.equal(cache.length, 2);
      assert.ok(!/elm|oak/i.test(JSON.stringify(cache)), 'the cache holds no address (T3)');

      // The next batch (a file, through the pipeline) finds the answers in the cache.
      state.asked = [];
      const dir = mkdtempSync(path.join(tmpdir(), 'sos-geocoder-'));
      const file = path.join(dir, 'again.csv');
      writeFileSync(
        file,
        'source_record_id,occurred_at,address\na-5,2024-05-02,"12 Elm St, Hartford, CT 06106"\n',
      );
      const summary = await importCsvFile(context.intake, cliActor, {
        filePath: file,
        presetName: 'generic',
        jurisdiction,
        organization,
        rejectedPath: path.join(dir, 'rejected.csv'),
      });
      assert.deepEqual([summary.accepted, summary.unplaced], [1, 0]);
      assert.deepEqual(state.asked, []);
      assert.deepEqual(await placed('a-5'), { latitude: 41.7601, location_precision: 'address' });
    });

    for (const mode of ['down', 'hang'] as const) {
      it(`falls back to the gazetteer when the geocoder is ${mode}, asking it once per batch, and tells no address`, async () => {
        state.mode = mode;
        state.asked = [];
        const warn = mock.method(console, 'warn', () => {});
        try {
          const results = await submit([
            {
              source_record_id: `${mode}-1`,
              occurred_at: '2024-05-03T10:00:00Z',
              address: `1 ${mode} Lane, Hartford, CT 06106`,
            },
            {
              source_record_id: `${mode}-2`,
              occurred_at: '2024-05-03T11:00:00Z',
              address: `2 ${mode} Lane, Hartford, CT 06106`,
            },
          ]);
          assert.deepEqual(
            results.map((r) => r.status),
            ['accepted', 'accepted'],
          );
          assert.equal(state.asked.length, 1, 'the first failure stops the asking for the batch');
          const centroid = bundledGazetteer().zips.get('06106')?.latitude;
          assert.deepEqual(await placed(`${mode}-1`), { latitude: centroid, location_precision: 'zip' });
          assert.deepEqual(await placed(`${mode}-2`), { latitude: centroid, location_precision: 'zip' });
          assert.equal(warn.mock.callCount(), 1);
          const told = String(warn.mock.calls[0]?.arguments[0]);
          assert.match(told, /2 address\(es\) placed by the gazetteer/);
          assert.ok(!/lane/i.test(told), told);
        } finally {
          warn.mock.restore();
        }
        // Back at once, it is left alone for a minute: the next batch does not wait on it.
        state.mode = 'ok';
        state.asked = [];
        const [paused] = await submit([
          {
            source_record_id: `${mode}-4`,
            occurred_at: '2024-05-03T12:30:00Z',
            address: `4 ${mode} Lane, Hartford, CT 06106`,
          },
        ]);
        assert.equal(paused?.status, 'accepted');
        assert.deepEqual(state.asked, []);
        // A minute later, nothing was cached for them: the geocoder is asked.
        now = new Date(now.getTime() + 61_000);
        await submit([
          {
            source_record_id: `${mode}-3`,
            occurred_at: '2024-05-03T12:00:00Z',
            address: `1 ${mode} Lane, Hartford, CT 06106`,
          },
        ]);
        assert.deepEqual(state.asked, [`1 ${mode.toUpperCase()} LANE, HARTFORD, CT 06106`]);
      });
    }
  },
);

it('reads Nominatim and Pelias answers and builds either kind of search URL', () => {
  assert.deepEqual(pointOfAnswer([{ lat: '41.5', lon: '-72.5' }]), { latitude: 41.5, longitude: -72.5 });
  assert.deepEqual(pointOfAnswer({ features: [{ geometry: { coordinates: [-72.5, 41.5] } }] }), {
    latitude: 41.5,
    longitude: -72.5,
  });
  assert.equal(pointOfAnswer([]), null);
  assert.equal(pointOfAnswer({ features: [] }), null);
  assert.equal(
    searchUrl('https://pelias.example/v1/search?text={address}', '1 A St, B'),
    'https://pelias.example/v1/search?text=1%20A%20St%2C%20B',
  );
  assert.equal(
    searchUrl('https://n.example/search?format=json', '1 A St'),
    'https://n.example/search?format=json&q=1+A+St',
  );
});
