import { recurrenceThreshold } from '../detection/recurrence-threshold.js';
import type { Corroboration } from './alert-rule.js';

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
  reason: 'raised' | 'cooling_down' | 'under_minimum' | 'not_above_threshold' | 'not_corroborated';
}

/** What corroborates a signal: the window's distinct primary source types, a second method's verdict. */
export interface CorroborationEvidence {
  /** Distinct primary source types among the overdoses counted in the window. */
  sourceTypes?: number;
  /** Whether the second method alarmed on the same period. */
  secondMethodAlarm?: boolean;
}

/**
 * Whether a signal is corroborated as a rule asks, pure: always with `none`; with `two_sources`
 * when the window's overdoses come from at least two distinct primary source types; with
 * `second_method` when the second method alarmed on the same period. Missing evidence is no
 * corroboration.
 */
export function isCorroborated(corroboration: Corroboration, evidence: CorroborationEvidence): boolean {
  switch (corroboration) {
    case 'none':
      return true;
    case 'two_sources':
      return (evidence.sourceTypes ?? 0) >= 2;
    case 'second_method':
      return evidence.secondMethodAlarm === true;
  }
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
  /** The rule's corroboration (none by default) and its evidence, checked after everything else. */
  corroboration?: Corroboration;
  evidence?: CorroborationEvidence;
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
  const decided = { count: result.count, threshold: result.threshold };
  if (!result.alarm) return { raise: false, ...decided, reason: 'not_above_threshold' };
  if (!isCorroborated(input.corroboration ?? 'none', input.evidence ?? {})) {
    return { raise: false, ...decided, reason: 'not_corroborated' };
  }
  return { raise: true, ...decided, reason: 'raised' };
}

/** What a statistical rule decides for its last complete period. */
export interface StatisticalDecision {
  raise: boolean;
  count: number;
  reason: ThresholdDecision['reason'] | 'already_raised';
}

/**
 * Whether a statistical rule raises an alert for its last complete period, pure: never twice for
 * the same period, none within the cool-down of the last alert or under the minimum count, none
 * unless the method alarmed, and none unless corroborated as the rule asks (the scheduler's
 * counterpart of `decideThreshold`).
 */
export function decideStatistical(input: {
  at: number;
  count: number;
  alarm: boolean;
  minimumCount: number;
  coolDownMinutes: number;
  lastRaisedAt: number | null;
  alreadyRaised: boolean;
  corroboration: Corroboration;
  evidence: CorroborationEvidence;
}): StatisticalDecision {
  const { count } = input;
  if (input.alreadyRaised) return { raise: false, count, reason: 'already_raised' };
  if (input.lastRaisedAt !== null && input.at - input.lastRaisedAt < input.coolDownMinutes * 60_000) {
    return { raise: false, count, reason: 'cooling_down' };
  }
  if (count < input.minimumCount) return { raise: false, count, reason: 'under_minimum' };
  if (!input.alarm) return { raise: false, count, reason: 'not_above_threshold' };
  if (!isCorroborated(input.corroboration, input.evidence)) {
    return { raise: false, count, reason: 'not_corroborated' };
  }
  return { raise: true, count, reason: 'raised' };
}
