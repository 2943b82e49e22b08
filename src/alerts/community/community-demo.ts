import { randomUUID } from 'node:crypto';
import { recordAuditEntries } from '../../access/audit/audit-log.js';
import type { Jurisdiction } from '../../access/jurisdictions/jurisdiction.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/database.js';
import type { Keyring } from '../../platform/keyring.js';
import type { CommunityChannel, SubscriberAudience } from './community-vocabulary.js';
import { addressHashes } from './contact-address.js';
import { confirmSubscriberRequest, insertSubscriber } from './subscriber-repository.js';
import { subscriptionAreas } from './subscription-areas.js';

/** The demo's towns with subscribers (Connecticut's largest cities). */
const DEMO_TOWNS = ['Hartford', 'New Haven', 'Bridgeport', 'Waterbury', 'New Britain'];

/**
 * The demo's confirmed subscribers, so the community alerts page has counts: 60 made-up numbers of the
 * fictional 555-01xx range and example.org emails, spread over five towns by a fixed seed (the same
 * every time). Written as confirmed, with no message sent; returns how many.
 */
export async function loadCommunityAlertsDemo(
  deps: { db: Database; clock: Clock; keyring: Keyring },
  jurisdiction: Jurisdiction,
): Promise<number> {
  const layer = await subscriptionAreas(deps.db, jurisdiction.id);
  const towns = (layer?.areas ?? []).filter((a) => DEMO_TOWNS.includes(a.name));
  if (!layer || towns.length === 0) return 0;
  let seed = 18;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    for (let i = 0; i < 60; i++) {
      const channel: CommunityChannel = next() < 0.7 ? 'sms' : 'email';
      const address =
        channel === 'sms' ? `+1860555${String(100 + i).padStart(4, '0')}` : `subscriber${i}@example.org`;
      const audience: SubscriberAudience = next() < 0.5 ? 'public' : 'people_who_use_drugs';
      const areas = towns.filter((_, t) => t === i % towns.length || next() < 0.15);
      const sealed = deps.keyring.seal({ address });
      const subscriber = { jurisdictionId: jurisdiction.id, id: randomUUID() };
      await insertSubscriber(tx, {
        ...subscriber,
        channel,
        addressKeyId: sealed.keyId,
        addressSealed: sealed.sealed,
        addressHash: addressHashes(deps.keyring, channel, address)[0] as string,
        audience,
        language: next() < 0.2 ? 'es' : 'en',
        status: 'pending',
        createdAt: now,
      });
      await confirmSubscriberRequest(tx, subscriber, {
        audience,
        layerId: layer.layerId,
        areaIds: areas.map((a) => a.id),
        at: now,
      });
    }
    await recordAuditEntries(tx, jurisdiction.id, now, [
      {
        actorType: 'system',
        actorId: 'demo',
        action: 'community_subscribers.demo',
        subjectType: 'community_subscribers',
        subjectId: null,
        purpose: null,
        details: { count: 60 },
      },
    ]);
  });
  return 60;
}
