import { z } from 'zod';
import { auditRead, BatchedReadAudit } from '../../access/audit/read-audit.js';
import { authorizeUser } from '../../access/authorize.js';
import { actorTier } from '../../access/policy.js';
import type { Actor } from '../../access/roles.js';
import type { Clock } from '../../platform/clock.js';
import type { Database, Queryable } from '../../platform/database.js';
import type { OverdoseRecord } from '../overdose-record.js';
import { readOverdoses } from '../overdose-store.js';
import type { LiveFeed, OverdoseChange } from './live-feed.js';
import { liveChangeSchema, presentLiveChange } from './live-presenter.js';

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

/** One server-sent event: its name (the `event:` line) and its JSON data (the `data:` line). */
export const liveEventSchema = z.discriminatedUnion('event', [
  z.object({ event: z.literal('overdoses'), data: liveChangeSchema }),
  z.object({
    event: z.literal('refresh'),
    data: z
      .object({ changed: z.number().int() })
      .describe('Too many changed at once: read the figures again'),
  }),
]);

/** One server-sent event: its name and its JSON data. */
export type LiveEvent = z.infer<typeof liveEventSchema>;

/**
 * Subscribes a signed-in partner or analyst to their jurisdiction's changes; each change reaches
 * `send` presented for the actor's tier. A stream that carries line-level points (T2) is audited:
 * its opening at once, then the points it delivered, batched (see `BatchedReadAudit`). Returns the
 * function that unsubscribes.
 */
export function openLiveStream(
  deps: { db: Queryable; audit: { db: Database; clock: Clock } },
  feed: LiveFeed,
  actor: Actor,
  send: (event: LiveEvent) => void,
): () => void {
  authorizeUser(actor, 'aggregate.read_partner', 'Live updates are for signed-in users');
  const tier = actorTier(actor);
  let audit: BatchedReadAudit | null = null;
  if (tier === 'T2' || tier === 'T3') {
    const read = { action: 'overdoses.live_read', subjectType: 'overdose', purpose: 'surveillance' as const };
    void auditRead(deps.audit, actor, { ...read, action: 'overdoses.live_open', details: {} }).catch(
      (error: unknown) => console.error('audit: could not write a live stream opening', error),
    );
    audit = new BatchedReadAudit(deps.audit, actor, { ...read, details: {} });
  }
  const unsubscribe = feed.subscribe(actor.jurisdictionId, (change) => {
    if (change.truncated || change.overdoseIds.length > MAX_LIVE_BATCH) {
      send({ event: 'refresh', data: { changed: change.overdoseIds.length } });
      return;
    }
    readChange(deps.db, change).then(
      (overdoses) => {
        send({ event: 'overdoses', data: presentLiveChange(overdoses, tier) });
        audit?.add(overdoses.length);
      },
      () => send({ event: 'refresh', data: { changed: change.overdoseIds.length } }),
    );
  });
  return () => {
    unsubscribe();
    void audit?.close();
  };
}
