/** Pairwise linkage quality: pairs put together that truly belong together, against all put together and all true. */
export interface PairwiseQuality {
  truePositives: number;
  predictedPairs: number;
  truePairs: number;
  precision: number;
  recall: number;
  f1: number;
}

/** n choose 2: the pairs within a group of n. */
const pairsOf = (n: number) => (n * (n - 1)) / 2;

/**
 * Pairwise precision, recall and F1 of clusters against the true entities, without listing pairs: the
 * pairs predicted are those within clusters, the true ones those within entities, the right ones those
 * within each (cluster, entity) cell. A record whose truth is null counts in neither truth nor hits.
 * Precision is 1 when nothing is linked, recall 1 when nothing should be.
 */
export function pairwiseQuality(
  clusters: ArrayLike<number>,
  truth: readonly (string | null)[],
): PairwiseQuality {
  if (clusters.length !== truth.length) throw new RangeError('One truth a record is needed');
  const clusterSizes = new Map<number, number>();
  const entitySizes = new Map<string, number>();
  const cellSizes = new Map<string, number>();
  for (let record = 0; record < clusters.length; record++) {
    const cluster = clusters[record] as number;
    clusterSizes.set(cluster, (clusterSizes.get(cluster) ?? 0) + 1);
    const entity = truth[record];
    if (entity === null || entity === undefined) continue;
    entitySizes.set(entity, (entitySizes.get(entity) ?? 0) + 1);
    const cell = `${cluster}\u0000${entity}`;
    cellSizes.set(cell, (cellSizes.get(cell) ?? 0) + 1);
  }
  const sum = (sizes: Map<unknown, number>) =>
    [...sizes.values()].reduce((total, n) => total + pairsOf(n), 0);
  const truePositives = sum(cellSizes);
  const predictedPairs = sum(clusterSizes);
  const truePairs = sum(entitySizes);
  const precision = predictedPairs === 0 ? 1 : truePositives / predictedPairs;
  const recall = truePairs === 0 ? 1 : truePositives / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePositives, predictedPairs, truePairs, precision, recall, f1 };
}
