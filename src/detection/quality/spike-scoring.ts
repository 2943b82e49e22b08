/**
 * Scoring of detection methods against known (injected) spikes: which spikes an alarm caught, how
 * late, and how many alarms caught nothing. Pure; times are epoch milliseconds.
 */

/** A spike a detector should find: its area and its window [start, end). */
export interface TruthSpike {
  id: string;
  /** The area the spike was placed in: only alarms there detect it. */
  area: string;
  start: number;
  end: number;
  /**
   * Other areas its events fell in (a circle across a boundary): an alarm there during the spike's
   * match window detects nothing, but it is not a false alert either.
   */
  spilloverAreas?: readonly string[];
}

/** One alarming period of one area's series, [start, end): the alarm can be raised at `end`, when the period's count is complete. */
export interface AlarmPeriod {
  area: string;
  start: number;
  end: number;
}

/** What the alarms of one method say about the spikes. */
export interface SpikeScore {
  spikes: number;
  detected: number;
  /** detected / spikes; NaN without spikes. */
  sensitivity: number;
  /** Alarms that overlap a spike's match window in its area. */
  matchedAlarms: number;
  /** Alarms that overlap a spike's match window in one of its spillover areas only. */
  spilloverAlarms: number;
  /** Alarms that match no spike. */
  falseAlarms: number;
  /** Per spike, in the order given: when its first matching alarm could be raised (its period's end), or null. */
  firstAlarmAt: (number | null)[];
  /** Per detected spike, in the order given: first matching alarm's end minus the spike's start. */
  delays: number[];
  /** Median of `delays`; null when no spike was detected. */
  medianDelay: number | null;
}

/**
 * The window in which an alarm counts for a spike: from its start to its end or to `matchWindow`
 * after its start, whichever is later.
 */
export function matchWindowEnd(spike: TruthSpike, matchWindow: number): number {
  return Math.max(spike.end, spike.start + matchWindow);
}

/** Whether an alarm period overlaps a spike's match window (an alarm ending at the spike's start does not). */
function overlaps(alarm: AlarmPeriod, spike: TruthSpike, matchWindow: number): boolean {
  return alarm.end > spike.start && alarm.start < matchWindowEnd(spike, matchWindow);
}

/**
 * Scores alarms against spikes. A spike is detected when an alarm of its own area overlaps
 * [start, max(end, start + matchWindow)); its delay runs from its start to the end of the earliest
 * such alarm period. An alarm is false when it overlaps no spike's window in the spike's area or in
 * one of its spillover areas; several alarms for one spike all count as matched.
 */
export function scoreAlarms(
  spikes: readonly TruthSpike[],
  alarms: readonly AlarmPeriod[],
  matchWindow: number,
): SpikeScore {
  if (!(matchWindow >= 0)) throw new RangeError('matchWindow must be 0 or more');
  const byArea = new Map<string, TruthSpike[]>();
  const spilloverByArea = new Map<string, TruthSpike[]>();
  for (const spike of spikes) {
    pushTo(byArea, spike.area, spike);
    for (const area of new Set(spike.spilloverAreas ?? [])) {
      if (area !== spike.area) pushTo(spilloverByArea, area, spike);
    }
  }
  const firstAlarmEnd = new Map<TruthSpike, number>();
  let matchedAlarms = 0;
  let spilloverAlarms = 0;
  let falseAlarms = 0;
  for (const alarm of alarms) {
    let matched = false;
    for (const spike of byArea.get(alarm.area) ?? []) {
      if (!overlaps(alarm, spike, matchWindow)) continue;
      matched = true;
      const first = firstAlarmEnd.get(spike);
      if (first === undefined || alarm.end < first) firstAlarmEnd.set(spike, alarm.end);
    }
    if (matched) matchedAlarms++;
    else if ((spilloverByArea.get(alarm.area) ?? []).some((spike) => overlaps(alarm, spike, matchWindow)))
      spilloverAlarms++;
    else falseAlarms++;
  }
  const firstAlarmAt = spikes.map((spike) => firstAlarmEnd.get(spike) ?? null);
  const delays: number[] = [];
  spikes.forEach((spike, i) => {
    const at = firstAlarmAt[i];
    if (at !== null && at !== undefined) delays.push(at - spike.start);
  });
  return {
    spikes: spikes.length,
    detected: delays.length,
    sensitivity: spikes.length > 0 ? delays.length / spikes.length : Number.NaN,
    matchedAlarms,
    spilloverAlarms,
    falseAlarms,
    firstAlarmAt,
    delays,
    medianDelay: median(delays),
  };
}

/** The median (the mean of the two middle values for an even count); null for no values. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Average days in a month (365.25 / 12). */
export const DAYS_PER_MONTH = 365.25 / 12;

/** Alarms per month of a monitored range [start, end) in epoch ms, months of 365.25 / 12 days. */
export function perMonth(alarms: number, start: number, end: number): number {
  const months = (end - start) / 86_400_000 / DAYS_PER_MONTH;
  return months > 0 ? alarms / months : Number.NaN;
}

/**
 * The alarming periods of one area's result, from a monitored result's `alarm` array (null counts as no
 * alarm) and the boundaries of its periods: period i runs from `boundaries[i]` to `boundaries[i + 1]`.
 */
export function alarmPeriods(
  area: string,
  alarm: readonly (boolean | null)[],
  boundaries: ArrayLike<number>,
): AlarmPeriod[] {
  if (boundaries.length !== alarm.length + 1) {
    throw new RangeError('boundaries must hold one more value than alarm');
  }
  const periods: AlarmPeriod[] = [];
  alarm.forEach((raised, i) => {
    if (raised === true) {
      periods.push({ area, start: boundaries[i] as number, end: boundaries[i + 1] as number });
    }
  });
  return periods;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
