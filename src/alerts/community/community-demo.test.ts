import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, it } from 'node:test';
import {
  describeEachEngine,
  openTestContext,
  seedJurisdiction,
} from '../../../test/support/test-databases.js';
import { cliActor } from '../../access/roles.js';
import type { AppContext } from '../../main/app-context.js';
import { importLayer } from '../../surveillance/layer-service.js';
import { loadCommunityAlertsDemo } from './community-demo.js';

describeEachEngine("the demo's community alert subscribers", (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  before(async () => {
    context = await openTestContext(engine);
  });
  after(() => context.dispose());

  /** Confirmed subscribers per town and channel of a new jurisdiction loaded with the demo's. */
  async function loaded(): Promise<string[]> {
    const { jurisdiction } = await seedJurisdiction(context.db);
    await importLayer(context, cliActor, {
      jurisdiction,
      geojsonPath: path.resolve('demo-data', 'ct_towns.geojson'),
      name: 'Towns',
      idProperty: 'name',
    });
    assert.equal(await loadCommunityAlertsDemo(context, jurisdiction), 60);
    const rows = await context.db.query<{ area_id: string; channel: string; n: number }>(
      `select a.area_id, s.channel, count(*)::int as n from community_subscription_areas a
       join community_subscribers s on s.jurisdiction_id = a.jurisdiction_id and s.id = a.subscriber_id
       where s.jurisdiction_id = $1 and s.status = 'confirmed' group by a.area_id, s.channel order by 1, 2`,
      [jurisdiction.id],
    );
    return rows.map((r) => `${r.area_id}/${r.channel}: ${r.n}`);
  }

  it('confirms 60 subscribers over five towns, the same ones every time', async () => {
    const first = await loaded();
    assert.deepEqual(
      new Set(first.map((r) => r.split('/')[0])),
      new Set(['Bridgeport', 'Hartford', 'New Britain', 'New Haven', 'Waterbury']),
    );
    assert.deepEqual(await loaded(), first);
  });
});
