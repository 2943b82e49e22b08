import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase } from '../../../test/support/postgres-cluster.js';
import { clusterUrl } from '../../../test/support/test-databases.js';
import { type Database, openPglite, openPostgres } from '../../platform/database.js';
import { LiveFeed, type OverdoseChange } from './live-feed.js';

/** Waits until `check` holds, polling; fails after two seconds. */
async function eventually(check: () => boolean, what: string): Promise<void> {
  const until = Date.now() + 2_000;
  while (!check()) {
    if (Date.now() > until) assert.fail(`never happened: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('live feed across processes sharing one PostgreSQL', () => {
  let drop: () => Promise<void>;
  let first: Database;
  let second: Database;
  const a = new LiveFeed();
  const b = new LiveFeed();

  before(async () => {
    const created = await createTestDatabase(clusterUrl());
    drop = created.drop;
    first = await openPostgres(created.url);
    second = await openPostgres(created.url);
    await a.connect(first);
    await b.connect(second);
  });
  after(async () => {
    await a.disconnect();
    await b.disconnect();
    await first.close();
    await second.close();
    await drop();
  });

  it("hands one instance's changes to the other's streams and caches, not back to itself", async () => {
    const heardByB: OverdoseChange[] = [];
    const heardByA: OverdoseChange[] = [];
    b.subscribe('j1', (c) => heardByB.push(c));
    a.subscribe('j1', (c) => heardByA.push(c));
    const versionBefore = b.versionOf('j1');
    a.announce({ jurisdictionId: 'j1', overdoseIds: ['o1', 'o2'] });
    await eventually(() => heardByB.length === 1, 'the other instance hears the change');
    assert.deepEqual(heardByB[0], { jurisdictionId: 'j1', overdoseIds: ['o1', 'o2'], truncated: false });
    assert.equal(b.versionOf('j1'), versionBefore + 1);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(heardByA.length, 1, 'the announcing instance hears it once, from itself');
  });

  it('carries the days a change touched, so the other instance keeps answers about other days', async () => {
    const before = b.versionOf('j4');
    const days = [{ first: '2024-05-01', last: '2024-05-03' }];
    a.announce({ jurisdictionId: 'j4', overdoseIds: ['o9'], days });
    await eventually(() => b.versionOf('j4') === before + 1, 'the change arrives');
    assert.deepEqual(b.changedDaysSince('j4', before), days);
    assert.deepEqual(b.changedDaysSince('j4', before + 1), [], 'nothing since the latest');
    a.announce({ jurisdictionId: 'j4', overdoseIds: ['o10'] });
    await eventually(() => b.versionOf('j4') === before + 2, 'a change without days arrives');
    assert.equal(b.changedDaysSince('j4', before), null, 'a change that did not say touches every day');
  });

  it('sends a large change as a count, so the other instance reloads instead of reading ids', async () => {
    const heard: OverdoseChange[] = [];
    b.subscribe('j2', (c) => heard.push(c));
    a.announce({ jurisdictionId: 'j2', overdoseIds: Array.from({ length: 5_000 }, (_, i) => `o${i}`) });
    await eventually(() => heard.length === 1, 'the large change arrives');
    assert.deepEqual(heard[0], { jurisdictionId: 'j2', overdoseIds: [], truncated: true });
  });

  it('stays in its own process on PGlite', async () => {
    const db = await openPglite('memory://');
    const feed = new LiveFeed();
    await feed.connect(db);
    const heard: OverdoseChange[] = [];
    feed.subscribe('j3', (c) => heard.push(c));
    feed.announce({ jurisdictionId: 'j3', overdoseIds: ['x'] });
    await eventually(() => heard.length === 1, 'the local stream hears it');
    await feed.disconnect();
    await db.close();
  });
});
