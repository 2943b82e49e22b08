import { checkRange, DetectionParameterError } from './detection-parameter-error.js';
import type { CountSeries, DetectionResult, PeriodRange } from './detection-result.js';
import { meanOf } from './statistics/descriptive.js';

/** The control parameters of the CUSUM, named as in R's surveillance::algo.cusum. */
export interface CusumControl {
  range: PeriodRange;
  /** Reference value: the standardized excess per period that the sum forgives. */
  k?: number;
  /** Decision boundary: the sum at which an alarm is raised. */
  h?: number;
  /** Expected count per period; by default the mean of every period before the range. */
  m?: number;
  /** Only R's "standard" transform, (x − m)/√m, is implemented. */
  trans?: 'standard';
}

/**
 * The one-sided CUSUM of standardized counts as R's surveillance::algo.cusum with trans "standard":
 * Sₜ = max(0, Sₜ₋₁ + (xₜ − m)/√m − k), alarm when Sₜ ≥ h. The upper bound is the smallest whole count
 * that would have raised the alarm given Sₜ₋₁, ⌈√m(h + k − Sₜ₋₁) + m⌉, floored at 0.
 */
export function cusum(observed: CountSeries, control: CusumControl): DetectionResult {
  const k = control.k ?? 1.04;
  const h = control.h ?? 2.26;
  if ((control.trans ?? 'standard') !== 'standard') {
    throw new DetectionParameterError('trans', 'only trans "standard" is implemented');
  }
  checkRange(control.range, observed.length, control.m === undefined ? 1 : 0);
  const [first, last] = control.range;
  const m = control.m ?? meanOf(observed, 0, first - 1);
  if (!(m > 0)) {
    // A missing count before the range makes the default mean undefined, as in R.
    throw new DetectionParameterError(
      'm',
      'the expected count m must be a positive number: give m, or start the range after periods that all have counts',
    );
  }
  const root = Math.sqrt(m);
  const upperbound: (number | null)[] = [];
  const alarm: (boolean | null)[] = [];
  let sum = 0;
  for (let i = first - 1; i < last; i++) {
    const bound = Math.ceil(root * (h + k - sum) + m);
    upperbound.push(Number.isNaN(bound) || bound < 0 ? 0 : bound);
    sum = Math.max(0, sum + ((observed[i] as number) - m) / root - k);
    alarm.push(Number.isNaN(sum) ? null : sum >= h);
  }
  return { upperbound, alarm };
}
