/** The mean of values[from..to) (NaN if any is NaN, as R's mean without na.rm). */
export function meanOf(values: ArrayLike<number>, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += values[i] as number;
  return sum / (to - from);
}

/** The sample standard deviation (n − 1 denominator, as R's sd) of values[from..to). */
export function standardDeviationOf(values: ArrayLike<number>, from: number, to: number): number {
  const mean = meanOf(values, from, to);
  let squares = 0;
  for (let i = from; i < to; i++) squares += ((values[i] as number) - mean) ** 2;
  return Math.sqrt(squares / (to - from - 1));
}
