import { type ComparisonMatrix, type ComparisonSpec, countPatterns, MISSING } from './comparison-matrix.js';
import { defaultStart, type FsModel, normalize } from './fs-model.js';

/** EM's options: iteration cap, convergence (largest change of any parameter), start, and u held fixed. */
export interface EstimateOptions {
  maxIterations?: number;
  tolerance?: number;
  start?: Partial<Pick<FsModel, 'm' | 'u' | 'matchShare'>>;
  fixedU?: number[][];
}

/**
 * The smallest probability a level keeps: a level never seen among matches (or non-matches) would
 * otherwise weigh minus infinity and make every pair showing it impossible, however strong the rest.
 */
const FLOOR = 1e-6;

/**
 * Estimates m, u and the match share by EM over the distinct patterns, each weighted by its count
 * (the same fixed point as EM over every pair, at the cost of the patterns only). A MISSING field adds
 * nothing to either likelihood and is left out of that field's estimates. When `fixedU` is given
 * (u estimated elsewhere, e.g. from random pairs), only m and the share move.
 */
export function estimateModel(matrix: ComparisonMatrix, options: EstimateOptions = {}): FsModel {
  const { specs } = matrix;
  const maxIterations = options.maxIterations ?? 200;
  const tolerance = options.tolerance ?? 1e-6;
  const defaults = defaultStart(specs);
  let m = checked(specs, options.start?.m ?? defaults.m, 'm');
  let u = checked(specs, options.fixedU ?? options.start?.u ?? defaults.u, 'u');
  let matchShare = options.start?.matchShare ?? defaults.matchShare;
  if (!(matchShare > 0 && matchShare < 1)) throw new RangeError('The starting match share must be in (0, 1)');
  const patterns = countPatterns(matrix);
  const fieldCount = specs.length;
  const total = matrix.pairCount;
  let iterations = 0;
  let converged = false;
  if (total === 0) return { specs, m, u, matchShare, iterations, converged: true };
  while (iterations < maxIterations && !converged) {
    iterations++;
    const mSums = specs.map((spec) => new Array<number>(spec.levels.length).fill(0));
    const uSums = specs.map((spec) => new Array<number>(spec.levels.length).fill(0));
    let matchSum = 0;
    for (let pattern = 0; pattern < patterns.patternCount; pattern++) {
      const start = pattern * fieldCount;
      // Likelihood ratio m/u of the pattern, in logs so long patterns neither under- nor overflow.
      let logRatio = Math.log(matchShare) - Math.log(1 - matchShare);
      for (let field = 0; field < fieldCount; field++) {
        const level = patterns.levels[start + field] as number;
        if (level === MISSING) continue;
        logRatio +=
          Math.log((m[field] as number[])[level] as number) -
          Math.log((u[field] as number[])[level] as number);
      }
      const posterior = 1 / (1 + Math.exp(-logRatio));
      const count = patterns.counts[pattern] as number;
      const asMatch = count * posterior;
      const asNonMatch = count - asMatch;
      matchSum += asMatch;
      for (let field = 0; field < fieldCount; field++) {
        const level = patterns.levels[start + field] as number;
        if (level === MISSING) continue;
        (mSums[field] as number[])[level] = ((mSums[field] as number[])[level] as number) + asMatch;
        (uSums[field] as number[])[level] = ((uSums[field] as number[])[level] as number) + asNonMatch;
      }
    }
    const nextM = mSums.map((sums, field) => probabilities(sums, m[field] as number[]));
    const nextU = options.fixedU ? u : uSums.map((sums, field) => probabilities(sums, u[field] as number[]));
    const nextShare = Math.min(1 - FLOOR, Math.max(FLOOR, matchSum / total));
    const change = Math.max(
      largestChange(m, nextM),
      largestChange(u, nextU),
      Math.abs(matchShare - nextShare),
    );
    m = nextM;
    u = nextU;
    matchShare = nextShare;
    converged = change < tolerance;
  }
  return orient({ specs, m, u, matchShare, iterations, converged }, Boolean(options.fixedU));
}

/** One field's level probabilities from its expected counts, floored; a field never compared keeps its previous values. */
function probabilities(sums: readonly number[], previous: readonly number[]): number[] {
  const total = sums.reduce((sum, value) => sum + value, 0);
  if (total <= 0) return [...previous];
  return normalize(sums.map((value) => Math.max(FLOOR, value / total)));
}

/** The largest absolute difference between two tables of probabilities. */
function largestChange(before: readonly number[][], after: readonly number[][]): number {
  let largest = 0;
  for (const [field, row] of before.entries()) {
    for (const [level, value] of row.entries()) {
      largest = Math.max(largest, Math.abs(value - ((after[field] as number[])[level] as number)));
    }
  }
  return largest;
}

/** A starting table checked against the specs (one row a field, one probability a level). */
function checked(specs: readonly ComparisonSpec[], table: number[][], name: string): number[][] {
  if (table.length !== specs.length)
    throw new RangeError(`${name} needs one row per field (${specs.length})`);
  return table.map((row, field) => {
    const spec = specs[field] as ComparisonSpec;
    if (row.length !== spec.levels.length || row.some((value) => !(value > 0))) {
      throw new RangeError(
        `${name} of field ${spec.name} needs ${spec.levels.length} positive probabilities`,
      );
    }
    return normalize(row);
  });
}

/**
 * EM's two classes carry no names: if the class it calls "match" is the one less likely to agree
 * exactly, the labels are swapped so that m always describes the agreeing class. With u fixed the
 * labels are anchored by u and nothing is swapped.
 */
function orient(model: FsModel, uFixed: boolean): FsModel {
  if (uFixed) return model;
  let evidence = 0;
  for (const [field, spec] of model.specs.entries()) {
    const exact = spec.levels.length - 1;
    evidence += Math.log(
      ((model.m[field] as number[])[exact] as number) / ((model.u[field] as number[])[exact] as number),
    );
  }
  if (evidence >= 0) return model;
  return { ...model, m: model.u, u: model.m, matchShare: 1 - model.matchShare };
}
