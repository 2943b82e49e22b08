import { z } from 'zod';
import { auditRead, BatchedReadAudit } from '../../access/audit/read-audit.js';
import { authorizeUser } from '../../access/authorize.js';
import { actorTier } from '../../access/policy.js';
import type { Actor } from '../../access/roles.js';
import type { Clock } from '../../platform/clock.js';
import type { Database, Queryable } from '../../platform/database.js';
import type { OverdoseRecord } from '../overdose-record.js';
import { readOverdoses } from '../overdose-store.js';
import { LIVE_READ_LIMIT, type LoggedChange, lastPosition, readChangesAfter } from './live-log.js';
import { liveChangeSchema, presentLiveChange } from './live-presenter.js';
import type { LiveTail } from './live-tail.js';

/** Past this many overdoses in one change (a bulk import), streams are told to reload instead. */
export const MAX_LIVE_BATCH = 500;

// Every open stream hears the same change object: the overdoses are read once for all of them.
const changedOverdoses = new WeakMap<LoggedChange, Promise<OverdoseRecord[]>>();

function readChange(db: Queryable, change: LoggedChange): Promise<OverdoseRecord[]> {
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

/** Where a stream starts: the position its client reached (its Last-Event-ID), or null for now. */
export type StreamStart = number | null;

/** An open stream: the position its client is at once opened, and the function that closes it. */
export interface OpenStream {
  position: number;
  close: () => void;
}

/**
 * Subscribes a signed-in partner or analyst to their jurisdiction's changes, read from the live log;
 * each change reaches `send` once, in position order, presented for the actor's tier, with its
 * position (the event's id). A client that resumes from a position first receives the changes it
 * missed; one whose position was pruned from the log is told to reload. A stream that carries
 * line-level points (T2) is audited: its opening at once, then the points it delivered, batched
 * (see `BatchedReadAudit`).
 */
export async function openLiveStream(
  deps: { db: Queryable; audit: { db: Database; clock: Clock } },
  tail: LiveTail,
  actor: Actor,
  start: StreamStart,
  send: (event: LiveEvent, position: number) => void,
): Promise<OpenStream> {
  authorizeUser(actor, 'aggregate.read_partner', 'Live updates are for signed-in users');
  const tier = actorTier(actor);
  const jurisdictionId = actor.jurisdictionId;
  const last = await lastPosition(deps.db, jurisdictionId);
  // A position the log never reached (another database, a restored one): start now, and reload.
  let position = start === null || start > last ? last : start;
  const reload = start !== null && start > last;
  let audit: BatchedReadAudit | null = null;
  if (tier === 'T2' || tier === 'T3') {
    const read = { action: 'overdoses.live_read', subjectType: 'overdose', purpose: 'surveillance' as const };
    void auditRead(deps.audit, actor, { ...read, action: 'overdoses.live_open', details: {} }).catch(
      (error: unknown) => console.error('audit: could not write a live stream opening', error),
    );
    audit = new BatchedReadAudit(deps.audit, actor, { ...read, details: {} });
  }
  let closed = false;
  const emit = async (change: LoggedChange) => {
    if (change.overdoseIds.length > MAX_LIVE_BATCH) {
      send({ event: 'refresh', data: { changed: change.overdoseIds.length } }, change.position);
    } else {
      try {
        const overdoses = await readChange(deps.db, change);
        if (closed) return;
        send({ event: 'overdoses', data: presentLiveChange(overdoses, tier) }, change.position);
        audit?.add(overdoses.length);
      } catch {
        send({ event: 'refresh', data: { changed: change.overdoseIds.length } }, change.position);
      }
    }
    position = change.position;
  };
  // Reads the log from the stream's position up to `upTo` (all of it when absent).
  const catchUp = async (upTo = Number.POSITIVE_INFINITY) => {
    for (;;) {
      const changes = await readChangesAfter(deps.db, jurisdictionId, position);
      const first = changes[0];
      if (!first) return;
      if (first.position > position + 1) {
        // Pruned past the client's position: what it missed is gone, so it reads the figures again.
        send({ event: 'refresh', data: { changed: 0 } }, first.position - 1);
        position = first.position - 1;
      }
      for (const change of changes) {
        if (closed || change.position > upTo) return;
        await emit(change);
      }
      if (changes.length < LIVE_READ_LIMIT) return;
    }
  };
  // One change at a time, in order: a change past a gap first reads the gap from the log.
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (work: () => Promise<void>) => {
    queue = queue.then(work).catch(() => {
      // A failed read leaves the position where it was: the next change reads the gap again.
    });
  };
  // The server's reader starts at the log's end: a client further behind reads its gap itself.
  const unsubscribe = tail.subscribe(jurisdictionId, last, (change) =>
    enqueue(async () => {
      if (closed || change.position <= position) return;
      if (change.position > position + 1) await catchUp(change.position - 1);
      if (!closed && change.position === position + 1) await emit(change);
    }),
  );
  const opened = position;
  if (reload) send({ event: 'refresh', data: { changed: 0 } }, opened);
  // Changes committed before the subscription (or missed while away) come from the log.
  enqueue(() => catchUp());
  return {
    position: opened,
    close: () => {
      closed = true;
      unsubscribe();
      void audit?.close();
    },
  };
}
