import { blockPairs } from './blocking.js';
import { clusterPairs } from './cluster-pairs.js';
import { type ComparisonMatrix, countPatterns, MISSING } from './comparison-matrix.js';
import { estimateModel } from './estimate-model.js';
import type { FsModel } from './fs-model.js';
import type { PersonPreset, PersonRecord } from './person-preset.js';
import { probabilityOfWeight, scorePair } from './score-pair.js';

/** How a file of person records is matched; every option has a default that suits FEBRL and 1M records alike. */
export interface MatchOptions {
  /** Blocks larger than this are skipped (default 1,000). */
  maxBlockSize?: number;
  /** Random pairs pooled with the candidates for EM, as a share of the candidates (default 0.1). */
  randomShare?: number;
  /** Seed of the random pairs, so a run repeats exactly (default 1). */
  seed?: number;
  /** Overrides the preset's linking probability. */
  threshold?: number;
}

/** Random pairs whose level shares start u. */
const START_PAIRS = 20_000;

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
 * level; EM estimates m and u over the candidates pooled with a tenth as many random pairs (nearly all
 * non-matches: without them a file whose candidates are almost all duplicates leaves u to guess; with
 * many more, EM splits random from blocked pairs instead of matches from non-matches, and blocked
 * non-matches, agreeing on a blocking key, pass for matches); the share of matches among the
 * candidates is then found for those m and u alone; each pattern is scored once, and the pairs at or
 * above the threshold are clustered by connected components.
 */
export function matchPersons(
  records: readonly PersonRecord[],
  preset: PersonPreset,
  options: MatchOptions = {},
): PersonMatch {
  const values = records.map((record) => record.values);
  const candidates = blockPairs(values, preset.blocking, options.maxBlockSize ?? 1000);
  const matrix = compareAll(values, preset, candidates.first, candidates.second, candidates.count);
  const seed = options.seed ?? 1;
  const random = randomPairs(
    values.length,
    Math.round((options.randomShare ?? 0.1) * candidates.count),
    seed,
  );
  const startPairs = randomPairs(values.length, START_PAIRS, seed + 1);
  const startMatrix = compareAll(values, preset, startPairs.first, startPairs.second, startPairs.count);
  const randomMatrix = compareAll(values, preset, random.first, random.second, random.count);
  const pooled = new Uint8Array(matrix.levels.length + randomMatrix.levels.length);
  pooled.set(matrix.levels);
  pooled.set(randomMatrix.levels, matrix.levels.length);
  const pooledModel = estimateModel(
    { specs: matrix.specs, levels: pooled, pairCount: matrix.pairCount + randomMatrix.pairCount },
    { start: { u: levelShares(startMatrix) } },
  );
  const patterns = countPatterns(matrix);
  const fieldCount = matrix.specs.length;
  const weightOfPattern = new Float64Array(patterns.patternCount);
  for (let pattern = 0; pattern < patterns.patternCount; pattern++) {
    const levels = patterns.levels.subarray(pattern * fieldCount, (pattern + 1) * fieldCount);
    weightOfPattern[pattern] = scorePair(pooledModel, levels).weight;
  }
  const model = { ...pooledModel, matchShare: shareAmong(weightOfPattern, patterns.counts) };
  const threshold = options.threshold ?? preset.threshold;
  const linked: { a: number; b: number; probability: number }[] = [];
  for (let pair = 0; pair < candidates.count; pair++) {
    const weight = weightOfPattern[patterns.patternOfPair[pair] as number] as number;
    const probability = probabilityOfWeight(model.matchShare, weight);
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

/**
 * The share of matches among pairs of known weights (counted): EM's update of the share alone, with m
 * and u held, iterated to its fixed point (the mean posterior equals the prior).
 */
export function shareAmong(weights: Float64Array, counts: Float64Array): number {
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total === 0) return 0.5;
  let share = 0.5;
  for (let iteration = 0; iteration < 1000; iteration++) {
    let matches = 0;
    for (let pattern = 0; pattern < weights.length; pattern++) {
      matches += (counts[pattern] as number) * probabilityOfWeight(share, weights[pattern] as number);
    }
    const next = Math.min(1 - 1e-9, Math.max(1e-9, matches / total));
    if (Math.abs(next - share) < 1e-9) return next;
    share = next;
  }
  return share;
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
 * Random pairs of distinct records (with a million records, one in many thousands a match), drawn by
 * mulberry32 from a seed so that runs repeat.
 */
function randomPairs(recordCount: number, wanted: number, seed: number) {
  const count = recordCount < 2 ? 0 : wanted;
  const first = new Uint32Array(count);
  const second = new Uint32Array(count);
  let state = seed >>> 0;
  const below = (bound: number) => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * bound);
  };
  for (let pair = 0; pair < count; pair++) {
    const a = below(recordCount);
    const b = below(recordCount - 1);
    first[pair] = a;
    second[pair] = b >= a ? b + 1 : b;
  }
  return { first, second, count };
}

/** Each field's level shares in a matrix, each level counted once more so none starts at zero: u's start. */
function levelShares(matrix: ComparisonMatrix): number[][] {
  const counts = matrix.specs.map((spec) => spec.levels.map(() => 1));
  const fieldCount = matrix.specs.length;
  for (let index = 0; index < matrix.levels.length; index++) {
    const level = matrix.levels[index] as number;
    const row = counts[index % fieldCount] as number[];
    if (level !== MISSING) row[level] = (row[level] as number) + 1;
  }
  return counts.map((row) => {
    const total = row.reduce((sum, count) => sum + count, 0);
    return row.map((count) => count / total);
  });
}
