import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom, shuffleInPlace } from './prng.js';

const draws = (seed: number, stream: number) => {
  const random = seededRandom(seed, stream);
  return Array.from({ length: 8 }, () => random.nextUint32());
};

describe('seededRandom', () => {
  it('gives the same words for the same seed and stream', () => {
    assert.deepEqual(draws(12345678, 3), draws(12345678, 3));
  });

  it('gives other words for another seed or another stream', () => {
    assert.notDeepEqual(draws(12345678, 3), draws(12345679, 3));
    assert.notDeepEqual(draws(12345678, 3), draws(12345678, 4));
  });

  it('draws whole numbers below the bound, every value about as often', () => {
    const random = seededRandom(1);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[random.below(6)]++;
    for (const count of counts) assert.ok(Math.abs(count - 10_000) < 500, String(counts));
  });

  it('shuffles into a permutation of the same values, reproducibly', () => {
    const a = Int32Array.from({ length: 50 }, (_, i) => i);
    const b = Int32Array.from(a);
    shuffleInPlace(a, seededRandom(7, 1));
    shuffleInPlace(b, seededRandom(7, 1));
    assert.deepEqual(a, b);
    assert.notDeepEqual(
      Array.from(a),
      Array.from({ length: 50 }, (_, i) => i),
    );
    assert.deepEqual(
      [...a].sort((x, y) => x - y),
      Array.from({ length: 50 }, (_, i) => i),
    );
  });
});
