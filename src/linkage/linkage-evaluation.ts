/**
 * Pairwise quality of a linkage against the truth: a pair of reports is linked when both are in one
 * overdose, true when both describe one event. Precision is the share of linked pairs that are true,
 * recall the share of true pairs that are linked.
 */
export interface PairwiseQuality {
  linkedPairs: number;
  truePairs: number;
  correctPairs: number;
  precision: number;
  recall: number;
}

/** Pairs within groups: n(n-1)/2 summed over the groups of `keys`. */
function pairsWithin(keys: Iterable<string | number>): number {
  const sizes = new Map<string | number, number>();
  for (const key of keys) sizes.set(key, (sizes.get(key) ?? 0) + 1);
  let pairs = 0;
  for (const n of sizes.values()) pairs += (n * (n - 1)) / 2;
  return pairs;
}

/** Compares each record's overdose (`clusters`) with its true event (`events`). */
export function pairwiseQuality(clusters: ArrayLike<number>, events: ArrayLike<number>): PairwiseQuality {
  const n = clusters.length;
  const linkedPairs = pairsWithin(Array.from({ length: n }, (_, i) => clusters[i] as number));
  const truePairs = pairsWithin(Array.from({ length: n }, (_, i) => events[i] as number));
  const correctPairs = pairsWithin(Array.from({ length: n }, (_, i) => `${clusters[i]}|${events[i]}`));
  return {
    linkedPairs,
    truePairs,
    correctPairs,
    precision: linkedPairs === 0 ? 1 : correctPairs / linkedPairs,
    recall: truePairs === 0 ? 1 : correctPairs / truePairs,
  };
}
