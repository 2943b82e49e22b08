/**
 * The complementary error function, to about 1.2e-7 relative accuracy everywhere (the Chebyshev
 * fit in Press et al., Numerical Recipes, section 6.2), enough for p-values in a ranked table.
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** The two-sided p-value of a standard normal z-score. */
export function twoSidedP(z: number): number {
  return Number.isNaN(z) ? Number.NaN : erfc(Math.abs(z) / Math.SQRT2);
}
