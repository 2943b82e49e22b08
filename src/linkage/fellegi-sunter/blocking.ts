import type { BlockingPass } from './person-preset.js';

/** A blocking key of parts, empty (no block) when any part is empty. */
export function keyOf(...parts: string[]): string {
  return parts.some((part) => part === '') ? '' : parts.join('|');
}

/** The candidate pairs of blocking: pair i is (first[i], second[i]) with first < second, each once, sorted. */
export interface CandidatePairs {
  first: Uint32Array;
  second: Uint32Array;
  count: number;
  /** Blocks left out because they held more records than the limit (a key too common to tell anyone apart). */
  skippedBlocks: number;
}

/**
 * The pairs of records sharing a key in any pass, each pair once. A block larger than `maxBlockSize`
 * is skipped (its pairs grow with the square of its size and its key tells little); the other passes
 * still find its duplicates. Records are chained by key in one Int32Array rather than arrays per key.
 */
export function blockPairs(
  records: readonly (readonly string[])[],
  passes: readonly BlockingPass[],
  maxBlockSize: number,
): CandidatePairs {
  const recordCount = records.length;
  let keys = new Float64Array(1 << 16);
  let count = 0;
  let skippedBlocks = 0;
  const next = new Int32Array(recordCount);
  const members: number[] = [];
  for (const pass of passes) {
    const last = new Map<string, number>();
    for (let record = 0; record < recordCount; record++) {
      const key = pass.key(records[record] as readonly string[]);
      if (key === '') continue;
      next[record] = last.get(key) ?? -1;
      last.set(key, record);
    }
    for (const head of last.values()) {
      members.length = 0;
      for (
        let record = head;
        record !== -1 && members.length <= maxBlockSize;
        record = next[record] as number
      ) {
        members.push(record);
      }
      if (members.length > maxBlockSize) {
        skippedBlocks++;
        continue;
      }
      const pairs = (members.length * (members.length - 1)) / 2;
      if (count + pairs > keys.length) {
        const grown = new Float64Array(Math.max(keys.length * 2, count + pairs));
        grown.set(keys.subarray(0, count));
        keys = grown;
      }
      // Chains run from the last record back, so members are in falling order: i's record > j's.
      for (let i = 0; i < members.length; i++) {
        const later = members[i] as number;
        for (let j = i + 1; j < members.length; j++)
          keys[count++] = (members[j] as number) * recordCount + later;
      }
    }
  }
  const sorted = keys.subarray(0, count).sort();
  const first = new Uint32Array(count);
  const second = new Uint32Array(count);
  let unique = 0;
  for (let i = 0; i < count; i++) {
    const key = sorted[i] as number;
    if (i > 0 && key === sorted[i - 1]) continue;
    first[unique] = Math.floor(key / recordCount);
    second[unique] = key % recordCount;
    unique++;
  }
  return { first: first.slice(0, unique), second: second.slice(0, unique), count: unique, skippedBlocks };
}
