/**
 * What every detection method returns for the periods it monitored, in order: the threshold a count
 * had to exceed (null where the method has none, as R's NA) and whether the count raised an alarm
 * (null where that is undefined).
 */
export interface DetectionResult {
  upperbound: (number | null)[];
  alarm: (boolean | null)[];
}

/**
 * The periods to monitor: the first and last, counted from 1 as R's surveillance does (so a range
 * reads the same in our parameters, in R and in the reference fixtures).
 */
export type PeriodRange = readonly [first: number, last: number];

/** A count series: one count per period, oldest first; NaN marks a period with no count. */
export type CountSeries = ArrayLike<number>;

/** A number, or null where it is not a number (R's NA and NaN). */
export function finiteOrNull(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}
