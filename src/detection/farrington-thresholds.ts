import { negativeBinomialQuantile, poissonQuantile } from './statistics/count-quantiles.js';
import { normalQuantile } from './statistics/normal-distribution.js';

/** How Farrington turns the model's prediction into a threshold. */
export type ThresholdMethod = 'delta' | 'nbPlugin' | 'muan';

/** The power transform that makes counts nearly symmetric before a normal quantile is taken. */
export type PowerTransform = '2/3' | '1/2' | 'none';

/**
 * The upper limit of Farrington et al. (1996): the (1 − alpha) normal quantile on the scale of
 * Y^exponent, whose variance φμ₀ + var(μ̂₀) is carried through the power by the delta method, then
 * transformed back. `mean` and `meanSe` are on the count scale. NaN where no limit exists.
 */
export function deltaMethodLimit(
  mean: number,
  meanSe: number,
  phi: number,
  alpha: number,
  transform: PowerTransform,
): number {
  const tau = phi + (meanSe * meanSe) / mean;
  const [sd, exponent] =
    transform === '2/3'
      ? [Math.sqrt((4 / 9) * mean ** (1 / 3) * tau), 2 / 3]
      : transform === '1/2'
        ? [Math.sqrt(tau / 4), 1 / 2]
        : [Math.sqrt(mean * tau), 1];
  const z = normalQuantile(1 - alpha);
  const centre = mean ** exponent;
  // R takes the larger of both ends; a negative base has no real 3/2 power (NaN) and drops out.
  const ends = [centre - z * sd, centre + z * sd]
    .map((base) => base ** (1 / exponent))
    .filter((end) => !Number.isNaN(end));
  return ends.length === 0 ? Number.NaN : Math.max(...ends);
}

/**
 * The upper limit of Noufaily et al. (2013): the (1 − alpha) quantile of a negative binomial with
 * mean μ and variance φμ (a Poisson when φ ≤ 1). μ is exp(η₀) for 'nbPlugin', and for 'muan' the
 * (1 − alpha) quantile of exp(η) with η normal around η₀, so the prediction's own error counts too.
 */
export function negativeBinomialLimit(
  eta: number,
  etaSe: number,
  phi: number,
  alpha: number,
  method: 'nbPlugin' | 'muan',
): number {
  const mean = Math.exp(method === 'nbPlugin' ? eta : eta + etaSe * normalQuantile(1 - alpha));
  if (!Number.isFinite(mean)) return Number.NaN;
  return phi > 1
    ? negativeBinomialQuantile(1 - alpha, mean / (phi - 1), 1 / phi)
    : poissonQuantile(1 - alpha, mean);
}
