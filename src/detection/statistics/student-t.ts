import { regularizedIncompleteBeta } from './incomplete-beta.js';

/** P(|T| ≥ |t|) for Student's t with `degreesOfFreedom`: the two-sided p-value of a t statistic. */
export function studentTTwoSidedP(t: number, degreesOfFreedom: number): number {
  if (Number.isNaN(t) || !(degreesOfFreedom > 0)) return Number.NaN;
  if (!Number.isFinite(t)) return 0;
  return regularizedIncompleteBeta(degreesOfFreedom / (degreesOfFreedom + t * t), degreesOfFreedom / 2, 0.5);
}
