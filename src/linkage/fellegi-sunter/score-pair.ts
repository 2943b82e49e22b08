import { type ComparisonSpec, MISSING } from './comparison-matrix.js';
import type { FsModel } from './fs-model.js';

/** One field's part of a pair's weight: its level's name and log2(m/u) (0 when MISSING). */
export interface WeightPart {
  field: string;
  level: string;
  weight: number;
}

/** A scored pair: the match weight, the posterior probability of a match, and each field's part. */
export interface PairScore {
  weight: number;
  probability: number;
  parts: WeightPart[];
}

/**
 * The match weight (log2 m/u summed over the comparable fields), the posterior probability (the prior
 * odds matchShare/(1 - matchShare) times 2^weight, as a probability) and each field's part, in the
 * specs' order; a MISSING field is a part of weight 0 named 'missing'.
 */
export function scorePair(model: FsModel, levels: ArrayLike<number>): PairScore {
  if (levels.length !== model.specs.length) {
    throw new RangeError(`A pair needs ${model.specs.length} levels, not ${levels.length}`);
  }
  let weight = 0;
  const parts = model.specs.map((spec: ComparisonSpec, field) => {
    const level = levels[field] as number;
    if (level === MISSING) return { field: spec.name, level: 'missing', weight: 0 };
    const name = spec.levels[level];
    if (name === undefined)
      throw new RangeError(`Field ${spec.name}: level ${level} is not one of its ${spec.levels.length}`);
    const part = Math.log2(
      ((model.m[field] as number[])[level] as number) / ((model.u[field] as number[])[level] as number),
    );
    weight += part;
    return { field: spec.name, level: name, weight: part };
  });
  return { weight, probability: probabilityOfWeight(model.matchShare, weight), parts };
}

/** The posterior probability of a match for a weight, given the prior match share. */
export function probabilityOfWeight(matchShare: number, weight: number): number {
  const logOdds = Math.log2(matchShare) - Math.log2(1 - matchShare) + weight;
  return 1 / (1 + 2 ** -logOdds);
}
