/** The inverse of a symmetric positive definite p × p matrix, through its Cholesky factor. */
export function invertSymmetricPositiveDefinite(a: Float64Array, p: number): Float64Array {
  const l = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    let diagonal = a[j * p + j] as number;
    for (let k = 0; k < j; k++) diagonal -= (l[j * p + k] as number) ** 2;
    const root = Math.sqrt(diagonal);
    l[j * p + j] = root;
    for (let i = j + 1; i < p; i++) {
      let value = a[i * p + j] as number;
      for (let k = 0; k < j; k++) value -= (l[i * p + k] as number) * (l[j * p + k] as number);
      l[i * p + j] = value / root;
    }
  }
  // Invert L (lower triangular), then A⁻¹ = L⁻ᵀL⁻¹.
  const li = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    li[j * p + j] = 1 / (l[j * p + j] as number);
    for (let i = j + 1; i < p; i++) {
      let sum = 0;
      for (let k = j; k < i; k++) sum -= (l[i * p + k] as number) * (li[k * p + j] as number);
      li[i * p + j] = sum / (l[i * p + i] as number);
    }
  }
  const inverse = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let k = i; k < p; k++) sum += (li[k * p + i] as number) * (li[k * p + j] as number);
      inverse[i * p + j] = sum;
      inverse[j * p + i] = sum;
    }
  }
  return inverse;
}
