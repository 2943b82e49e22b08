/**
 * Stirling's series for ln Γ(x) at x ≥ 12: the terms are B₂ₙ / (2n(2n−1)x²ⁿ⁻¹) with the Bernoulli
 * numbers B₂ … B₁₄, whose remainder there is below 1e-17 relative.
 */
const STIRLING = [1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156];
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** The natural logarithm of the gamma function, for x > 0, to about 1e-15 relative. */
export function logGamma(x: number): number {
  if (Number.isNaN(x) || x <= 0) return Number.NaN;
  if (x === 1 || x === 2) return 0;
  // Shift small arguments up with Γ(x + 1) = x Γ(x), to where the series is accurate; the product
  // has at most 12 factors below 12, so it cannot overflow.
  let product = 1;
  let z = x;
  while (z < 12) {
    product *= z;
    z += 1;
  }
  const shift = Math.log(product);
  const inverse = 1 / z;
  const inverseSquared = inverse * inverse;
  let series = 0;
  let power = inverse;
  for (const coefficient of STIRLING) {
    series += coefficient * power;
    power *= inverseSquared;
  }
  return (z - 0.5) * Math.log(z) - z + HALF_LOG_TWO_PI + series - shift;
}
