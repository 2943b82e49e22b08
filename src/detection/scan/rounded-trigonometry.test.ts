import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sineCosine } from './rounded-trigonometry.js';

/**
 * [degrees, sin, cos] of (degrees·π)/180, each the double nearest the exact value, computed by
 * test/fixtures/scan-grid/reference.py in 70-digit decimal arithmetic. For the first six, Node 20's
 * Math.sin or Math.cos is an ulp off.
 */
const ROUNDED: ReadonlyArray<readonly [number, number, number]> = [
  [40.6, 0.650774217265851, 0.7592713073348808],
  [-73.995, -0.9612376383811337, 0.2757212406751806],
  [40.63, 0.6511716815678318, 0.7589304586878315],
  [40.695, 0.6520322416457741, 0.7581912396317877],
  [-178.07, -0.03367848472911354, -0.9994327189292689],
  [-175.415, -0.07993796548331512, -0.9967998403262254],
  [0.005, 8.726646248895446e-5, 0.9999999961922823],
  [30, 0.49999999999999994, 0.8660254037844387],
  [45, 0.7071067811865475, Math.SQRT1_2],
  [89.995, 0.9999999961922823, 8.726646248878822e-5],
  [90, 1, 6.123233995736766e-17],
  [-90, -1, 6.123233995736766e-17],
  [180, 1.2246467991473532e-16, -1],
  [720.5, 0.008726535498374679, 0.9999619230641713],
];

describe('sineCosine', () => {
  it('rounds sine and cosine to the nearest double, where Math.sin and Math.cos may be an ulp off', () => {
    for (const [degrees, sine, cosine] of ROUNDED) {
      assert.deepEqual(sineCosine((degrees * Math.PI) / 180), [sine, cosine], `${degrees}°`);
    }
  });

  it('is odd in sine and even in cosine, and exact near zero', () => {
    for (const x of [0.3, 1.1, 2.5, 3.9, 100.25]) {
      const [s, c] = sineCosine(x);
      assert.deepEqual(sineCosine(-x), [-s, c]);
      assert.ok(Math.abs(s - Math.sin(x)) <= 2 ** -52 && Math.abs(c - Math.cos(x)) <= 2 ** -52);
    }
    assert.ok(Object.is(sineCosine(-0)[0], -0));
    assert.deepEqual(sineCosine(1e-9), [1e-9, 1]);
  });

  it('refuses an argument whose reduction it could not keep exact', () => {
    assert.throws(() => sineCosine(2 ** 21), RangeError);
    assert.throws(() => sineCosine(Number.NaN), RangeError);
  });
});
