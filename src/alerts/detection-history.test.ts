import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ruleHistoryDays } from './detection-history.js';

describe('the days of counts a rule reads back', () => {
  it('counts a weekly method in weeks of seven days, from its own parameters', () => {
    // Farrington with b = 3 years of 52 weeks and w = 2 weeks either side: 52 * 3 + 2 + 1 weeks.
    assert.equal(
      ruleHistoryDays({ method: 'farrington', params: { b: 3, w: 2 }, secondMethod: null }),
      159 * 7,
    );
  });

  it('counts a daily method in days, and takes the longer of a rule and its second method', () => {
    // EARS C2 with a 7-day baseline: 7 days, a lag of 2, and the day judged.
    assert.equal(ruleHistoryDays({ method: 'ears_c2', params: { baseline: 7 }, secondMethod: null }), 10);
    const withFarrington = ruleHistoryDays({
      method: 'ears_c2',
      params: { baseline: 7 },
      secondMethod: 'farrington',
    });
    assert.equal(withFarrington, ruleHistoryDays({ method: 'farrington', params: null, secondMethod: null }));
    assert.ok(withFarrington > 365, `${withFarrington} days`);
  });

  it('gives a threshold rule one day: it counts the last 24 hours only', () => {
    assert.equal(ruleHistoryDays({ method: 'threshold_24h', params: null, secondMethod: null }), 1);
  });
});
