import type { ComparisonSpec } from './comparison-matrix.js';

/**
 * A Fellegi-Sunter model: per field and level, m = P(level | same entity) and u = P(level | different
 * entities), and the share of compared pairs that are matches (the prior).
 */
export interface FsModel {
  specs: readonly ComparisonSpec[];
  m: number[][];
  u: number[][];
  matchShare: number;
  iterations: number;
  converged: boolean;
}

/**
 * The usual starting point of EM when none is given: matches mostly agree exactly (m rising by a factor
 * of 4 a level towards exact agreement), non-matches mostly differ (u the mirror image), one pair in ten
 * a match. Only the direction matters: EM moves from here.
 */
export function defaultStart(specs: readonly ComparisonSpec[]): Pick<FsModel, 'm' | 'u' | 'matchShare'> {
  const rising = (count: number) => normalize(Array.from({ length: count }, (_, level) => 4 ** level));
  return {
    m: specs.map((spec) => rising(spec.levels.length)),
    u: specs.map((spec) => rising(spec.levels.length).reverse()),
    matchShare: 0.1,
  };
}

/** The values scaled to sum to 1. */
export function normalize(values: readonly number[]): number[] {
  const total = values.reduce((sum, value) => sum + value, 0);
  return values.map((value) => value / total);
}
