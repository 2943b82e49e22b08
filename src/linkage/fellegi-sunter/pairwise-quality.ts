/** Pairwise linkage quality: pairs put together that truly belong together, against all put together and all true. */
export interface PairwiseQuality {
  truePositives: number;
  predictedPairs: number;
  truePairs: number;
  precision: number;
  recall: number;
  f1: number;
}

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
  const clusterOf = numbered(Array.from(clusters));
  const entityOf = numbered(truth);
  const entityCount = entityOf.reduce((most, entity) => Math.max(most, entity + 1), 0);
  const known = entityOf.filter((entity) => entity >= 0).length;
  const entityKeys = new Float64Array(known);
  const cellKeys = new Float64Array(known);
  let next = 0;
  for (let record = 0; record < entityOf.length; record++) {
    const entity = entityOf[record] as number;
    if (entity < 0) continue;
    entityKeys[next] = entity;
    cellKeys[next] = (clusterOf[record] as number) * entityCount + entity;
    next++;
  }
  const truePositives = pairsWithinRuns(cellKeys);
  const predictedPairs = pairsWithinRuns(Float64Array.from(clusterOf));
  const truePairs = pairsWithinRuns(entityKeys);
  const precision = predictedPairs === 0 ? 1 : truePositives / predictedPairs;
  const recall = truePairs === 0 ? 1 : truePositives / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePositives, predictedPairs, truePairs, precision, recall, f1 };
}

/** Labels as numbers 0, 1, ... in order of first appearance; null (no label) as -1. */
function numbered<T>(labels: readonly (T | null | undefined)[]): Int32Array {
  const numbers = new Map<T, number>();
  return Int32Array.from(labels, (label) => {
    if (label === null || label === undefined) return -1;
    let number = numbers.get(label);
    if (number === undefined) {
      number = numbers.size;
      numbers.set(label, number);
    }
    return number;
  });
}

/** The pairs within groups of equal keys (n choose 2 for each group of n), by sorting: typed-array sorts beat maps of a million keys. */
function pairsWithinRuns(keys: Float64Array): number {
  keys.sort();
  let pairs = 0;
  let run = 0;
  for (let i = 0; i < keys.length; i++) {
    run = i > 0 && keys[i] === keys[i - 1] ? run + 1 : 1;
    pairs += run - 1;
  }
  return pairs;
}
