import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  negativeBinomialCdf,
  negativeBinomialQuantile,
  poissonCdf,
  poissonQuantile,
} from './count-quantiles.js';
import { meanOf, standardDeviationOf } from './descriptive.js';
import { regularizedIncompleteBeta } from './incomplete-beta.js';
import { regularizedUpperGamma } from './incomplete-gamma.js';
import { fitLeastSquares } from './least-squares.js';
import { logGamma } from './log-gamma.js';
import { erfc, normalQuantile, normalUpperTail } from './normal-distribution.js';
import { fitPoissonGlm, leverages } from './poisson-glm.js';
import { studentTQuantile, studentTTwoSidedP, studentTUpperTail } from './student-t.js';

const close = (actual: number, expected: number, relative = 1e-13) =>
  assert.ok(
    Math.abs(actual - expected) <= relative * Math.abs(expected) + 1e-300,
    `expected ${expected}, got ${actual}`,
  );

describe('statistical helpers', () => {
  it('log-gamma matches factorials and Γ(1/2) = √π', () => {
    close(logGamma(10), Math.log(362880));
    close(logGamma(30), Math.log(8.841761993739701e30));
    close(logGamma(0.5), 0.5 * Math.log(Math.PI));
    close(logGamma(1.5), Math.log(Math.sqrt(Math.PI) / 2));
  });

  it('normal tail and quantile agree with R (qnorm, pnorm)', () => {
    close(erfc(0.5), 0.4795001221869535, 1e-14);
    close(erfc(3), 2.209049699858544e-5, 1e-13);
    close(normalUpperTail(-3), 0.9986501019683699, 1e-14);
    close(normalQuantile(0.975), 1.959963984540054, 1e-14);
    close(normalQuantile(0.001), -3.090232306167813, 1e-14);
    // 1 − 0.999 is not exactly 0.001 in binary, hence a looser comparison.
    close(normalQuantile(0.999), 3.090232306167813, 1e-13);
    close(normalQuantile(1 - 0.0013498980316301), 3, 1e-12);
    close(normalQuantile(0.025), -1.959963984540054, 1e-14);
  });

  it('incomplete beta and gamma match their closed forms', () => {
    close(regularizedIncompleteBeta(0.3, 1, 1), 0.3);
    close(regularizedIncompleteBeta(0.7, 3, 1), 0.7 ** 3);
    close(regularizedIncompleteBeta(0.2, 1, 4), 1 - 0.8 ** 4);
    close(regularizedUpperGamma(1, 2.5), Math.exp(-2.5));
    close(regularizedUpperGamma(1, 0.3), Math.exp(-0.3));
    // Q(3, x) = e^(−x)(1 + x + x²/2).
    close(regularizedUpperGamma(3, 7), Math.exp(-7) * (1 + 7 + 24.5));
  });

  it("Student's t p-values match the Cauchy (1 df) and 2 df closed forms", () => {
    close(studentTTwoSidedP(2, 1), 1 - (2 / Math.PI) * Math.atan(2));
    close(studentTTwoSidedP(-1.5, 2), 1 - 1.5 / Math.sqrt(2 + 1.5 ** 2));
  });

  it("Student's t quantile inverts the tail, as R's qt", () => {
    // One degree of freedom is the Cauchy: qt(p, 1) = tan(π(p − ½)).
    close(studentTQuantile(0.975, 1), Math.tan(Math.PI * 0.475), 1e-12);
    close(studentTQuantile(0.99, 5), 3.364929998907217, 1e-12);
    close(studentTQuantile(0.05, 10), -1.812461122811676, 1e-12);
    close(studentTUpperTail(studentTQuantile(0.95, 20), 20), 0.05, 1e-12);
  });

  it('least squares recovers an exact line', () => {
    const x = Float64Array.from([1, 2, 3, 4, 5]);
    const fit = fitLeastSquares(
      [new Float64Array(5).fill(1), x],
      Float64Array.from(x, (v) => 3 + 2 * v),
    );
    close(fit.coefficients[0] as number, 3, 1e-12);
    close(fit.coefficients[1] as number, 2, 1e-12);
  });

  it('count quantiles are the smallest count whose probability reaches p, as R', () => {
    close(poissonCdf(7, 4), 0.9488663842071963, 1e-13);
    assert.equal(poissonQuantile(0.95, 4), 8);
    assert.equal(poissonQuantile(0.5, 0.1), 0);
    // Size 1 is the geometric: P(X ≤ x) = 1 − (1 − p)^(x+1).
    close(negativeBinomialCdf(3, 1, 0.5), 1 - 0.5 ** 4);
    assert.equal(negativeBinomialQuantile(0.95, 1, 0.5), 4);
    assert.equal(negativeBinomialQuantile(0.9375, 1, 0.5), 3);
  });

  it('mean and sample deviation as R', () => {
    close(meanOf([1, 2, 3, 4], 1, 4), 3);
    close(standardDeviationOf([2, 4, 4, 4, 5, 5, 7, 9], 0, 8), Math.sqrt(32 / 7));
  });

  it('the Poisson GLM reproduces a saturated two-group model and its leverages', () => {
    // Two groups: fitted means are the group means, leverage 1/size of the group.
    const y = Float64Array.from([2, 4, 6, 10, 10, 10, 10]);
    const intercept = new Float64Array(7).fill(1);
    const second = Float64Array.from([0, 0, 0, 1, 1, 1, 1]);
    const fit = fitPoissonGlm([intercept, second], y);
    assert.ok(fit.converged);
    close(Math.exp(fit.coefficients[0] as number), 4, 1e-9);
    close(Math.exp((fit.coefficients[0] as number) + (fit.coefficients[1] as number)), 10, 1e-9);
    // Pearson dispersion: ((4 + 0 + 4)/4) / (7 − 2), up to the last iteration's step, since R's
    // working weights are those from before the final update.
    close(fit.dispersion, 2 / 5, 1e-5);
    const h = leverages([intercept, second], fit);
    close(h[0] as number, 1 / 3, 1e-8);
    close(h[6] as number, 1 / 4, 1e-8);
  });
});
