import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Actor } from '../../access/roles.js';
import { systemClock } from '../../platform/clock.js';
import type { Database, Queryable } from '../../platform/database.js';
import { LiveFeed } from './live-feed.js';
import { type LiveEvent, MAX_LIVE_BATCH, openLiveStream } from './live-service.js';
import { LiveTail } from './live-tail.js';

const analyst: Actor = {
  kind: 'user',
  userId: 'u',
  jurisdictionId: 'j',
  role: 'analyst',
  organizationId: null,
};

/**
 * A live log holding one bulk change at position 1: it answers the log's own questions, and refuses
 * to be asked for overdoses (large changes are never read row by row).
 */
function bulkLog(size: number): Queryable {
  return {
    query: async <T>(text: string) => {
      if (/from live_event_positions/.test(text)) return [{ last: '0' }] as T[];
      if (/from live_events/.test(text)) {
        return [{ position: '1', overdose_ids: Array.from({ length: size }, (_, i) => `o${i}`) }] as T[];
      }
      throw new Error('a large change must not be read');
    },
    copyLines: () => Promise.reject(new Error('unused')),
  };
}

/** Where the streams' audit entries go: transactions are counted, their statements accepted. */
function countingAuditDatabase(): { db: Database; transactions: () => number } {
  let transactions = 0;
  const tx: Queryable = {
    query: async <T>() => [{ seq: 0, hash: '0'.repeat(64) }] as T[],
    copyLines: () => Promise.reject(new Error('unused')),
  };
  const db = {
    ...tx,
    transaction: async <T>(fn: (t: Queryable) => Promise<T>) => {
      transactions++;
      return fn(tx);
    },
    close: async () => {},
  } as unknown as Database;
  return { db, transactions: () => transactions };
}

describe('live streams', () => {
  it('tell pages to reload after a bulk change instead of reading it row by row', async () => {
    const feed = new LiveFeed();
    const db = bulkLog(MAX_LIVE_BATCH + 1);
    const tail = new LiveTail(db, feed);
    const sent: { event: LiveEvent; position: number }[] = [];
    const audit = countingAuditDatabase();
    const deps = { db, audit: { db: audit.db, clock: systemClock } };
    const stream = await openLiveStream(deps, tail, analyst, null, (event, position) =>
      sent.push({ event, position }),
    );
    while (sent.length === 0) await new Promise((r) => setTimeout(r, 5));
    assert.deepEqual(sent, [
      { event: { event: 'refresh', data: { changed: MAX_LIVE_BATCH + 1 } }, position: 1 },
    ]);
    stream.close();
    tail.close();
    assert.equal(feed.listenerCount, 0);
    // The opening of an analyst's stream is audited; a refresh delivers no records, so nothing more.
    assert.equal(audit.transactions(), 1);
  });

  it('refuse roles without aggregate access before subscribing', async () => {
    const feed = new LiveFeed();
    const db = bulkLog(1);
    const tail = new LiveTail(db, feed);
    const submitter: Actor = { ...analyst, role: 'submitter' } as Actor;
    const deps = { db, audit: { db: countingAuditDatabase().db, clock: systemClock } };
    await assert.rejects(
      openLiveStream(deps, tail, submitter, null, () => {}),
      /aggregate\.read_partner/,
    );
    tail.close();
    assert.equal(feed.listenerCount, 0);
  });
});
