import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type AlarmPeriod,
  alarmPeriods,
  matchWindowEnd,
  median,
  perMonth,
  scoreAlarms,
  type TruthSpike,
} from './spike-scoring.js';

const day = 86_400_000;
const hour = 3_600_000;
const week = 7 * day;

/** A spike in Hartford from day 10, 6 a.m., lasting two days. */
const hartford: TruthSpike = {
  id: 'spike-1',
  area: 'Hartford',
  start: 10 * day + 6 * hour,
  end: 12 * day + 6 * hour,
};
/** A spike in New Haven from day 40 at midnight, lasting one day, whose circle reaches West Haven. */
const newHaven: TruthSpike = {
  id: 'spike-2',
  area: 'New Haven',
  start: 40 * day,
  end: 41 * day,
  spilloverAreas: ['West Haven', 'New Haven'],
};

const dayAlarm = (area: string, d: number): AlarmPeriod => ({ area, start: d * day, end: (d + 1) * day });

describe('scoreAlarms', () => {
  it('detects a spike from an alarm on the day it starts, the delay running to the end of that day', () => {
    const score = scoreAlarms([hartford], [dayAlarm('Hartford', 10)], 7 * day);
    assert.equal(score.detected, 1);
    assert.equal(score.sensitivity, 1);
    assert.deepEqual(score.delays, [18 * hour]);
    assert.equal(score.medianDelay, 18 * hour);
    assert.deepEqual(score.firstAlarmAt, [11 * day]);
    assert.equal(score.falseAlarms, 0);
    assert.equal(score.matchedAlarms, 1);
  });

  it('counts an alarm whose period ends before or at the spike start as false', () => {
    const score = scoreAlarms(
      [hartford, newHaven],
      [dayAlarm('Hartford', 9), dayAlarm('New Haven', 39)],
      7 * day,
    );
    assert.equal(score.detected, 0);
    assert.equal(score.sensitivity, 0);
    assert.equal(score.falseAlarms, 2);
    assert.equal(score.medianDelay, null);
    assert.deepEqual(score.firstAlarmAt, [null, null]);
  });

  it('counts an alarm in another town as false, but not one in a town the spike spilled into', () => {
    const score = scoreAlarms(
      [hartford, newHaven],
      [dayAlarm('New Britain', 10), dayAlarm('West Haven', 40), dayAlarm('West Haven', 60)],
      7 * day,
    );
    assert.equal(score.detected, 0);
    assert.equal(score.spilloverAlarms, 1);
    assert.equal(score.falseAlarms, 2);
  });

  it('counts two alarms for one spike as one detection with the earlier delay, and neither as false', () => {
    const score = scoreAlarms([hartford], [dayAlarm('Hartford', 13), dayAlarm('Hartford', 11)], 7 * day);
    assert.equal(score.detected, 1);
    assert.deepEqual(score.delays, [2 * day - 6 * hour]);
    assert.equal(score.matchedAlarms, 2);
    assert.equal(score.falseAlarms, 0);
  });

  it('matches up to the window after the start, or to the spike end when that is later', () => {
    // Window of 7 days from day 10, 6 a.m.: a day-16 alarm is in, a day-17 alarm starts at 17 d 0 h, still in; day 18 is out.
    const late = scoreAlarms([hartford], [dayAlarm('Hartford', 17)], 7 * day);
    assert.equal(late.detected, 1);
    assert.deepEqual(late.delays, [8 * day - 6 * hour]);
    const tooLate = scoreAlarms([hartford], [dayAlarm('Hartford', 18)], 7 * day);
    assert.equal(tooLate.detected, 0);
    assert.equal(tooLate.falseAlarms, 1);
    // With no window after the start, the spike's own two days still count.
    assert.equal(matchWindowEnd(hartford, 0), hartford.end);
    assert.equal(scoreAlarms([hartford], [dayAlarm('Hartford', 12)], 0).detected, 1);
    assert.equal(scoreAlarms([hartford], [dayAlarm('Hartford', 13)], 0).detected, 0);
  });

  it('scores a weekly alarm whose week holds the spike start', () => {
    const weekAlarm: AlarmPeriod = { area: 'Hartford', start: 1 * week, end: 2 * week };
    const score = scoreAlarms([hartford], [weekAlarm], 14 * day);
    assert.equal(score.detected, 1);
    assert.deepEqual(score.delays, [2 * week - hartford.start]);
  });

  it('gives exact sensitivity, false alarms and the median delay over several spikes', () => {
    const third: TruthSpike = { id: 'spike-3', area: 'Waterbury', start: 70 * day, end: 73 * day };
    const score = scoreAlarms(
      [hartford, newHaven, third],
      [
        dayAlarm('Hartford', 12),
        dayAlarm('Waterbury', 70),
        dayAlarm('Waterbury', 90),
        dayAlarm('Hartford', 1),
      ],
      7 * day,
    );
    assert.equal(score.spikes, 3);
    assert.equal(score.detected, 2);
    assert.equal(score.sensitivity, 2 / 3);
    assert.deepEqual(score.delays, [3 * day - 6 * hour, 1 * day]);
    assert.equal(score.medianDelay, (3 * day - 6 * hour + 1 * day) / 2);
    assert.equal(score.falseAlarms, 2);
    assert.equal(score.matchedAlarms, 2);
  });

  it('gives NaN sensitivity without spikes and counts every alarm as false', () => {
    const score = scoreAlarms([], [dayAlarm('Hartford', 1)], 7 * day);
    assert.ok(Number.isNaN(score.sensitivity));
    assert.equal(score.falseAlarms, 1);
  });

  it('refuses a negative match window', () => {
    assert.throws(() => scoreAlarms([hartford], [], -1), RangeError);
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    assert.equal(median([]), null);
    assert.equal(median([5]), 5);
    assert.equal(median([9, 1, 5]), 5);
    assert.equal(median([4, 1, 3, 2]), 2.5);
  });
});

describe('perMonth', () => {
  it('divides by months of 365.25 / 12 days', () => {
    assert.equal(perMonth(48, 0, 1461 * day), 1);
    assert.ok(Number.isNaN(perMonth(1, 5, 5)));
  });
});

describe('alarmPeriods', () => {
  it('turns alarms into periods between boundaries, nulls being no alarm', () => {
    assert.deepEqual(alarmPeriods('Hartford', [false, true, null, true], [0, 10, 20, 30, 40]), [
      { area: 'Hartford', start: 10, end: 20 },
      { area: 'Hartford', start: 30, end: 40 },
    ]);
    assert.throws(() => alarmPeriods('Hartford', [true], [0]), RangeError);
  });
});
