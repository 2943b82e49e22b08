import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { indexAtWeight, Random, WeightedChoice } from './random.js';

function firstValues(random: Random, count: number): number[] {
  return Array.from({ length: count }, () => random.uint32());
}

describe('Random', () => {
  it('repeats its sequence for the same seed and stream', () => {
    assert.deepEqual(firstValues(new Random(7), 50), firstValues(new Random(7), 50));
    assert.deepEqual(firstValues(new Random(7, 3), 50), firstValues(new Random(7, 3), 50));
  });

  it('gives unrelated sequences for neighbouring seeds and for other streams', () => {
    const base = firstValues(new Random(7), 50);
    assert.notDeepEqual(firstValues(new Random(8), 50), base);
    assert.notDeepEqual(firstValues(new Random(7, 1), 50), base);
    const shared = base.filter((value) => firstValues(new Random(8), 50).includes(value));
    assert.equal(shared.length, 0);
  });

  it('draws uniform numbers in [0, 1) with the expected mean', () => {
    const random = new Random(1);
    let sum = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = random.next();
      assert.ok(u >= 0 && u < 1);
      sum += u;
    }
    assert.ok(Math.abs(sum / 100_000 - 0.5) < 0.005);
  });

  it('draws integers over the whole closed range and nothing outside it', () => {
    const random = new Random(2);
    const seen = new Set<number>();
    for (let i = 0; i < 10_000; i++) seen.add(random.integer(3, 7));
    assert.deepEqual([...seen].sort(), [3, 4, 5, 6, 7]);
  });

  it('draws standard normal numbers', () => {
    const random = new Random(3);
    const values = Array.from({ length: 100_000 }, () => random.normal());
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
    assert.ok(Math.abs(mean) < 0.02, `mean ${mean}`);
    assert.ok(Math.abs(variance - 1) < 0.02, `variance ${variance}`);
  });

  it('draws Poisson counts whose mean and variance match, for small and large means', () => {
    for (const mean of [0.3, 4, 250]) {
      const random = new Random(4);
      const values = Array.from({ length: 50_000 }, () => random.poisson(mean));
      const average = values.reduce((a, b) => a + b, 0) / values.length;
      const variance = values.reduce((a, b) => a + (b - average) ** 2, 0) / values.length;
      assert.ok(Math.abs(average - mean) < 0.03 * mean + 0.01, `mean ${mean}: ${average}`);
      assert.ok(Math.abs(variance - mean) < 0.06 * mean + 0.02, `variance ${mean}: ${variance}`);
      assert.ok(values.every((value) => Number.isInteger(value) && value >= 0));
    }
    assert.equal(new Random(4).poisson(0), 0);
  });
});

describe('WeightedChoice', () => {
  it('draws values in proportion to their weights and never a zero-weight value', () => {
    const choice = new WeightedChoice([
      ['a', 1],
      ['never', 0],
      ['b', 3],
    ] as const);
    const random = new Random(5);
    const counts = { a: 0, b: 0, never: 0 };
    for (let i = 0; i < 40_000; i++) counts[choice.draw(random)]++;
    assert.equal(counts.never, 0);
    assert.ok(Math.abs(counts.b / counts.a - 3) < 0.15, `ratio ${counts.b / counts.a}`);
  });

  it('refuses an empty or weightless table', () => {
    assert.throws(() => new WeightedChoice([]), RangeError);
    assert.throws(() => new WeightedChoice([['a', 0]]), RangeError);
  });
});

describe('indexAtWeight', () => {
  it('finds the first index whose running total exceeds the target', () => {
    const cumulative = Float64Array.from([1, 1, 4, 10]);
    assert.equal(indexAtWeight(cumulative, 0), 0);
    assert.equal(indexAtWeight(cumulative, 0.99), 0);
    assert.equal(indexAtWeight(cumulative, 1), 2);
    assert.equal(indexAtWeight(cumulative, 9.99), 3);
  });
});
