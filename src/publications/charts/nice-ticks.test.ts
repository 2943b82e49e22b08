import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { niceTicks } from './nice-ticks.js';

describe('niceTicks', () => {
  it('steps by 1, 2 or 5 times a power of ten up to a round top at or above the maximum', () => {
    assert.deepEqual(niceTicks(100), [0, 20, 40, 60, 80, 100]);
    assert.deepEqual(niceTicks(87), [0, 20, 40, 60, 80, 100]);
    assert.deepEqual(niceTicks(23), [0, 5, 10, 15, 20, 25]);
    assert.deepEqual(niceTicks(1234), [0, 500, 1000, 1500]);
    assert.deepEqual(niceTicks(10), [0, 2, 4, 6, 8, 10]);
  });

  it('gives fractional steps without rounding noise', () => {
    assert.deepEqual(niceTicks(0.7), [0, 0.2, 0.4, 0.6, 0.8]);
    assert.deepEqual(niceTicks(0.3), [0, 0.1, 0.2, 0.3]);
  });

  it('keeps whole-number steps for counts', () => {
    assert.deepEqual(niceTicks(3, { minStep: 1 }), [0, 1, 2, 3]);
    assert.deepEqual(niceTicks(1, { minStep: 1 }), [0, 1]);
  });

  it('gives an axis of 0 to 1 when there is nothing to scale', () => {
    assert.deepEqual(niceTicks(0), [0, 0.2, 0.4, 0.6, 0.8, 1]);
    assert.deepEqual(niceTicks(0, { minStep: 1 }), [0, 1]);
    assert.deepEqual(niceTicks(Number.NaN, { minStep: 1 }), [0, 1]);
  });

  it('honours a requested number of intervals roughly', () => {
    assert.deepEqual(niceTicks(100, { count: 2 }), [0, 50, 100]);
    assert.deepEqual(niceTicks(100, { count: 10 }), [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
  });
});
