import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { after, before, it } from 'node:test';
import {
  describeEachEngine,
  openTestContext,
  seedJurisdiction,
} from '../../../test/support/test-databases.js';
import type { Jurisdiction } from '../../access/jurisdictions/jurisdiction.js';
import { cliActor } from '../../access/roles.js';
import type { AppContext } from '../../main/app-context.js';
import { Keyring } from '../../platform/keyring.js';
import { importLayer } from '../../surveillance/layer-service.js';
import { subscriberAddressStore } from './subscriber-keys.js';
import { requestSubscription } from './subscription-service.js';

describeEachEngine('community subscribers in a key rotation', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let jurisdiction: Jurisdiction;
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);

  before(async () => {
    context = await openTestContext(engine);
    // Only the rows matter here: the messages queued stay unsent (the context's keyring is another).
    await context.outbox.stop();
    ({ jurisdiction } = await seedJurisdiction(context.db));
    await importLayer(context, cliActor, {
      jurisdiction,
      geojsonPath: path.resolve('demo-data', 'ct_towns.geojson'),
      name: 'Towns',
      idProperty: 'name',
    });
  });
  after(() => context.dispose());

  const subscribe = (keyring: Keyring, address: string) =>
    requestSubscription(
      { db: context.db, clock: context.clock, keyring },
      { kind: 'public' },
      {
        jurisdiction: jurisdiction.shortName,
        channel: 'sms',
        address,
        areaIds: ['Hartford'],
        audience: 'public',
        language: 'en',
      },
    );
  const subscribers = () =>
    context.db.query<{ id: string; address_key_id: string; address_hash: string }>(
      'select id, address_key_id, address_hash from community_subscribers where jurisdiction_id = $1 order by id',
      [jurisdiction.id],
    );

  it('re-seals every address and its lookup hash with the new key, so the old key can go', async () => {
    const before = new Keyring([oldKey]);
    await subscribe(before, '860-555-0101');
    await subscribe(before, '860-555-0102');
    const store = subscriberAddressStore({ kind: 'system', label: 'key rotation' });
    assert.deepEqual(await store.countByKey(context.db), { [Keyring.idOf(oldKey)]: 2 });
    const during = new Keyring([newKey, oldKey]);
    const resealed = await context.db.transaction((tx) => store.resealBatch(tx, during, new Date(), 1));
    assert.equal(resealed, 1);
    assert.equal(await context.db.transaction((tx) => store.resealBatch(tx, during, new Date(), 10)), 1);
    assert.equal(await context.db.transaction((tx) => store.resealBatch(tx, during, new Date(), 10)), 0);
    assert.deepEqual(await store.countByKey(context.db), { [Keyring.idOf(newKey)]: 2 });
    const rows = await subscribers();
    // With the old key retired, the same number still finds its subscriber: no second row.
    const afterRotation = new Keyring([newKey]);
    await subscribe(afterRotation, '(860) 555-0101');
    assert.deepEqual(await subscribers(), rows);
    const [hash] = afterRotation.keyedHashes('community subscriber address', 'sms:+18605550101');
    assert.ok(rows.some((r) => r.address_hash === hash?.toString('hex')));
  });
});
