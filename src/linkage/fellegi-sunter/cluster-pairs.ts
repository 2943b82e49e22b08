/**
 * Connected components of the pairs at or above a probability: records linked directly or through
 * others share a cluster. Clusters are numbered 0, 1, ... in the order of their first record, so a
 * record alone is its own cluster and the numbering does not depend on the pairs' order.
 */
export function clusterPairs(
  recordCount: number,
  pairs: readonly { a: number; b: number; probability: number }[],
  threshold: number,
): Int32Array {
  const parent = new Int32Array(recordCount);
  for (let record = 0; record < recordCount; record++) parent[record] = record;
  const root = (record: number): number => {
    let top = record;
    while (parent[top] !== top) top = parent[top] as number;
    // Path compression: every record on the way points at the root, so later look-ups are short.
    let at = record;
    while (parent[at] !== top) {
      const next = parent[at] as number;
      parent[at] = top;
      at = next;
    }
    return top;
  };
  for (const { a, b, probability } of pairs) {
    if (!(a >= 0 && a < recordCount && b >= 0 && b < recordCount)) {
      throw new RangeError(`Pair (${a}, ${b}) names a record outside 0..${recordCount - 1}`);
    }
    if (probability < threshold) continue;
    const rootA = root(a);
    const rootB = root(b);
    // The smaller index becomes the root, so the component's root is its first record.
    if (rootA < rootB) parent[rootB] = rootA;
    else if (rootB < rootA) parent[rootA] = rootB;
  }
  const clusters = new Int32Array(recordCount);
  let next = 0;
  for (let record = 0; record < recordCount; record++) {
    const top = root(record);
    clusters[record] = top === record ? next++ : (clusters[top] as number);
  }
  return clusters;
}
