import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LiveFeed } from '../live/live-feed.js';
import { AggregateCache } from './aggregate-cache.js';
import type { AggregateRow } from './aggregate-query.js';

describe('aggregate cache', () => {
  const year2024 = { first: '2024-01-01', last: '2024-12-31' };
  const statement = { source: 'area_rollup' as const, text: 'select 1', params: ['j'], days: year2024 };
  const setup = () => {
    const feed = new LiveFeed();
    let now = 0;
    let computed = 0;
    const cache = new AggregateCache(feed, 1_000, 3, () => now);
    const compute = async (): Promise<AggregateRow[]> => {
      computed++;
      return [{ period: '2024-01-01', key: null, count: computed }];
    };
    return {
      cache,
      compute,
      change: (j: string, days?: { first: string; last: string }[]) =>
        feed.announce({ jurisdictionId: j, overdoseIds: ['o'], ...(days ? { days } : {}) }),
      advance: (ms: number) => {
        now += ms;
      },
      computed: () => computed,
    };
  };

  it('answers repeated and concurrent questions once while the data is unchanged', async () => {
    const t = setup();
    const [a, b] = await Promise.all([
      t.cache.rows('j1', statement, t.compute),
      t.cache.rows('j1', statement, t.compute),
    ]);
    assert.deepEqual(a, b);
    await t.cache.rows('j1', statement, t.compute);
    assert.equal(t.computed(), 1);
  });

  it('asks again after a change in the jurisdiction, after the time limit, and for another jurisdiction', async () => {
    const t = setup();
    await t.cache.rows('j1', statement, t.compute);
    t.change('j1');
    assert.equal((await t.cache.rows('j1', statement, t.compute))[0]?.count, 2, 'days unknown: all');
    t.advance(1_001);
    assert.equal((await t.cache.rows('j1', statement, t.compute))[0]?.count, 3);
    await t.cache.rows('j2', statement, t.compute);
    assert.equal(t.computed(), 4);
  });

  it('keeps an answer through changes to days it does not count, and only those', async () => {
    const t = setup();
    await t.cache.rows('j1', statement, t.compute);
    t.change('j1', [{ first: '2025-01-01', last: '2025-01-01' }]);
    t.change('j1', [{ first: '2023-06-01', last: '2023-12-31' }]);
    t.change('j1', []);
    assert.equal((await t.cache.rows('j1', statement, t.compute))[0]?.count, 1);
    t.change('j1', [{ first: '2023-12-31', last: '2024-01-01' }]);
    assert.equal((await t.cache.rows('j1', statement, t.compute))[0]?.count, 2, 'an overlapping change');
    t.change('j1', [{ first: '2024-12-31', last: '2024-12-31' }]);
    assert.equal((await t.cache.rows('j1', statement, t.compute))[0]?.count, 3, 'the last day counts');
  });

  it('forgets failures and the oldest answers past its size', async () => {
    const t = setup();
    const failing = () => Promise.reject(new Error('database gone'));
    await assert.rejects(t.cache.rows('j1', statement, failing));
    assert.equal((await t.cache.rows('j1', statement, t.compute))[0]?.count, 1);
    for (const j of ['j2', 'j3', 'j4']) await t.cache.rows(j, statement, t.compute);
    await t.cache.rows('j1', statement, t.compute);
    assert.equal(t.computed(), 5, 'j1 was the oldest of four entries in a cache of three');
  });
});
