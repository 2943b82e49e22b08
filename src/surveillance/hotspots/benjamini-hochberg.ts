/**
 * Benjamini-Hochberg adjusted p-values (the false discovery rate "q" of each test), as R's
 * p.adjust(p, "BH") computes them. NaN p-values stay NaN and do not count as tests.
 */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const order = pValues
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => !Number.isNaN(p))
    .sort((a, b) => b.p - a.p);
  const m = order.length;
  const adjusted = pValues.map(() => Number.NaN);
  let running = 1;
  order.forEach(({ p, i }, k) => {
    const rank = m - k;
    running = Math.min(running, (p * m) / rank);
    adjusted[i] = running;
  });
  return adjusted;
}
