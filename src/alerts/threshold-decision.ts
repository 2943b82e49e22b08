import { recurrenceThreshold } from '../detection/recurrence-threshold.js';

/** The 24-hour window of the threshold rules. */
export const WINDOW_MS = 24 * 3_600_000;
/** The current 24-hour window and the 30 back-to-back ones before it. */
export const WINDOWS = 31;

/** What a threshold rule decides at one moment. */
export interface ThresholdDecision {
  raise: boolean;
  /** Overdoses in the current window (at − 24 h, at]. */
  count: number;
  /** The recurrence threshold, or null when it was not needed (cooling down, under the minimum). */
  threshold: number | null;
  reason: 'raised' | 'cooling_down' | 'under_minimum' | 'not_above_threshold';
}

/**
 * Whether a 24-hour threshold rule raises an alert at `at` (epoch ms), pure: `windowCounts[k]` is the
 * count of window (at − (k+1)·24 h, at − k·24 h] for k < 31. No alert within the cool-down of the last
 * one; none under the minimum count; otherwise `recurrenceThreshold` decides, each window's count
 * handed to it as that many event times at the window's end (which (end − 24 h, end] includes). The
 * live evaluator and the backtest both decide here.
 */
export function decideThreshold(input: {
  at: number;
  windowCounts: ArrayLike<number>;
  minimumCount: number;
  coolDownMinutes: number;
  lastRaisedAt: number | null;
}): ThresholdDecision {
  const { at, windowCounts } = input;
  const count = windowCounts[0] ?? 0;
  if (input.lastRaisedAt !== null && at - input.lastRaisedAt < input.coolDownMinutes * 60_000) {
    return { raise: false, count, threshold: null, reason: 'cooling_down' };
  }
  if (count < input.minimumCount) return { raise: false, count, threshold: null, reason: 'under_minimum' };
  const times: number[] = [];
  for (let k = WINDOWS - 1; k >= 0; k--) {
    const n = windowCounts[k] ?? 0;
    for (let i = 0; i < n; i++) times.push(at - k * WINDOW_MS);
  }
  const result = recurrenceThreshold(times, at, { windowHours: 24, lookbackWindows: WINDOWS - 1 });
  return {
    raise: result.alarm,
    count: result.count,
    threshold: result.threshold,
    reason: result.alarm ? 'raised' : 'not_above_threshold',
  };
}
