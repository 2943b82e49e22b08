import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildTimeline,
  dateDaysBefore,
  formatLocalTime,
  localDate,
  localMidnightMs,
  offsetMinutesAt,
  weightShare,
} from './timeline.js';

describe('Connecticut clock', () => {
  it('knows standard and daylight time', () => {
    assert.equal(offsetMinutesAt(Date.parse('2024-01-15T12:00:00Z')), -300);
    assert.equal(offsetMinutesAt(Date.parse('2024-07-15T12:00:00Z')), -240);
    // Clocks moved forward at 2 a.m. EST on 10 March 2024 (07:00 UTC).
    assert.equal(offsetMinutesAt(Date.parse('2024-03-10T06:59:00Z')), -300);
    assert.equal(offsetMinutesAt(Date.parse('2024-03-10T07:00:00Z')), -240);
  });

  it('finds local midnight and local dates', () => {
    assert.equal(new Date(localMidnightMs('2024-01-15')).toISOString(), '2024-01-15T05:00:00.000Z');
    assert.equal(new Date(localMidnightMs('2024-03-10')).toISOString(), '2024-03-10T05:00:00.000Z');
    assert.equal(new Date(localMidnightMs('2024-03-11')).toISOString(), '2024-03-11T04:00:00.000Z');
    assert.equal(localDate(Date.parse('2024-07-02T03:59:00Z')), '2024-07-01');
    assert.equal(localDate(Date.parse('2024-07-02T04:00:00Z')), '2024-07-02');
    assert.equal(dateDaysBefore('2024-03-01', 1), '2024-02-29');
  });

  it('writes ISO 8601 local times with their offset', () => {
    assert.equal(formatLocalTime(Date.parse('2024-05-04T02:15:00Z'), -240), '2024-05-03T22:15:00-04:00');
    assert.equal(formatLocalTime(Date.parse('2024-01-01T04:59:00Z'), -300), '2023-12-31T23:59:00-05:00');
    const written = '2024-05-03T22:15:00-04:00';
    assert.equal(Date.parse(written), Date.parse('2024-05-04T02:15:00Z'));
  });
});

describe('buildTimeline', () => {
  it('covers whole local days before the end date, one hour shorter across spring-forward', () => {
    const timeline = buildTimeline('2024-03-15', 10);
    assert.equal(new Date(timeline.startMs).toISOString(), '2024-03-05T05:00:00.000Z');
    assert.equal(new Date(timeline.endMs).toISOString(), '2024-03-15T04:00:00.000Z');
    assert.equal(timeline.hours, 239);
    assert.equal(timeline.offsetMinutes[0], -300);
    assert.equal(timeline.offsetMinutes[238], -240);
  });

  it('weights weekend days, summer and evenings above weekdays, winter and mornings', () => {
    const timeline = buildTimeline('2025-01-01', 366);
    const dayShare = (date: string): number => {
      const hour = Math.round((localMidnightMs(date) - timeline.startMs) / 3_600_000);
      return weightShare(timeline, hour, hour + 24);
    };
    assert.ok(dayShare('2024-07-13') > dayShare('2024-07-10')); // Saturday over Wednesday
    assert.ok(dayShare('2024-07-10') > dayShare('2024-01-10')); // July over January, both Wednesdays
    const evening = Math.round((localMidnightMs('2024-07-10') - timeline.startMs) / 3_600_000) + 21;
    assert.ok(
      weightShare(timeline, evening, evening + 1) > weightShare(timeline, evening - 14, evening - 13),
    );
    assert.ok(Math.abs(weightShare(timeline, 0, timeline.hours) - 1) < 1e-12);
  });
});
