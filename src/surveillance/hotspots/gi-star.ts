/**
 * Getis-Ord Gi* (Getis & Ord 1992; Ord & Getis 1995) with binary weights that include the area
 * itself: for each area, how far the sum over its neighbourhood lies above what the study area's
 * mean would give, as a z-score. Pure; `neighbours[i]` lists the indices next to area i (i itself
 * may be listed or not: it is always counted once).
 */
export function giStar(values: readonly number[], neighbours: readonly (readonly number[])[]): number[] {
  const n = values.length;
  if (n < 2) return values.map(() => Number.NaN);
  let sum = 0;
  let sumSquares = 0;
  for (const v of values) {
    sum += v;
    sumSquares += v * v;
  }
  const mean = sum / n;
  const s = Math.sqrt(sumSquares / n - mean * mean);
  return values.map((_, i) => {
    const members = new Set(neighbours[i] ?? []);
    members.add(i);
    let local = 0;
    for (const j of members) local += values[j] ?? 0;
    const w = members.size;
    // With binary weights the sum of squared weights equals the sum of weights.
    const spread = s * Math.sqrt((n * w - w * w) / (n - 1));
    return spread > 0 ? (local - mean * w) / spread : Number.NaN;
  });
}
