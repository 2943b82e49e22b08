import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertMatchesReference, referenceCases } from '../../test/support/detection-fixtures.js';
import { cusum } from './cusum.js';

describe('CUSUM against R surveillance::algo.cusum', () => {
  const cases = referenceCases('cusum');
  it('has reference cases to compare with', () => assert.ok(cases.length >= 2));
  for (const { name, series, reference } of cases) {
    it(name, () => {
      const { k, h, range } = reference.control as { k: number; h: number; range: [number, number] };
      // The fixtures take m as the mean of the periods before the range, which is also our default.
      assertMatchesReference(cusum(series.observed, { k, h, range }), reference);
    });
  }
});

describe('CUSUM behaviour', () => {
  it('accumulates moderate excesses until the sum crosses h, and resets at 0', () => {
    // m = 4: each count of 8 adds (8 − 4)/2 − 1 = 1.
    const result = cusum([4, 4, 4, 4, 8, 8, 8, 0], { range: [5, 8], k: 1, h: 2.5 });
    assert.deepEqual(result.alarm, [false, false, true, false]);
    // Bound = ⌈2(h + k − Sₜ₋₁) + 4⌉ with Sₜ₋₁ = 0, 1, 2, 3.
    assert.deepEqual(result.upperbound, [11, 9, 7, 5]);
  });
});
