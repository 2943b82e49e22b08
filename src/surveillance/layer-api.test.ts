import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { signInRoles } from '../../test/support/sign-in.js';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import { cliActor, type Role } from '../access/roles.js';
import { buildApp } from '../main/app.js';
import type { AppContext } from '../main/app-context.js';
import { importLayer } from './layer-service.js';

const demo = (name: string) => path.resolve('demo-data', name);
const roles: Role[] = ['analyst', 'harm_reduction_partner', 'submitter', 'administrator', 'outreach_worker'];

describeEachEngine('layers over HTTP', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let cookies: Map<Role, string>;
  before(async () => {
    context = await openTestContext(engine);
    const { jurisdiction, organization } = await seedJurisdiction(context.db);
    await importLayer(context, cliActor, {
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
    app = await buildApp(context);
    cookies = await signInRoles(app, context, jurisdiction.id, roles, organization.id);
  });
  after(async () => {
    await app.close();
    await context.dispose();
  });

  const get = (role: Role, url: string) =>
    app.inject({ method: 'GET', url, headers: { cookie: cookies.get(role) as string } });

  it('gives submitters the area outlines with names only, and the dashboard readers their populations', async () => {
    const outlines = await get('submitter', '/api/v1/layers/towns/areas');
    assert.equal(outlines.statusCode, 200);
    const features = outlines.json().features as { properties: Record<string, unknown>; geometry: unknown }[];
    assert.equal(features.length, 169);
    for (const feature of features) {
      assert.deepEqual(Object.keys(feature.properties).sort(), ['id', 'name']);
      assert.match((feature.geometry as { type: string }).type, /Polygon$/);
    }
    assert.deepEqual((await get('submitter', '/api/v1/layers')).json(), [{ id: 'towns', name: 'Towns' }]);

    for (const role of ['analyst', 'harm_reduction_partner'] as const) {
      const areas = (await get(role, '/api/v1/layers/towns/areas')).json();
      const hartford = areas.features.find((f: { id: string }) => f.id === 'Hartford');
      assert.equal(hartford.properties.population, 124_775, role);
      assert.equal((await get(role, '/api/v1/layers')).json()[0].populated_count, 169, role);
    }
  });

  it('keeps the layers from roles without a map', async () => {
    for (const role of ['administrator', 'outreach_worker'] as const) {
      const response = await get(role, '/api/v1/layers/towns/areas');
      assert.deepEqual([response.statusCode, response.json().error.code], [403, 'FORBIDDEN'], role);
      assert.equal((await get(role, '/api/v1/layers')).statusCode, 403, role);
    }
    const signedOut = await app.inject({ method: 'GET', url: '/api/v1/layers' });
    assert.equal(signedOut.statusCode, 401);
  });
});
