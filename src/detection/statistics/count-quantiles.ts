import { regularizedIncompleteBeta } from './incomplete-beta.js';
import { regularizedUpperGamma } from './incomplete-gamma.js';
import { normalQuantile } from './normal-distribution.js';

/**
 * R's discrete quantiles return the smallest x with P(X ≤ x) ≥ p after shrinking p by 64 machine
 * epsilons, so that a probability computed with rounding error still lands on the intended count.
 */
const FUZZ = 1 - 64 * Number.EPSILON;

/** P(X ≤ x) for X ~ Poisson(mean). */
export function poissonCdf(x: number, mean: number): number {
  if (x < 0) return 0;
  if (mean === 0) return 1;
  return regularizedUpperGamma(Math.floor(x) + 1, mean);
}

/** P(X ≤ x) for X ~ negative binomial(size, prob) (R's pnbinom: failures before `size` successes). */
export function negativeBinomialCdf(x: number, size: number, prob: number): number {
  if (x < 0) return 0;
  if (prob === 1) return 1;
  return regularizedIncompleteBeta(prob, size, Math.floor(x) + 1);
}

/** The p-quantile of Poisson(mean), as R's qpois. */
export function poissonQuantile(p: number, mean: number): number {
  if (Number.isNaN(p) || Number.isNaN(mean) || mean < 0 || p < 0 || p > 1) return Number.NaN;
  if (mean === 0) return 0;
  return searchQuantile(p, mean, Math.sqrt(mean), (x) => poissonCdf(x, mean));
}

/** The p-quantile of the negative binomial (size, prob), as R's qnbinom. */
export function negativeBinomialQuantile(p: number, size: number, prob: number): number {
  if ([p, size, prob].some(Number.isNaN) || size <= 0 || prob <= 0 || prob > 1 || p < 0 || p > 1) {
    return Number.NaN;
  }
  if (prob === 1) return 0;
  const mean = (size * (1 - prob)) / prob;
  return searchQuantile(p, mean, Math.sqrt(mean / prob), (x) => negativeBinomialCdf(x, size, prob));
}

/** The smallest count x ≥ 0 with cdf(x) ≥ p·FUZZ, searched from a normal approximation. */
function searchQuantile(p: number, mean: number, sd: number, cdf: (x: number) => number): number {
  if (p === 1) return Number.POSITIVE_INFINITY;
  const target = p * FUZZ;
  const z = normalQuantile(Math.min(Math.max(p, 1e-300), 1 - 1e-16));
  let x = Math.max(0, Math.floor(mean + z * sd));
  if (cdf(x) >= target) {
    while (x > 0 && cdf(x - 1) >= target) x--;
  } else {
    do x++;
    while (cdf(x) < target);
  }
  return x;
}
