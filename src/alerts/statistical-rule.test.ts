import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SosError } from '../platform/errors.js';
import { checkRuleDecision } from './alert-service.js';
import {
  checkRuleParameters,
  historyPeriods,
  judgeLastPeriod,
  judgePeriods,
  lastCompletePeriod,
  periodStarts,
} from './statistical-rule.js';
import { decideStatistical, decideThreshold, isCorroborated } from './threshold-decision.js';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return error instanceof SosError ? error.code : 'not a SosError';
  }
  return undefined;
};

describe('statistical rules: periods, parameters, verdicts', () => {
  it('takes yesterday, or the last MMWR week (Sunday to Saturday) that ended before today', () => {
    assert.deepEqual(lastCompletePeriod('2026-11-11', 'day'), { first: '2026-11-10', last: '2026-11-10' });
    // 11 November 2026 is a Wednesday: the last complete week is 1 to 7 November.
    assert.deepEqual(lastCompletePeriod('2026-11-11', 'week'), { first: '2026-11-01', last: '2026-11-07' });
    // On a Sunday, the week that ended yesterday.
    assert.deepEqual(lastCompletePeriod('2026-11-08', 'week'), { first: '2026-11-01', last: '2026-11-07' });
    assert.deepEqual(lastCompletePeriod('2026-11-07', 'week'), { first: '2026-10-25', last: '2026-10-31' });
    assert.deepEqual(periodStarts('2026-11-01', 'week', 3), ['2026-10-18', '2026-10-25', '2026-11-01']);
  });

  it("checks parameters by R's control names, and keeps the range to the scheduler", () => {
    assert.equal(checkRuleParameters('ears_c2', { baseline: 14 }).method, 'C2');
    assert.equal(historyPeriods('ears_c2', { baseline: 14 }), 17);
    assert.equal(historyPeriods('farrington', null), 52 * 5 + 3 + 1);
    assert.equal(checkRuleParameters('farrington', null).thresholdMethod, 'nbPlugin');
    assert.equal(
      codeOf(() => checkRuleParameters('ears_c2', { baseline: 2 })),
      'DETECTION_PARAMETER_INVALID',
    );
    assert.equal(
      codeOf(() => checkRuleParameters('ears_c2', { method: 'C1' })),
      'DETECTION_PARAMETER_INVALID',
    );
    assert.equal(
      codeOf(() => checkRuleParameters('essence_switch', { range: [1, 2] })),
      'DETECTION_PARAMETER_INVALID',
    );
    assert.equal(
      codeOf(() => checkRuleParameters('essence_switch', { nope: 1 })),
      'DETECTION_PARAMETER_INVALID',
    );
  });

  it('judges the last period of a series', () => {
    const quiet = Array.from({ length: 70 }, (_, i) => 2 + (i % 3));
    assert.equal(judgeLastPeriod('ears_c2', null, [...quiet, 3], 1).alarm, false);
    const spike = judgeLastPeriod('ears_c2', null, [...quiet, 12], 1);
    assert.equal(spike.alarm, true);
    assert.ok(spike.upperbound !== null && spike.upperbound < 12);
    assert.equal(judgeLastPeriod('essence_switch', null, [...quiet, 12], 1).alarm, true);
  });

  it('judges a run of periods at once exactly as the schedule judges each one last', () => {
    // Irregular counts with a few spikes; each method's verdicts on the last 24 periods from one run
    // must equal its verdict on the series cut after each of them (what the scheduler sees then).
    const series = Array.from({ length: 300 }, (_, i) => 4 + ((i * 7919) % 11) + (i % 37 === 0 ? 25 : 0));
    for (const method of ['ears_c2', 'essence_switch', 'farrington'] as const) {
      const from = series.length - 24;
      const together = judgePeriods(method, null, series, from, 3);
      assert.equal(together.length, 24);
      together.forEach((verdict, i) => {
        const alone = judgeLastPeriod(method, null, series.slice(0, from + i + 1), 3);
        assert.equal(verdict.alarm, alone.alarm, `${method}, period ${from + i}`);
        assert.equal(verdict.upperbound, alone.upperbound, `${method}, period ${from + i}`);
      });
      assert.ok(
        together.some((v) => v.alarm),
        `${method} alarms on a spike`,
      );
    }
  });

  it('checks how a rule decides: params for statistical methods, second_method of the same period', () => {
    assert.deepEqual(checkRuleDecision({ method: 'threshold_24h', corroboration: 'two_sources' }), {
      params: null,
      corroboration: 'two_sources',
      secondMethod: null,
    });
    const invalid = (input: Parameters<typeof checkRuleDecision>[0]) =>
      codeOf(() => checkRuleDecision(input));
    assert.equal(invalid({ method: 'threshold_24h', params: { baseline: 7 } }), 'VALIDATION_FAILED');
    assert.equal(invalid({ method: 'threshold_24h', corroboration: 'second_method' }), 'VALIDATION_FAILED');
    assert.equal(invalid({ method: 'ears_c2', corroboration: 'second_method' }), 'VALIDATION_FAILED');
    assert.equal(
      invalid({ method: 'ears_c2', corroboration: 'second_method', secondMethod: 'farrington' }),
      'VALIDATION_FAILED',
    );
    assert.equal(invalid({ method: 'ears_c2', secondMethod: 'essence_switch' }), 'VALIDATION_FAILED');
    assert.equal(
      checkRuleDecision({ method: 'ears_c2', corroboration: 'second_method', secondMethod: 'essence_switch' })
        .secondMethod,
      'essence_switch',
    );
  });
});

describe('corroboration in the shared decision', () => {
  const base = {
    at: Date.parse('2026-11-11T15:00:00Z'),
    count: 12,
    alarm: true,
    upperbound: 8.4,
    minimumCount: 3,
    coolDownMinutes: 60,
    episode: null,
  };

  it('needs two distinct primary source types for two_sources', () => {
    assert.equal(isCorroborated('none', {}), true);
    assert.equal(isCorroborated('two_sources', { sourceTypes: 1 }), false);
    assert.equal(isCorroborated('two_sources', { sourceTypes: 2 }), true);
    assert.equal(
      decideStatistical({ ...base, corroboration: 'two_sources', evidence: { sourceTypes: 1 } }).reason,
      'not_corroborated',
    );
  });

  it('raises with second_method when both methods agree, not when they disagree', () => {
    const decide = (secondMethodAlarm: boolean) =>
      decideStatistical({ ...base, corroboration: 'second_method', evidence: { secondMethodAlarm } });
    assert.deepEqual(decide(true), { step: 'open', raise: true, count: 12, threshold: 9, reason: 'signal' });
    assert.deepEqual(decide(false), {
      step: 'none',
      raise: false,
      count: 12,
      threshold: 9,
      reason: 'not_corroborated',
    });
    // Agreement on real series: EARS C2 and the ESSENCE switch on the same day.
    const quiet = Array.from({ length: 70 }, (_, i) => 2 + (i % 3));
    const agree = judgeLastPeriod('essence_switch', null, [...quiet, 12], 1).alarm;
    assert.equal(decide(agree).raise, true);
  });

  it('judges a period once, raises once per run of alarming periods, and nothing under the minimum', () => {
    const none = { corroboration: 'none' as const, evidence: {} };
    const judged = { lastSignalAt: base.at, endedAt: null };
    assert.equal(decideStatistical({ ...base, ...none, episode: judged }).reason, 'already_judged');
    // The day before alarmed: this one continues its episode; one that does not alarm ends it.
    const yesterday = { lastSignalAt: base.at - 24 * 3_600_000, endedAt: null };
    assert.equal(decideStatistical({ ...base, ...none, episode: yesterday }).step, 'continue');
    assert.equal(decideStatistical({ ...base, ...none, alarm: false, episode: yesterday }).step, 'end');
    assert.equal(decideStatistical({ ...base, ...none, count: 2 }).reason, 'under_minimum');
    assert.equal(decideStatistical({ ...base, ...none, alarm: false }).reason, 'not_above_threshold');
    // The threshold that applied: above the floored upper bound, at least the minimum.
    assert.equal(decideStatistical({ ...base, ...none, upperbound: 1.2 }).threshold, 3);
  });

  it('holds back a threshold alert that one source alone makes', () => {
    const windowCounts = [5, ...Array(30).fill(1)];
    const input = { at: base.at, windowCounts, minimumCount: 3, coolDownMinutes: 60, episode: null };
    assert.equal(decideThreshold(input).raise, true);
    assert.equal(
      decideThreshold({ ...input, corroboration: 'two_sources', evidence: { sourceTypes: 1 } }).reason,
      'not_corroborated',
    );
    assert.equal(
      decideThreshold({ ...input, corroboration: 'two_sources', evidence: { sourceTypes: 3 } }).raise,
      true,
    );
  });
});
