import { authorize } from '../../access/authorize.js';
import { actorTier } from '../../access/policy.js';
import type { Actor } from '../../access/roles.js';
import type { Queryable } from '../../platform/database.js';
import { SosError } from '../../platform/errors.js';
import type { OverdoseRecord } from '../overdose-store.js';
import { readOverdoses } from '../overdose-store.js';
import type { LiveFeed, OverdoseChange } from './live-feed.js';
import { presentLiveChange } from './live-presenter.js';

/** Past this many overdoses in one change (a bulk import), streams are told to reload instead. */
export const MAX_LIVE_BATCH = 500;

// Every open stream hears the same change object: the overdoses are read once for all of them.
const changedOverdoses = new WeakMap<OverdoseChange, Promise<OverdoseRecord[]>>();

function readChange(db: Queryable, change: OverdoseChange): Promise<OverdoseRecord[]> {
  let read = changedOverdoses.get(change);
  if (!read) {
    read = readOverdoses(db, change.jurisdictionId, [...change.overdoseIds]);
    changedOverdoses.set(change, read);
  }
  return read;
}

/** One server-sent event: its name and its JSON data. */
export interface LiveEvent {
  event: 'overdoses' | 'refresh';
  data: unknown;
}

/**
 * Subscribes a signed-in partner or analyst to their jurisdiction's changes; each change reaches
 * `send` presented for the actor's tier. Returns the function that unsubscribes.
 */
export function openLiveStream(
  db: Queryable,
  feed: LiveFeed,
  actor: Actor,
  send: (event: LiveEvent) => void,
): () => void {
  authorize(actor, 'aggregate.read_partner');
  if (actor.kind !== 'user') throw new SosError('FORBIDDEN', 'Live updates are for signed-in users');
  const tier = actorTier(actor);
  return feed.subscribe(actor.jurisdictionId, (change) => {
    if (change.truncated || change.overdoseIds.length > MAX_LIVE_BATCH) {
      send({ event: 'refresh', data: { changed: change.overdoseIds.length } });
      return;
    }
    readChange(db, change).then(
      (overdoses) => send({ event: 'overdoses', data: presentLiveChange(overdoses, tier) }),
      () => send({ event: 'refresh', data: { changed: change.overdoseIds.length } }),
    );
  });
}
