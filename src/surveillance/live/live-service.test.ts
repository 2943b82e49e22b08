import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Actor } from '../../access/roles.js';
import { systemClock } from '../../platform/clock.js';
import type { Database, Queryable } from '../../platform/database.js';
import { LiveFeed } from './live-feed.js';
import { type LiveEvent, MAX_LIVE_BATCH, openLiveStream } from './live-service.js';

const analyst: Actor = {
  kind: 'user',
  userId: 'u',
  jurisdictionId: 'j',
  role: 'analyst',
  organizationId: null,
};

/** A database that must not be asked anything: large changes are never read row by row. */
const untouchable: Queryable = {
  query: () => Promise.reject(new Error('a large change must not be read')),
  copyLines: () => Promise.reject(new Error('unused')),
};

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
    const events: LiveEvent[] = [];
    const audit = countingAuditDatabase();
    const deps = { db: untouchable, audit: { db: audit.db, clock: systemClock } };
    const close = openLiveStream(deps, feed, analyst, (e) => events.push(e));
    feed.announce({
      jurisdictionId: 'j',
      overdoseIds: Array.from({ length: MAX_LIVE_BATCH + 1 }, (_, i) => `o${i}`),
    });
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(events, [{ event: 'refresh', data: { changed: MAX_LIVE_BATCH + 1 } }]);
    close();
    assert.equal(feed.listenerCount, 0);
    // The opening of an analyst's stream is audited; a refresh delivers no records, so nothing more.
    assert.equal(audit.transactions(), 1);
  });

  it('refuse roles without aggregate access before subscribing', () => {
    const feed = new LiveFeed();
    const submitter: Actor = { ...analyst, role: 'submitter' } as Actor;
    const deps = { db: untouchable, audit: { db: countingAuditDatabase().db, clock: systemClock } };
    assert.throws(() => openLiveStream(deps, feed, submitter, () => {}), /aggregate\.read_partner/);
    assert.equal(feed.listenerCount, 0);
  });
});
