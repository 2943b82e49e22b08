import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DetectionParameterError } from './detection-parameter-error.js';
import { referencePeriodGroups } from './farrington-reference-periods.js';

/** The 1-based periods of each group, for readable expectations. */
function periodsByGroup(groups: Int32Array): Record<number, number[]> {
  const result: Record<number, number[]> = {};
  groups.forEach((group, i) => {
    if (group === 0) return;
    const periods = result[group] ?? [];
    periods.push(i + 1);
    result[group] = periods;
  });
  return result;
}

describe('Farrington reference periods', () => {
  it('takes the windows of past years only, leaving out the recent periods (Farrington 1996)', () => {
    const groups = referencePeriodGroups(30, 25, {
      frequency: 10,
      b: 2,
      w: 1,
      noPeriods: 1,
      pastWeeksNotIncluded: 1,
    });
    assert.deepEqual(periodsByGroup(groups), { 1: [4, 5, 6, 14, 15, 16] });
  });

  it('cuts the stretches between windows into blocks, longer ones first (Noufaily 2013)', () => {
    const groups = referencePeriodGroups(30, 25, {
      frequency: 10,
      b: 2,
      w: 1,
      noPeriods: 3,
      pastWeeksNotIncluded: 4,
    });
    // Between windows 4–6 and 14–16: 7 periods, as blocks of 4 and 3; between 14–16 and the current
    // window 24–25: 7–13 and 17–23, minus the 4 recent periods and the monitored one (21–25).
    assert.deepEqual(periodsByGroup(groups), {
      1: [7, 8, 9, 10, 17, 18, 19, 20],
      2: [11, 12, 13],
      3: [4, 5, 6, 14, 15, 16],
    });
  });

  it('refuses a period with fewer than b years of history', () => {
    assert.throws(
      () =>
        referencePeriodGroups(30, 15, { frequency: 10, b: 2, w: 1, noPeriods: 1, pastWeeksNotIncluded: 1 }),
      DetectionParameterError,
    );
  });
});
