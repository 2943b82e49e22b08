import { recurrenceThreshold } from '../detection/recurrence-threshold.js';
import type { Corroboration } from './alert-rule.js';

/** The 24-hour window of the threshold rules. */
export const WINDOW_MS = 24 * 3_600_000;
/** The current 24-hour window and the 30 back-to-back ones before it. */
export const WINDOWS = 31;

/**
 * A rule's latest alert episode as the decision reads it: when its signal was last seen (the end of
 * the last window that crossed) and when it fell back, or null while it has not.
 */
export interface EpisodeState {
  lastSignalAt: number;
  endedAt: number | null;
}

/**
 * What one evaluation does to a rule's episodes: open a new one (an alert, told to its audiences),
 * continue the open one (its peak and last window updated, nobody told again), end it (the signal
 * fell back), or nothing.
 */
export type EpisodeStep = 'open' | 'continue' | 'end' | 'none';

/**
 * How a signal moves a rule's episodes, pure. A signal continues the latest episode while it is open,
 * and also within the cool-down after it ended (a dip of the signal is not a new spike); otherwise it
 * opens a new one. No signal ends an open episode. An evaluation of a moment the episode has already
 * passed (one that waited for the rule's lock while a later one ended the episode) does nothing:
 * applied late, it would reopen the episode backwards in time and swallow the next spike.
 */
export function stepEpisode(input: {
  at: number;
  signal: boolean;
  episode: EpisodeState | null;
  coolDownMinutes: number;
}): EpisodeStep {
  const { episode } = input;
  if (episode !== null && input.at < Math.max(episode.lastSignalAt, episode.endedAt ?? 0)) return 'none';
  if (input.signal) {
    const joins =
      episode !== null &&
      (episode.endedAt === null || input.at - episode.endedAt < input.coolDownMinutes * 60_000);
    return joins ? 'continue' : 'open';
  }
  return episode !== null && episode.endedAt === null ? 'end' : 'none';
}

/**
 * The threshold that applied: the smallest count that raises, given the count must exceed the
 * method's threshold (recurrence threshold, or a statistical method's floored upper bound) and reach
 * the minimum count; the minimum alone when the method gave none.
 */
export function appliedThreshold(methodThreshold: number | null, minimumCount: number): number {
  return methodThreshold === null ? minimumCount : Math.max(methodThreshold + 1, minimumCount);
}

/** Why a window signals or not. */
export type SignalReason = 'signal' | 'under_minimum' | 'not_above_threshold' | 'not_corroborated';

/** What a threshold rule decides at one moment. */
export interface ThresholdDecision {
  /** What happens to the rule's episodes; `raise` is `step === 'open'`. */
  step: EpisodeStep;
  raise: boolean;
  /** Overdoses in the current window (at − 24 h, at]. */
  count: number;
  /** The threshold that applied (`appliedThreshold`), or null under the minimum count. */
  threshold: number | null;
  /** The recurrence threshold the count had to exceed, or null when it was not needed. */
  recurrenceThreshold: number | null;
  reason: SignalReason;
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
 * What a 24-hour threshold rule does at `at` (epoch ms), pure: `windowCounts[k]` is the count of window
 * (at − (k+1)·24 h, at − k·24 h] for k < 31. The window signals when its count reaches the minimum,
 * exceeds the recurrence threshold (`recurrenceThreshold` decides, each window's count handed to it as
 * that many event times at the window's end, which (end − 24 h, end] includes) and is corroborated as
 * the rule asks; `stepEpisode` then opens, continues or ends an episode. The live evaluator and the
 * backtest both decide here.
 */
export function decideThreshold(input: {
  at: number;
  windowCounts: ArrayLike<number>;
  minimumCount: number;
  coolDownMinutes: number;
  /** The rule's latest episode, or null when it has none. */
  episode: EpisodeState | null;
  /** The rule's corroboration (none by default) and its evidence, checked after everything else. */
  corroboration?: Corroboration;
  evidence?: CorroborationEvidence;
}): ThresholdDecision {
  const { at, windowCounts } = input;
  const decided = (reason: SignalReason, count: number, recurrence: number | null): ThresholdDecision => {
    const step = stepEpisode({
      at,
      signal: reason === 'signal',
      episode: input.episode,
      coolDownMinutes: input.coolDownMinutes,
    });
    return {
      step,
      raise: step === 'open',
      count,
      threshold: recurrence === null ? null : appliedThreshold(recurrence, input.minimumCount),
      recurrenceThreshold: recurrence,
      reason,
    };
  };
  const count = windowCounts[0] ?? 0;
  if (count < input.minimumCount) return decided('under_minimum', count, null);
  const times: number[] = [];
  for (let k = WINDOWS - 1; k >= 0; k--) {
    const n = windowCounts[k] ?? 0;
    for (let i = 0; i < n; i++) times.push(at - k * WINDOW_MS);
  }
  const result = recurrenceThreshold(times, at, { windowHours: 24, lookbackWindows: WINDOWS - 1 });
  if (!result.alarm) return decided('not_above_threshold', result.count, result.threshold);
  if (!isCorroborated(input.corroboration ?? 'none', input.evidence ?? {})) {
    return decided('not_corroborated', result.count, result.threshold);
  }
  return decided('signal', result.count, result.threshold);
}

/** What a statistical rule decides for its last complete period. */
export interface StatisticalDecision {
  step: EpisodeStep;
  raise: boolean;
  count: number;
  /** The threshold that applied: above the method's floored upper bound, and the minimum count. */
  threshold: number;
  reason: SignalReason | 'already_judged';
}

/**
 * What a statistical rule does for the period ending at `at`, pure (the scheduler's counterpart of
 * `decideThreshold`): nothing when the latest episode already holds a verdict at or after `at` (a
 * period is judged once); otherwise the period signals when its count reaches the minimum, the method
 * alarmed and it is corroborated as the rule asks, and `stepEpisode` opens, continues or ends an
 * episode: one alert per run of alarming periods.
 */
export function decideStatistical(input: {
  at: number;
  count: number;
  alarm: boolean;
  /** The method's upper bound for the period, or null when it computed none. */
  upperbound: number | null;
  minimumCount: number;
  coolDownMinutes: number;
  episode: EpisodeState | null;
  corroboration: Corroboration;
  evidence: CorroborationEvidence;
}): StatisticalDecision {
  const { count, episode } = input;
  const threshold = appliedThreshold(
    input.upperbound === null ? null : Math.max(0, Math.floor(input.upperbound)),
    input.minimumCount,
  );
  if (episode && Math.max(episode.lastSignalAt, episode.endedAt ?? -Infinity) >= input.at) {
    return { step: 'none', raise: false, count, threshold, reason: 'already_judged' };
  }
  let reason: SignalReason = 'signal';
  if (count < input.minimumCount) reason = 'under_minimum';
  else if (!input.alarm) reason = 'not_above_threshold';
  else if (!isCorroborated(input.corroboration, input.evidence)) reason = 'not_corroborated';
  const step = stepEpisode({
    at: input.at,
    signal: reason === 'signal',
    episode,
    coolDownMinutes: input.coolDownMinutes,
  });
  return { step, raise: step === 'open', count, threshold, reason };
}
