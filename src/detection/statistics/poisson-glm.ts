import { invertSymmetricPositiveDefinite } from './symmetric-inverse.js';

/**
 * A Poisson log-linear model fitted by iteratively reweighted least squares, step for step as R's
 * glm.fit does it for family quasipoisson(link = "log"): start from μ = y + 0.1, stop when the
 * deviance changes by less than 1e-8 relative (at most 25 iterations), and report the working
 * weights of the last iteration, so that dispersion, covariance and leverages match R's summary.
 */

/** What the fit found. Columns of the design and the coefficients share one order. */
export interface PoissonGlmFit {
  coefficients: Float64Array;
  /** Fitted means μᵢ of the observations. */
  fitted: Float64Array;
  converged: boolean;
  /** (X′WX)⁻¹ with the last iteration's working weights W, row-major, p × p. */
  unscaledCovariance: Float64Array;
  /** Working weights of the last iteration: prior weight × μ (before its final update, as in R). */
  workingWeights: Float64Array;
  /** Observations with a positive prior weight, minus the number of coefficients. */
  residualDegreesOfFreedom: number;
  /** The quasi-Poisson dispersion: Σ wᵢ (yᵢ − μᵢ)² / μᵢ² over the residual degrees of freedom. */
  dispersion: number;
}

const MAX_ITERATIONS = 25;
const EPSILON = 1e-8;

/**
 * Fits log E[y] = Xβ. `columns` holds the design column by column (each of length n); `priorWeights`
 * defaults to 1 for every observation.
 */
export function fitPoissonGlm(
  columns: readonly Float64Array[],
  y: Float64Array,
  priorWeights?: Float64Array,
): PoissonGlmFit {
  const n = y.length;
  const p = columns.length;
  const prior = priorWeights ?? new Float64Array(n).fill(1);
  const mu = new Float64Array(n);
  const eta = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    mu[i] = (y[i] as number) + 0.1;
    eta[i] = Math.log(mu[i] as number);
  }
  let devianceBefore = deviance(y, mu, prior);
  const weights = new Float64Array(n);
  const z = new Float64Array(n);
  let coefficients: Float64Array = new Float64Array(p);
  let inverse: Float64Array = new Float64Array(p * p);
  let converged = false;
  for (let iteration = 1; iteration <= MAX_ITERATIONS; iteration++) {
    for (let i = 0; i < n; i++) {
      const m = mu[i] as number;
      // Log link: dμ/dη = μ and V(μ) = μ, so the working weight is prior × μ.
      weights[i] = (prior[i] as number) * m;
      z[i] = (eta[i] as number) + ((y[i] as number) - m) / m;
    }
    const solved = weightedLeastSquares(columns, z, weights);
    coefficients = solved.coefficients;
    inverse = solved.inverse;
    for (let i = 0; i < n; i++) {
      let value = 0;
      for (let j = 0; j < p; j++)
        value += ((columns[j] as Float64Array)[i] as number) * (coefficients[j] as number);
      eta[i] = value;
      mu[i] = Math.exp(value);
    }
    const devianceNow = deviance(y, mu, prior);
    if (Math.abs(devianceNow - devianceBefore) / (Math.abs(devianceNow) + 0.1) < EPSILON) {
      converged = true;
      break;
    }
    devianceBefore = devianceNow;
  }
  let observations = 0;
  let pearson = 0;
  for (let i = 0; i < n; i++) {
    if ((prior[i] as number) <= 0) continue;
    observations++;
    const m = mu[i] as number;
    const workingResidual = ((y[i] as number) - m) / m;
    pearson += (weights[i] as number) * workingResidual * workingResidual;
  }
  const residualDegreesOfFreedom = observations - p;
  return {
    coefficients,
    fitted: mu,
    converged,
    unscaledCovariance: inverse,
    workingWeights: weights,
    residualDegreesOfFreedom,
    dispersion: pearson / residualDegreesOfFreedom,
  };
}

/** Leverages hᵢ = wᵢ xᵢ′(X′WX)⁻¹xᵢ of a fit (R's hatvalues). */
export function leverages(columns: readonly Float64Array[], fit: PoissonGlmFit): Float64Array {
  const n = fit.fitted.length;
  const p = columns.length;
  const result = new Float64Array(n);
  const row = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) row[j] = (columns[j] as Float64Array)[i] as number;
    result[i] = (fit.workingWeights[i] as number) * quadraticForm(fit.unscaledCovariance, row);
  }
  return result;
}

/** x′Ax for a symmetric row-major matrix A. */
export function quadraticForm(matrix: Float64Array, x: ArrayLike<number>): number {
  const p = x.length;
  let total = 0;
  for (let j = 0; j < p; j++) {
    let inner = 0;
    for (let k = 0; k < p; k++) inner += (matrix[j * p + k] as number) * (x[k] as number);
    total += (x[j] as number) * inner;
  }
  return total;
}

/** The Poisson deviance 2 Σ wᵢ (yᵢ log(yᵢ/μᵢ) − (yᵢ − μᵢ)), with 0 log 0 = 0. */
function deviance(y: Float64Array, mu: Float64Array, prior: Float64Array): number {
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    const yi = y[i] as number;
    const mi = mu[i] as number;
    total += 2 * (prior[i] as number) * ((yi > 0 ? yi * Math.log(yi / mi) : 0) - (yi - mi));
  }
  return total;
}

/** Solves the normal equations X′WXβ = X′Wz by Cholesky; returns β and (X′WX)⁻¹. */
function weightedLeastSquares(
  columns: readonly Float64Array[],
  z: Float64Array,
  weights: Float64Array,
): { coefficients: Float64Array; inverse: Float64Array } {
  const p = columns.length;
  const n = z.length;
  const a = new Float64Array(p * p);
  const rhs = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    const cj = columns[j] as Float64Array;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += (weights[i] as number) * (cj[i] as number) * (z[i] as number);
    rhs[j] = sum;
    for (let k = 0; k <= j; k++) {
      const ck = columns[k] as Float64Array;
      let cross = 0;
      for (let i = 0; i < n; i++) cross += (weights[i] as number) * (cj[i] as number) * (ck[i] as number);
      a[j * p + k] = cross;
      a[k * p + j] = cross;
    }
  }
  const inverse = invertSymmetricPositiveDefinite(a, p);
  const coefficients = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let sum = 0;
    for (let k = 0; k < p; k++) sum += (inverse[j * p + k] as number) * (rhs[k] as number);
    coefficients[j] = sum;
  }
  return { coefficients, inverse };
}
