import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DetectionParameterError } from './detection-parameter-error.js';
import { recurrenceThreshold } from './recurrence-threshold.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = Date.UTC(2026, 10, 21, 12);

/** `n` events spread over the 24-hour window that ends `daysAgo` days before now. */
function eventsInWindow(daysAgo: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => now - daysAgo * DAY - ((i + 0.5) * DAY) / n);
}

const sorted = (...groups: number[][]) => groups.flat().sort((a, b) => a - b);

describe('recurrence threshold (rolling 24 hours, last 30 days)', () => {
  it('is the highest count reached in at least two of the 30 earlier windows', () => {
    // Earlier windows: one day with 6 (a one-off), two days with 4, the rest with 1.
    const history = [eventsInWindow(3, 6), eventsInWindow(10, 4), eventsInWindow(20, 4)];
    for (let d = 1; d <= 30; d++) if (![3, 10, 20].includes(d)) history.push(eventsInWindow(d, 1));
    const quiet = recurrenceThreshold(sorted(...history, eventsInWindow(0, 4)), now);
    assert.deepEqual(quiet, { count: 4, threshold: 4, alarm: false });
    const spike = recurrenceThreshold(sorted(...history, eventsInWindow(0, 5)), now);
    assert.deepEqual(spike, { count: 5, threshold: 4, alarm: true });
  });

  it('counts the window (at − 24 h, at]: an event exactly 24 hours old has left it', () => {
    const times = [now - DAY, now - DAY + 1, now];
    assert.equal(recurrenceThreshold(times, now).count, 2);
  });

  it('ignores what is older than the lookback', () => {
    const times = sorted(eventsInWindow(31, 9), eventsInWindow(32, 9), eventsInWindow(0, 1));
    assert.deepEqual(recurrenceThreshold(times, now), { count: 1, threshold: 0, alarm: true });
  });

  it('takes other window lengths and recurrence counts', () => {
    const times = sorted(eventsInWindow(1, 3), eventsInWindow(2, 2), eventsInWindow(0, 3));
    assert.equal(recurrenceThreshold(times, now, { recurrences: 1 }).threshold, 3);
    assert.equal(recurrenceThreshold(times, now, { windowHours: 48, lookbackWindows: 2 }).count, 6);
    assert.throws(() => recurrenceThreshold(times, now, { recurrences: 31 }), DetectionParameterError);
  });
});
