import { blockPairs } from './blocking.js';
import { clusterPairs } from './cluster-pairs.js';
import { type ComparisonMatrix, countPatterns, MISSING } from './comparison-matrix.js';
import { estimateModel } from './estimate-model.js';
import type { FsModel } from './fs-model.js';
import type { PersonPreset, PersonRecord } from './person-preset.js';
import { scorePair } from './score-pair.js';

/** How a file of person records is matched; every option has a default that suits FEBRL and 1M records alike. */
export interface MatchOptions {
  /** Blocks larger than this are skipped (default 1,000). */
  maxBlockSize?: number;
  /** Random pairs from which u starts (default 200,000). */
  randomPairs?: number;
  /** Seed of the random pairs, so a run repeats exactly (default 1). */
  seed?: number;
  /** Overrides the preset's linking probability. */
  threshold?: number;
}

/** What matching found: a cluster per record, the model estimated, and the counts along the way. */
export interface PersonMatch {
  clusters: Int32Array;
  model: FsModel;
  candidatePairs: number;
  linkedPairs: number;
  skippedBlocks: number;
}

/**
 * Links person records end to end: blocking passes give candidate pairs, each compared field gives a
 * level, EM estimates m, u and the match share over the candidates' patterns (u starting from random
 * pairs, nearly all non-matches), each pattern is scored once, and the pairs at or above the threshold
 * are clustered by connected components.
 */
export function matchPersons(
  records: readonly PersonRecord[],
  preset: PersonPreset,
  options: MatchOptions = {},
): PersonMatch {
  const values = records.map((record) => record.values);
  const candidates = blockPairs(values, preset.blocking, options.maxBlockSize ?? 1000);
  const specs = preset.comparisons.map((comparison) => comparison.spec);
  const matrix = compareAll(values, preset, candidates.first, candidates.second, candidates.count);
  const model = estimateModel(matrix, {
    start: { u: randomPairLevels(values, preset, options.randomPairs ?? 200_000, options.seed ?? 1) },
  });
  const patterns = countPatterns(matrix);
  const fieldCount = specs.length;
  const probabilityOfPattern = new Float64Array(patterns.patternCount);
  for (let pattern = 0; pattern < patterns.patternCount; pattern++) {
    const levels = patterns.levels.subarray(pattern * fieldCount, (pattern + 1) * fieldCount);
    probabilityOfPattern[pattern] = scorePair(model, levels).probability;
  }
  const threshold = options.threshold ?? preset.threshold;
  const linked: { a: number; b: number; probability: number }[] = [];
  for (let pair = 0; pair < candidates.count; pair++) {
    const probability = probabilityOfPattern[patterns.patternOfPair[pair] as number] as number;
    if (probability >= threshold) {
      linked.push({ a: candidates.first[pair] as number, b: candidates.second[pair] as number, probability });
    }
  }
  return {
    clusters: clusterPairs(records.length, linked, threshold),
    model,
    candidatePairs: candidates.count,
    linkedPairs: linked.length,
    skippedBlocks: candidates.skippedBlocks,
  };
}

/** The comparison matrix of the given pairs. */
function compareAll(
  values: readonly (readonly string[])[],
  preset: PersonPreset,
  first: ArrayLike<number>,
  second: ArrayLike<number>,
  pairCount: number,
): ComparisonMatrix {
  const comparisons = preset.comparisons;
  const fieldCount = comparisons.length;
  const levels = new Uint8Array(pairCount * fieldCount);
  for (let pair = 0; pair < pairCount; pair++) {
    const a = values[first[pair] as number] as readonly string[];
    const b = values[second[pair] as number] as readonly string[];
    for (let field = 0; field < fieldCount; field++) {
      levels[pair * fieldCount + field] = (comparisons[field] as (typeof comparisons)[number]).compare(a, b);
    }
  }
  return { specs: comparisons.map((comparison) => comparison.spec), levels, pairCount };
}

/**
 * u as the level frequencies of random pairs (one in many thousands a match, so nearly all of them
 * describe non-matches), each level counted at least once so none starts at zero. mulberry32 draws
 * the pairs: a seeded generator keeps runs repeatable.
 */
function randomPairLevels(
  values: readonly (readonly string[])[],
  preset: PersonPreset,
  pairCount: number,
  seed: number,
): number[][] {
  const counts = preset.comparisons.map((comparison) => comparison.spec.levels.map(() => 1));
  if (values.length < 2) return counts.map((row) => row.map((count) => count / row.length));
  let state = seed >>> 0;
  const below = (bound: number) => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * bound);
  };
  for (let drawn = 0; drawn < pairCount; drawn++) {
    const a = below(values.length);
    const b = below(values.length - 1);
    const other = b >= a ? b + 1 : b;
    for (const [field, comparison] of preset.comparisons.entries()) {
      const level = comparison.compare(values[a] as readonly string[], values[other] as readonly string[]);
      if (level !== MISSING)
        (counts[field] as number[])[level] = ((counts[field] as number[])[level] as number) + 1;
    }
  }
  return counts.map((row) => {
    const total = row.reduce((sum, count) => sum + count, 0);
    return row.map((count) => count / total);
  });
}
