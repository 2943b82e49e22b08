import { DetectionParameterError } from './detection-parameter-error.js';
import { type CountSeries, finiteOrNull } from './detection-result.js';
import { alertLevel, type EssenceResult, roundToFiveDecimals } from './essence-result.js';
import { fitLeastSquares } from './statistics/least-squares.js';
import { studentTQuantile, studentTUpperTail } from './statistics/student-t.js';

/** The control parameters of ESSENCE's adaptive regression, named as in Rnssp's alert_regression. */
export interface RegressionControl {
  /** Baseline length in days, a multiple of 7 (28). */
  B?: number;
  /** Guard band: days between the baseline and the tested day (2). */
  g?: number;
}

/** What the regression adds for the switch: the adjusted R² of each day's model. */
export interface RegressionResult extends EssenceResult {
  adjustedRSquared: (number | null)[];
}

/** The shortest baseline the regression fits (Rnssp). */
export const REGRESSION_MIN_BASELINE = 11;

/**
 * ESSENCE's adaptive multiple regression as Rnssp's alert_regression computes its statistic: a
 * linear model of the counts on a time index and day-of-week indicators (Sunday the reference), fitted
 * to a baseline of up to B days that ends g + 1 days before the tested day and extrapolated to it
 * (floored at 0). The test statistic divides the excess by the model's standard error inflated for
 * prediction and floored, and is referred to Student's t with n − 8 degrees of freedom. The
 * upper bound is the smallest count with p < 0.01. `isoWeekdayOfFirst` is the weekday of the first
 * day (1 = Monday … 7 = Sunday). Rnssp's later post-processing that hides alerts on days below their
 * 7-day moving average is not applied: it is a display rule, not part of the statistic.
 */
export function essenceRegression(
  observed: CountSeries,
  isoWeekdayOfFirst: number,
  control: RegressionControl = {},
): RegressionResult {
  const B = control.B ?? 28;
  const g = control.g ?? 2;
  if (!Number.isInteger(B) || B < 7 || B % 7 !== 0) {
    throw new DetectionParameterError('B', 'B must be a multiple of 7, at least 7');
  }
  if (!Number.isInteger(g) || g < 0)
    throw new DetectionParameterError('g', 'g must be a whole number, 0 or more');
  const n = observed.length;
  if (n < B + g + 1) {
    throw new DetectionParameterError('B', `the series needs at least B + g + 1 = ${B + g + 1} days`);
  }
  const weekday = (i: number) => ((isoWeekdayOfFirst - 1 + i) % 7) + 1;
  const result: RegressionResult = {
    upperbound: [],
    alarm: [],
    expected: [],
    testStatistic: [],
    pValue: [],
    level: [],
    adjustedRSquared: [],
  };
  const firstTested = REGRESSION_MIN_BASELINE + g;
  for (let i = 0; i < n; i++) {
    if (i < firstTested) {
      for (const list of Object.values(result) as unknown[][]) list.push(null);
      continue;
    }
    const end = i - g;
    const start = Math.max(0, end - B);
    const length = end - start;
    const degrees = length - 8;
    const columns: Float64Array[] = [
      new Float64Array(length).fill(1),
      Float64Array.from({ length }, (_, j) => j + 1),
    ];
    for (let day = 1; day <= 6; day++) {
      columns.push(Float64Array.from({ length }, (_, j) => (weekday(start + j) === day ? 1 : 0)));
    }
    const baseline = Float64Array.from({ length }, (_, j) => observed[start + j] as number);
    const fit = fitLeastSquares(columns, baseline);
    let rss = 0;
    let fittedMean = 0;
    for (let j = 0; j < length; j++) {
      rss += (fit.residuals[j] as number) ** 2;
      fittedMean += (fit.fitted[j] as number) / length;
    }
    let mss = 0;
    for (let j = 0; j < length; j++) mss += ((fit.fitted[j] as number) - fittedMean) ** 2;
    const rSquared = mss / (rss + mss);
    const adjusted = 1 - ((1 - rSquared) * (length - 1)) / degrees;
    const floor = 0.01 / roundToFiveDecimals(studentTQuantile(0.95, degrees));
    const sigma = Math.max(
      Math.sqrt(rss / degrees) * Math.sqrt(((length + 7) * (length - 4)) / (length * (length - 7))),
      floor,
    );
    const testDay = weekday(i);
    const c = fit.coefficients;
    const trendAt = (c[0] as number) + (length + g + 1) * (c[1] as number);
    const expected = Math.max(0, testDay < 7 ? trendAt + (c[testDay + 1] as number) : trendAt);
    const statistic = ((observed[i] as number) - expected) / sigma;
    const p = studentTUpperTail(statistic, degrees);
    result.upperbound.push(finiteOrNull(expected + studentTQuantile(0.99, degrees) * sigma));
    result.alarm.push(Number.isNaN(p) ? null : p < 0.01);
    result.expected.push(finiteOrNull(expected));
    result.testStatistic.push(finiteOrNull(statistic));
    result.pValue.push(finiteOrNull(p));
    result.level.push(alertLevel(p));
    // A flat baseline makes R² 0/0; Rnssp counts it as 0.
    result.adjustedRSquared.push(Number.isNaN(adjusted) ? 0 : adjusted);
  }
  return result;
}
