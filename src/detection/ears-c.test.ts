import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertMatchesReference, referenceCases } from '../../test/support/detection-fixtures.js';
import { DetectionParameterError } from './detection-parameter-error.js';
import { type EarsMethod, earsC } from './ears-c.js';

describe('EARS C1, C2, C3 against R surveillance::earsC', () => {
  const cases = referenceCases('earsC');
  it('has reference cases to compare with', () => assert.ok(cases.length >= 24));
  for (const { name, series, reference } of cases) {
    it(name, () => {
      const control = reference.control as {
        method: EarsMethod;
        baseline: number;
        range: [number, number];
        alpha: number;
        minSigma: number;
      };
      assertMatchesReference(earsC(series.observed, control), reference);
    });
  }
});

describe('EARS parameters', () => {
  const counts = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  it('refuses a range that starts before the baseline is complete', () => {
    assert.throws(
      () => earsC(counts, { method: 'C3', baseline: 7, range: [11, 12] }),
      (error: unknown) => error instanceof DetectionParameterError && error.parameter === 'range',
    );
  });
  it('floors the baseline deviation at minSigma, so a flat baseline does not alarm on any rise', () => {
    const flat = [4, 4, 4, 4, 4, 4, 4, 5];
    assert.deepEqual(earsC(flat, { method: 'C1', range: [8, 8] }).alarm, [true]);
    assert.deepEqual(earsC(flat, { method: 'C1', range: [8, 8], minSigma: 1 }).alarm, [false]);
  });
  it('gives no bound where a count is missing from the baseline', () => {
    const gap = [1, 2, Number.NaN, 4, 5, 6, 7, 8];
    assert.deepEqual(earsC(gap, { method: 'C1', range: [8, 8] }), { upperbound: [null], alarm: [null] });
  });
});
