import { checkRange, DetectionParameterError } from './detection-parameter-error.js';
import {
  type CountSeries,
  type DetectionResult,
  finiteOrNull,
  type PeriodRange,
} from './detection-result.js';
import { meanOf, standardDeviationOf } from './statistics/descriptive.js';
import { normalQuantile } from './statistics/normal-distribution.js';

/** Which of CDC's Early Aberration Reporting System methods. */
export type EarsMethod = 'C1' | 'C2' | 'C3';

/** The control parameters of EARS, named as in R's surveillance::earsC. */
export interface EarsControl {
  method: EarsMethod;
  range: PeriodRange;
  /** How many past periods make the baseline (at least 3). */
  baseline?: number;
  /** One-sided false-alarm probability; 0.001 for C1 and C2, 0.025 for C3 by default. */
  alpha?: number;
  /** A floor on the baseline's standard deviation, so a flat baseline cannot alarm on any count. */
  minSigma?: number;
}

/**
 * EARS C1, C2 and C3 as R's surveillance::earsC computes them. C1 compares each count with the mean
 * and standard deviation of the `baseline` periods just before it; C2 skips the two periods just
 * before (a guard band, so a rising outbreak does not lift its own baseline); C3 sets the threshold
 * of C2 lowered by how far the C2 statistics of the two previous periods exceeded 1, so that a run of
 * moderately high counts alarms.
 */
export function earsC(observed: CountSeries, control: EarsControl): DetectionResult {
  const baseline = control.baseline ?? 7;
  const minSigma = control.minSigma ?? 0;
  const alpha = control.alpha ?? (control.method === 'C3' ? 0.025 : 0.001);
  if (!Number.isInteger(baseline) || baseline < 3) {
    throw new DetectionParameterError('baseline', 'baseline must be a whole number of at least 3 periods');
  }
  if (!(minSigma >= 0)) throw new DetectionParameterError('minSigma', 'minSigma must be 0 or more');
  if (!(alpha > 0 && alpha < 1)) throw new DetectionParameterError('alpha', 'alpha must be between 0 and 1');
  const guard = control.method === 'C1' ? 0 : 2;
  const history = baseline + guard + (control.method === 'C3' ? 2 : 0);
  checkRange(control.range, observed.length, history);
  const z = normalQuantile(1 - alpha);
  const [first, last] = control.range;
  const upperbound: (number | null)[] = [];
  const alarm: (boolean | null)[] = [];
  // Baseline of the period at 0-based index i: [i − guard − baseline, i − guard).
  const baselineMean = (i: number) => meanOf(observed, i - guard - baseline, i - guard);
  const baselineSigma = (i: number) =>
    Math.max(standardDeviationOf(observed, i - guard - baseline, i - guard), minSigma);
  const c2 = (i: number) => ((observed[i] as number) - baselineMean(i)) / baselineSigma(i);
  for (let i = first - 1; i < last; i++) {
    const count = observed[i] as number;
    let bound: number;
    if (control.method === 'C3') {
      const lowering = Math.max(0, c2(i - 2) - 1) + Math.max(0, c2(i - 1) - 1);
      bound = Math.max(0, count + baselineSigma(i) * (z - lowering));
    } else {
      bound = baselineMean(i) + z * baselineSigma(i);
    }
    upperbound.push(finiteOrNull(bound));
    alarm.push(Number.isNaN(bound) || Number.isNaN(count) ? null : count > bound);
  }
  return { upperbound, alarm };
}
