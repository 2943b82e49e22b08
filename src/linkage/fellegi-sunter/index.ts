/**
 * Fellegi-Sunter record linkage, pure: comparison matrices of agreement levels, m and u estimated by EM,
 * pair weights with their explanation, and clustering. What `sos linkage match` and the linkage of
 * reports to overdoses build on.
 */

export { clusterPairs } from './cluster-pairs.js';
export {
  type ComparisonMatrix,
  type ComparisonSpec,
  countPatterns,
  MISSING,
  type PatternCounts,
} from './comparison-matrix.js';
export { type EstimateOptions, estimateModel } from './estimate-model.js';
export type { FsModel } from './fs-model.js';
export { type PairScore, probabilityOfWeight, scorePair, type WeightPart } from './score-pair.js';
