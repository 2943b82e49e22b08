/** The sum Gi* weighs for one area: the counts of the area and its neighbours, and how many areas that is. */
export interface Neighbourhood {
  sum: number;
  size: number;
}

/**
 * Each area's neighbourhood as Gi* counts it: the area itself (once, listed or not) and every
 * neighbour. Pure; the hot-spot table shows these sums, since they, not an area's own count, drive z.
 */
export function neighbourhoodSums(
  values: readonly number[],
  neighbours: readonly (readonly number[])[],
): Neighbourhood[] {
  return values.map((_, i) => {
    const members = new Set(neighbours[i] ?? []);
    members.add(i);
    let sum = 0;
    for (const j of members) sum += values[j] ?? 0;
    return { sum, size: members.size };
  });
}

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
  return neighbourhoodSums(values, neighbours).map(({ sum: local, size: w }) => {
    // With binary weights the sum of squared weights equals the sum of weights.
    const spread = s * Math.sqrt((n * w - w * w) / (n - 1));
    return spread > 0 ? (local - mean * w) / spread : Number.NaN;
  });
}
