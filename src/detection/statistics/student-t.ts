import { regularizedIncompleteBeta } from './incomplete-beta.js';

/** P(|T| ≥ |t|) for Student's t with `degreesOfFreedom`: the two-sided p-value of a t statistic. */
export function studentTTwoSidedP(t: number, degreesOfFreedom: number): number {
  if (Number.isNaN(t) || !(degreesOfFreedom > 0)) return Number.NaN;
  if (!Number.isFinite(t)) return 0;
  return regularizedIncompleteBeta(degreesOfFreedom / (degreesOfFreedom + t * t), degreesOfFreedom / 2, 0.5);
}

/** P(T > t) for Student's t with `degreesOfFreedom` (R's 1 − pt(t, df), without its cancellation). */
export function studentTUpperTail(t: number, degreesOfFreedom: number): number {
  if (Number.isNaN(t) || !(degreesOfFreedom > 0)) return Number.NaN;
  const half = studentTTwoSidedP(t, degreesOfFreedom) / 2;
  return t > 0 ? half : 1 - half;
}

/**
 * The p-quantile of Student's t (R's qt), found by bisection on the upper tail: 200 halvings of a
 * bracket that holds it reach the nearest doubles, and no first guess is needed.
 */
export function studentTQuantile(p: number, degreesOfFreedom: number): number {
  if (Number.isNaN(p) || !(degreesOfFreedom > 0) || p < 0 || p > 1) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, degreesOfFreedom);
  const tail = 1 - p;
  let low = 0;
  let high = 1;
  while (studentTUpperTail(high, degreesOfFreedom) > tail) high *= 2;
  for (let i = 0; i < 200 && high - low > 1e-15 * high; i++) {
    const middle = (low + high) / 2;
    if (studentTUpperTail(middle, degreesOfFreedom) > tail) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}
