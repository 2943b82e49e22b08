import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import { cliActor } from '../access/roles.js';
import { ingestReports } from '../intake/intake-service.js';
import type { AppContext } from '../main/app-context.js';
import { importLayer, layerIdOf } from './layer-service.js';

const demo = (name: string) => path.resolve('demo-data', name);

describeEachEngine('sos layer import', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  before(async () => {
    context = await openTestContext(engine);
  });
  after(() => context.dispose());

  it('assigns overdoses that arrived before and after the layer, and counts them by area', async () => {
    const { jurisdiction, organization } = await seedJurisdiction(context.db);
    const submit = (id: string, lat: number, lon: number) =>
      ingestReports(context.intake, cliActor, {
        jurisdiction,
        organization,
        channel: 'api',
        items: [
          {
            raw: {},
            fields: { source_record_id: id, occurred_at: '2024-04-01', latitude: lat, longitude: lon },
          },
        ],
      });
    await submit('hartford-1', 41.7658, -72.6734);
    await submit('sound-1', 41.05, -72.9);
    const summary = await importLayer(context, cliActor, {
      jurisdiction,
      geojsonPath: demo('ct_towns.geojson'),
      name: 'Towns',
      idProperty: 'name',
      population: {
        csvPath: demo('ct_towns_population_2010.csv'),
        idColumn: 'town',
        populationColumn: 'pop2010',
      },
    });
    assert.deepEqual(
      [summary.layerId, summary.areas, summary.withPopulation, summary.overdosesAssigned],
      ['towns', 169, 169, 1],
    );
    await submit('new-haven-1', 41.3083, -72.9279);
    await submit('hartford-2', 41.76, -72.68);
    const counts = await context.db.query<{ area_id: string; n: number }>(
      `select area_id, sum(count)::int as n from daily_area_counts
       where jurisdiction_id = $1 and layer_id = 'towns' group by area_id order by area_id`,
      [jurisdiction.id],
    );
    assert.deepEqual(counts, [
      { area_id: 'Hartford', n: 2 },
      { area_id: 'New Haven', n: 1 },
    ]);
    const [hartford] = await context.db.query<{ population: number }>(
      "select population from areas where jurisdiction_id = $1 and layer_id = 'towns' and area_id = 'Hartford'",
      [jurisdiction.id],
    );
    assert.equal(hartford?.population, 124_775);
  });

  it('replaces a layer imported again without counting twice', async () => {
    const { jurisdiction, organization } = await seedJurisdiction(context.db);
    await ingestReports(context.intake, cliActor, {
      jurisdiction,
      organization,
      channel: 'api',
      items: [
        {
          raw: {},
          fields: {
            source_record_id: 'a',
            occurred_at: '2024-04-01',
            latitude: 41.7658,
            longitude: -72.6734,
          },
        },
      ],
    });
    const request = {
      jurisdiction,
      geojsonPath: demo('ct_towns.geojson'),
      name: 'Towns',
      idProperty: 'name',
    };
    await importLayer(context, cliActor, request);
    await importLayer(context, cliActor, request);
    const [row] = await context.db.query<{ n: number; assigned: number }>(
      `select (select sum(count)::int from daily_area_counts where jurisdiction_id = $1 and layer_id = 'towns') as n,
              (select count(*)::int from overdose_areas where jurisdiction_id = $1 and layer_id = 'towns') as assigned`,
      [jurisdiction.id],
    );
    assert.deepEqual(row, { n: 1, assigned: 1 });
  });

  it('refuses a layer file that is not GeoJSON, and a role that may not manage layers', async () => {
    const { jurisdiction } = await seedJurisdiction(context.db);
    await assert.rejects(
      importLayer(context, cliActor, {
        jurisdiction,
        geojsonPath: demo('ct_towns_population_2010.csv'),
        name: 'x',
        idProperty: 'name',
      }),
      { code: 'GEOJSON_INVALID' },
    );
    const partner = {
      kind: 'user' as const,
      userId: 'u',
      jurisdictionId: jurisdiction.id,
      role: 'public_safety_analyst' as const,
      organizationId: null,
    };
    await assert.rejects(
      importLayer(context, partner, {
        jurisdiction,
        geojsonPath: demo('ct_towns.geojson'),
        name: 'x',
        idProperty: 'name',
      }),
      { code: 'FORBIDDEN' },
    );
    assert.equal(layerIdOf('CT Census Tracts (2018)'), 'ct-census-tracts-2018');
  });
});
