import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { highRateLogLikelihoodRatio } from './likelihood.js';

describe('highRateLogLikelihoodRatio', () => {
  it('matches the formula worked by hand', () => {
    // c = 4, μ = 130/194 (5 cases in the circle × 26 in the window / 194), C = 194:
    // 4·ln(4/0.670103) + 190·ln(190/193.329897) = 7.146637 − 3.301219 = 3.845418.
    const llr = highRateLogLikelihoodRatio(4, 130 / 194, 194);
    assert.ok(Math.abs(llr - 3.845418) < 1e-6, String(llr));
  });

  it('is zero when a cylinder has no more cases than expected', () => {
    assert.equal(highRateLogLikelihoodRatio(2, 2, 100), 0);
    assert.equal(highRateLogLikelihoodRatio(1, 3.5, 100), 0);
  });

  it('has no outside term when every case is inside', () => {
    assert.ok(Math.abs(highRateLogLikelihoodRatio(10, 5, 10) - 10 * Math.log(2)) < 1e-12);
  });

  it('rises with the cases and falls with the expectation', () => {
    assert.ok(highRateLogLikelihoodRatio(5, 1, 50) > highRateLogLikelihoodRatio(4, 1, 50));
    assert.ok(highRateLogLikelihoodRatio(5, 1, 50) > highRateLogLikelihoodRatio(5, 1.5, 50));
  });
});
