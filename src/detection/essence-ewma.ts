import { DetectionParameterError } from './detection-parameter-error.js';
import { type CountSeries, finiteOrNull } from './detection-result.js';
import { alertLevel, type EssenceResult, roundToFiveDecimals } from './essence-result.js';
import { meanOf, standardDeviationOf } from './statistics/descriptive.js';
import { studentTQuantile, studentTUpperTail } from './statistics/student-t.js';

/** The control parameters of ESSENCE's EWMA, named as in Rnssp's alert_ewma. */
export interface EwmaControl {
  /** Baseline length in days (28). */
  B?: number;
  /** Guard band: days between the baseline and the tested day (2). */
  g?: number;
  /** Smoothing weight for gradual rises (0.4). */
  w1?: number;
  /** Smoothing weight for sudden rises (0.9). */
  w2?: number;
}

/** The shortest baseline ESSENCE's EWMA tests with (Rnssp 0.3). */
export const EWMA_MIN_BASELINE = 7;

/**
 * ESSENCE's EWMA as Rnssp's alert_ewma computes it on counts. Two exponentially weighted averages
 * (w1 for gradual, w2 for sudden rises) are compared with the mean of a baseline of up to B days
 * that ends g + 1 days before the tested day, each divided by the baseline's standard deviation
 * corrected for the smoothing and floored; the smaller one-sided Student p-value (n − 1 degrees of
 * freedom) is the day's. An average beyond the alert limit is pulled back to it, so one outlier does
 * not carry into the following days. The upper bound is the smallest count that would have made
 * p < 0.01 under either average.
 */
export function essenceEwma(observed: CountSeries, control: EwmaControl = {}): EssenceResult {
  const B = control.B ?? 28;
  const g = control.g ?? 2;
  const weights = [control.w1 ?? 0.4, control.w2 ?? 0.9] as const;
  if (!Number.isInteger(B) || B < 7)
    throw new DetectionParameterError('B', 'B must be a whole number of at least 7');
  if (!Number.isInteger(g) || g < 0)
    throw new DetectionParameterError('g', 'g must be a whole number, 0 or more');
  for (const [name, w] of [
    ['w1', weights[0]],
    ['w2', weights[1]],
  ] as const) {
    if (!(w > 0 && w < 1)) throw new DetectionParameterError(name, `${name} must be between 0 and 1`);
  }
  const n = observed.length;
  if (n < B + g + 1) {
    throw new DetectionParameterError('B', `the series needs at least B + g + 1 = ${B + g + 1} days`);
  }
  const result: EssenceResult = {
    upperbound: [],
    alarm: [],
    expected: [],
    testStatistic: [],
    pValue: [],
    level: [],
  };
  const smoothed = [observed[0] as number, observed[0] as number];
  const firstTested = EWMA_MIN_BASELINE + g; // 0-based index of the first tested day
  for (let i = 0; i < n; i++) {
    const count = observed[i] as number;
    if (i < firstTested) {
      if (i > 0) {
        weights.forEach((w, k) => {
          smoothed[k] = w * count + (1 - w) * (smoothed[k] as number);
        });
      }
      pushUntested(result);
      continue;
    }
    const end = i - g; // baseline is [start, end)
    const start = Math.max(0, end - B);
    const length = end - start;
    const degrees = length - 1;
    const expected = meanOf(observed, start, end);
    const sd = standardDeviationOf(observed, start, end);
    const alertLimit = roundToFiveDecimals(studentTQuantile(0.99, degrees));
    const warningLimit = roundToFiveDecimals(studentTQuantile(0.95, degrees));
    const exactAlertLimit = studentTQuantile(0.99, degrees);
    let bound = Number.POSITIVE_INFINITY;
    const tests = weights.map((w, k) => {
      const correction = Math.sqrt(
        w / (2 - w) + 1 / length - 2 * (1 - w) ** (g + 1) * ((1 - (1 - w) ** length) / length),
      );
      const floor = (w / warningLimit) * (0.01 + 0.05 * (1 - w) ** 2);
      const constant = (0.1289 - (0.2414 - 0.1826 * (1 - w) ** 4) * Math.log(10 * 0.05)) * (w / warningLimit);
      const sigma = Math.max(floor, sd * correction + constant);
      const previous = smoothed[k] as number;
      bound = Math.min(bound, (expected + exactAlertLimit * sigma - (1 - w) * previous) / w);
      let z = w * count + (1 - w) * previous;
      const statistic = (z - expected) / sigma;
      if (Math.abs(statistic) > alertLimit) z = expected + Math.sign(statistic) * alertLimit * sigma;
      smoothed[k] = z;
      return { p: studentTUpperTail(statistic, degrees), statistic };
    });
    const [gradual, sudden] = tests as [{ p: number; statistic: number }, { p: number; statistic: number }];
    // Rnssp keeps the sudden average unless the gradual one has a strictly smaller p-value.
    const best = gradual.p < sudden.p ? gradual : sudden;
    result.expected.push(finiteOrNull(expected));
    result.testStatistic.push(finiteOrNull(best.statistic));
    result.pValue.push(finiteOrNull(best.p));
    result.level.push(alertLevel(best.p));
    result.alarm.push(Number.isNaN(best.p) ? null : best.p < 0.01);
    result.upperbound.push(finiteOrNull(bound));
  }
  return result;
}

function pushUntested(result: EssenceResult): void {
  result.upperbound.push(null);
  result.alarm.push(null);
  result.expected.push(null);
  result.testStatistic.push(null);
  result.pValue.push(null);
  result.level.push(null);
}
