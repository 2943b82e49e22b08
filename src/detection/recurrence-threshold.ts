import { DetectionParameterError } from './detection-parameter-error.js';

/** The parameters of the recurrence threshold. */
export interface RecurrenceControl {
  /** Length of the rolling window in hours (24). */
  windowHours?: number;
  /** How many earlier windows, back to back, make the history (30: the last 30 days). */
  lookbackWindows?: number;
  /** In how many earlier windows a count must have been reached to count as usual (2). */
  recurrences?: number;
}

/** The recurrence test at one moment. */
export interface RecurrenceResult {
  /** Overdoses in the window (at − windowHours, at]. */
  count: number;
  /** The highest count reached in at least `recurrences` of the earlier windows. */
  threshold: number;
  /** The current count is above anything that has happened more than once lately. */
  alarm: boolean;
}

const HOUR_MS = 3_600_000;

/**
 * An ODMAP-style spike threshold on a rolling window: count the overdoses of the last 24 hours and
 * compare them with the same 24-hour count in each of the 30 windows before it, back to back
 * ((at − 48 h, at − 24 h], …, (at − 31 days, at − 30 days]). The threshold is the largest count that
 * recurred, that is, was reached or exceeded in at least two of those windows (the second-highest
 * window count); one unusual day last month does not raise it, two do. An alarm is a count above the
 * threshold. `eventTimes` are epoch milliseconds, sorted ascending; periods before the first event
 * count as zero, so a history shorter than the lookback gives a low threshold.
 */
export function recurrenceThreshold(
  eventTimes: ArrayLike<number>,
  at: number,
  control: RecurrenceControl = {},
): RecurrenceResult {
  const window = (control.windowHours ?? 24) * HOUR_MS;
  const lookback = control.lookbackWindows ?? 30;
  const recurrences = control.recurrences ?? 2;
  if (!(window > 0) || !Number.isInteger(lookback) || lookback < 1) {
    throw new DetectionParameterError(
      'lookbackWindows',
      'windowHours must be positive and lookbackWindows a whole number of at least 1',
    );
  }
  if (!Number.isInteger(recurrences) || recurrences < 1 || recurrences > lookback) {
    throw new DetectionParameterError(
      'recurrences',
      'recurrences must be a whole number between 1 and lookbackWindows',
    );
  }
  const countIn = (end: number) => countUpTo(eventTimes, end) - countUpTo(eventTimes, end - window);
  const count = countIn(at);
  const earlier = Array.from({ length: lookback }, (_, k) => countIn(at - (k + 1) * window)).sort(
    (a, b) => b - a,
  );
  const threshold = earlier[recurrences - 1] as number;
  return { count, threshold, alarm: count > threshold };
}

/** How many sorted times are ≤ t (binary search). */
function countUpTo(times: ArrayLike<number>, t: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((times[middle] as number) <= t) low = middle + 1;
    else high = middle;
  }
  return low;
}
