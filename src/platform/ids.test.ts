import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newId } from './ids.js';

describe('newId', () => {
  it('makes version 7, variant 10 UUIDs that sort by time and do not repeat', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => newId(1_700_000_000_000 + Math.floor(i / 10)));
    for (const id of ids.slice(0, 50))
      assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(new Set(ids).size, ids.length);
    const byTime = ids.filter((_, i) => i % 10 === 0);
    assert.deepEqual([...byTime].sort(), byTime, 'ids of later milliseconds sort later');
    assert.equal(newId(0x0123456789ab).slice(0, 13), '01234567-89ab');
  });
});
