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

/**
 * The design's rows with their non-zero entries only (compressed sparse rows). Farrington's designs
 * are an intercept, a trend and one seasonal indicator per row, so a row has at most three non-zeros
 * among up to eleven columns; skipping the zeros makes each iteration linear in the rows.
 */
interface SparseRows {
  columns: number;
  /** Row i's entries are at [start[i], start[i + 1]). */
  start: Int32Array;
  index: Int32Array;
  value: Float64Array;
}

function sparseRows(columns: readonly Float64Array[], n: number): SparseRows {
  const p = columns.length;
  const start = new Int32Array(n + 1);
  const index: number[] = [];
  const value: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) {
      const x = (columns[j] as Float64Array)[i] as number;
      if (x !== 0) {
        index.push(j);
        value.push(x);
      }
    }
    start[i + 1] = index.length;
  }
  return { columns: p, start, index: Int32Array.from(index), value: Float64Array.from(value) };
}
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
  const rows = sparseRows(columns, n);
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
    const solved = weightedLeastSquares(rows, z, weights);
    coefficients = solved.coefficients;
    inverse = solved.inverse;
    for (let i = 0; i < n; i++) {
      let value = 0;
      for (let e = rows.start[i] as number; e < (rows.start[i + 1] as number); e++) {
        value += (rows.value[e] as number) * (coefficients[rows.index[e] as number] as number);
      }
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
  const rows = sparseRows(columns, n);
  const c = fit.unscaledCovariance;
  const result = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const from = rows.start[i] as number;
    const to = rows.start[i + 1] as number;
    let form = 0;
    for (let a = from; a < to; a++) {
      const ja = rows.index[a] as number;
      for (let b = from; b < to; b++) {
        form +=
          (rows.value[a] as number) *
          (rows.value[b] as number) *
          (c[ja * p + (rows.index[b] as number)] as number);
      }
    }
    result[i] = (fit.workingWeights[i] as number) * form;
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
  rows: SparseRows,
  z: Float64Array,
  weights: Float64Array,
): { coefficients: Float64Array; inverse: Float64Array } {
  const p = rows.columns;
  const a = new Float64Array(p * p);
  const rhs = new Float64Array(p);
  for (let i = 0; i < z.length; i++) {
    const w = weights[i] as number;
    const wz = w * (z[i] as number);
    const from = rows.start[i] as number;
    const to = rows.start[i + 1] as number;
    for (let e = from; e < to; e++) {
      const j = rows.index[e] as number;
      const wx = w * (rows.value[e] as number);
      rhs[j] = (rhs[j] as number) + (rows.value[e] as number) * wz;
      // Lower triangle only (column index ≤ row index; entries are in column order).
      for (let f = from; f <= e; f++) {
        const k = rows.index[f] as number;
        a[j * p + k] = (a[j * p + k] as number) + wx * (rows.value[f] as number);
      }
    }
  }
  for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) a[k * p + j] = a[j * p + k] as number;
  const inverse = invertSymmetricPositiveDefinite(a, p);
  const coefficients = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let sum = 0;
    for (let k = 0; k < p; k++) sum += (inverse[j * p + k] as number) * (rhs[k] as number);
    coefficients[j] = sum;
  }
  return { coefficients, inverse };
}
