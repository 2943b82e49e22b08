/**
 * What Fellegi-Sunter compares: each field of a candidate pair reduced to an agreement level. A pair is
 * a row of small integers, so millions of pairs fit in one byte array and EM works on the few distinct
 * rows (patterns) with their counts rather than on every pair.
 */

/** One compared field and its agreement levels, index 0 = most different, the last = exact agreement. */
export interface ComparisonSpec {
  name: string;
  levels: readonly string[];
}

/** Levels per pair, pairs after one another (fieldCount bytes a pair); MISSING (255) = not comparable. */
export interface ComparisonMatrix {
  specs: readonly ComparisonSpec[];
  levels: Uint8Array;
  pairCount: number;
}

/** The level of a field that cannot be compared (a value missing on either side): it says nothing. */
export const MISSING = 255;

/** The distinct level rows of a matrix: `levels` holds them one after another, `counts` how many pairs have each, `patternOfPair` each pair's row. */
export interface PatternCounts {
  levels: Uint8Array;
  counts: Float64Array;
  patternCount: number;
  patternOfPair: Uint32Array;
}

/** Refuses a matrix whose levels do not fit its specs, naming the pair and field. */
export function checkMatrix(matrix: ComparisonMatrix): void {
  const fieldCount = matrix.specs.length;
  if (fieldCount === 0) throw new RangeError('A comparison matrix needs at least one field');
  if (matrix.levels.length !== matrix.pairCount * fieldCount) {
    throw new RangeError(
      `A comparison matrix of ${matrix.pairCount} pairs and ${fieldCount} fields needs ${matrix.pairCount * fieldCount} levels, not ${matrix.levels.length}`,
    );
  }
  for (const spec of matrix.specs) {
    if (spec.levels.length < 2 || spec.levels.length >= MISSING) {
      throw new RangeError(`Field ${spec.name} needs between 2 and ${MISSING - 1} levels`);
    }
  }
  for (let pair = 0; pair < matrix.pairCount; pair++) {
    for (let field = 0; field < fieldCount; field++) {
      const level = matrix.levels[pair * fieldCount + field] as number;
      const spec = matrix.specs[field] as ComparisonSpec;
      if (level !== MISSING && level >= spec.levels.length) {
        throw new RangeError(
          `Pair ${pair}, field ${spec.name}: level ${level} is not one of its ${spec.levels.length}`,
        );
      }
    }
  }
}

/**
 * Counts the distinct level rows. A row is numbered in mixed radix (each field's levels plus one for
 * MISSING), which is exact while the product of the radices stays below 2^53; wider specs fall back to
 * text keys.
 */
export function countPatterns(matrix: ComparisonMatrix): PatternCounts {
  checkMatrix(matrix);
  const fieldCount = matrix.specs.length;
  const radices = matrix.specs.map((spec) => spec.levels.length + 1);
  const numeric = radices.reduce((product, radix) => product * radix, 1) < Number.MAX_SAFE_INTEGER;
  const index = new Map<number | string, number>();
  const patternOfPair = new Uint32Array(matrix.pairCount);
  const firstPair: number[] = [];
  const counts: number[] = [];
  for (let pair = 0; pair < matrix.pairCount; pair++) {
    const start = pair * fieldCount;
    let key: number | string;
    if (numeric) {
      key = 0;
      for (let field = 0; field < fieldCount; field++) {
        const level = matrix.levels[start + field] as number;
        key = key * (radices[field] as number) + (level === MISSING ? 0 : level + 1);
      }
    } else {
      key = matrix.levels.subarray(start, start + fieldCount).join(',');
    }
    let pattern = index.get(key);
    if (pattern === undefined) {
      pattern = counts.length;
      index.set(key, pattern);
      firstPair.push(pair);
      counts.push(0);
    }
    counts[pattern] = (counts[pattern] as number) + 1;
    patternOfPair[pair] = pattern;
  }
  const levels = new Uint8Array(counts.length * fieldCount);
  for (const [pattern, pair] of firstPair.entries()) {
    levels.set(matrix.levels.subarray(pair * fieldCount, (pair + 1) * fieldCount), pattern * fieldCount);
  }
  return { levels, counts: Float64Array.from(counts), patternCount: counts.length, patternOfPair };
}
