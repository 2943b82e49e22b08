import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Actor } from '../../access/roles.js';
import type { Queryable } from '../../platform/database.js';
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

describe('live streams', () => {
  it('tell pages to reload after a bulk change instead of reading it row by row', async () => {
    const feed = new LiveFeed();
    const events: LiveEvent[] = [];
    const close = openLiveStream(untouchable, feed, analyst, (e) => events.push(e));
    feed.announce({
      jurisdictionId: 'j',
      overdoseIds: Array.from({ length: MAX_LIVE_BATCH + 1 }, (_, i) => `o${i}`),
    });
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(events, [{ event: 'refresh', data: { changed: MAX_LIVE_BATCH + 1 } }]);
    close();
    assert.equal(feed.listenerCount, 0);
  });

  it('refuse roles without aggregate access before subscribing', () => {
    const feed = new LiveFeed();
    const submitter: Actor = { ...analyst, role: 'submitter' } as Actor;
    assert.throws(() => openLiveStream(untouchable, feed, submitter, () => {}), /aggregate\.read_partner/);
    assert.equal(feed.listenerCount, 0);
  });
});
