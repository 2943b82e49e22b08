import { invertSymmetricPositiveDefinite } from './symmetric-inverse.js';

/** An ordinary least squares fit. */
export interface LeastSquaresFit {
  coefficients: Float64Array;
  fitted: Float64Array;
  residuals: Float64Array;
}

/**
 * Ordinary least squares of y on the design (given column by column), through the normal equations:
 * the designs here are a handful of well-scaled columns (intercept, a short time index, 0/1
 * indicators), for which that is as accurate as a QR decomposition and cheaper.
 */
export function fitLeastSquares(columns: readonly Float64Array[], y: ArrayLike<number>): LeastSquaresFit {
  const p = columns.length;
  const n = y.length;
  const crossProducts = new Float64Array(p * p);
  const rhs = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    const cj = columns[j] as Float64Array;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += (cj[i] as number) * (y[i] as number);
    rhs[j] = sum;
    for (let k = 0; k <= j; k++) {
      const ck = columns[k] as Float64Array;
      let cross = 0;
      for (let i = 0; i < n; i++) cross += (cj[i] as number) * (ck[i] as number);
      crossProducts[j * p + k] = cross;
      crossProducts[k * p + j] = cross;
    }
  }
  const inverse = invertSymmetricPositiveDefinite(crossProducts, p);
  const coefficients = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let sum = 0;
    for (let k = 0; k < p; k++) sum += (inverse[j * p + k] as number) * (rhs[k] as number);
    coefficients[j] = sum;
  }
  const fitted = new Float64Array(n);
  const residuals = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let value = 0;
    for (let j = 0; j < p; j++)
      value += ((columns[j] as Float64Array)[i] as number) * (coefficients[j] as number);
    fitted[i] = value;
    residuals[i] = (y[i] as number) - value;
  }
  return { coefficients, fitted, residuals };
}
