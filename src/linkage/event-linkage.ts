import { type CandidatePairs, findCandidatePairs } from './candidate-pairs.js';
import { compareEvents, EVENT_COMPARISONS, EVENT_FIELD_COUNT } from './event-comparisons.js';
import type { EventRecord } from './event-record.js';
import {
  type ComparisonMatrix,
  countPatterns,
  estimateModel,
  type FsModel,
  MISSING,
  scorePair,
} from './fellegi-sunter/index.js';

/**
 * Cross-source linkage of reports into overdoses by a Fellegi-Sunter model: the candidate pairs are
 * compared (event-comparisons.ts), m and u estimated by EM from those very pairs, each pair scored, and
 * the pairs at or above `AUTO_LINK_PROBABILITY` joined (never two reports of one organization in one
 * overdose); pairs in the review band that stay apart are what an analyst is asked about.
 */

/** The posterior probability that links two reports without asking anyone. */
export const AUTO_LINK_PROBABILITY = 0.8;

/** The lowest probability an analyst is asked about: below it the reports are different events. */
export const REVIEW_PROBABILITY = 0.2;

/**
 * How many candidate pairs a jurisdiction needs before its own model decides: below it EM has too few
 * matches to learn from, and the hand-set closeness rule (linkage.ts) decides instead.
 */
export const MIN_MODEL_PAIRS = 1_000;

/**
 * Where EM starts: matches close in time, place and age, non-matches spread out. Only the direction
 * matters (EM moves from here), but a start on the right side keeps EM from swapping the two classes.
 */
function startingModel(): Pick<FsModel, 'm' | 'u' | 'matchShare'> {
  const rising = (count: number, ratio: number) => {
    const values = Array.from({ length: count }, (_, level) => ratio ** level);
    const total = values.reduce((s, v) => s + v, 0);
    return values.map((v) => v / total);
  };
  return {
    m: EVENT_COMPARISONS.map((spec) => rising(spec.levels.length, 4)),
    u: EVENT_COMPARISONS.map((spec) => rising(spec.levels.length, 1 / 2)),
    matchShare: 0.2,
  };
}

/** The comparison levels of every candidate pair, one row of `EVENT_FIELD_COUNT` bytes each. */
export function compareCandidatePairs(
  records: readonly EventRecord[],
  pairs: CandidatePairs,
): ComparisonMatrix {
  const levels = new Uint8Array(pairs.count * EVENT_FIELD_COUNT);
  for (let p = 0; p < pairs.count; p++) {
    compareEvents(
      records[pairs.a[p] as number] as EventRecord,
      records[pairs.b[p] as number] as EventRecord,
      levels,
      p * EVENT_FIELD_COUNT,
    );
  }
  return { specs: EVENT_COMPARISONS, levels, pairCount: pairs.count };
}

/** How far the decoy copy of the reports is moved in time: a week keeps the hour of day and the weekday. */
const DECOY_SHIFT_DAYS = 7;

/** At most this many reports are copied as decoys: enough pairs for u, whatever the batch's size. */
const DECOY_SAMPLE = 100_000;

/**
 * The levels of pairs known to be different events, blocked exactly as candidates are: a sample of the
 * reports moved a week later, against every report. What non-matches look like after blocking (near in
 * time and place by construction), so u is measured there rather than guessed by EM, which left to
 * itself may split the pairs by something else than the event (ED pairs against the rest).
 */
export function decoyLevels(records: readonly EventRecord[]): ComparisonMatrix {
  const shift = DECOY_SHIFT_DAYS * 86_400_000;
  const step = Math.max(1, Math.ceil(records.length / DECOY_SAMPLE));
  const moved: EventRecord[] = [];
  for (let i = 0; i < records.length; i += step) {
    const r = records[i] as EventRecord;
    moved.push({ ...r, at: r.at + shift, day: r.day + DECOY_SHIFT_DAYS });
  }
  const both = [...records, ...moved];
  return compareCandidatePairs(both, findCandidatePairs(both, records.length));
}

/** u per field and level from decoy pairs, each level seen at least once (a level never seen is not impossible). */
export function decoyU(decoys: ComparisonMatrix): number[][] {
  const counts = EVENT_COMPARISONS.map((spec) => spec.levels.map(() => 1));
  for (let p = 0; p < decoys.pairCount; p++) {
    for (let f = 0; f < EVENT_FIELD_COUNT; f++) {
      const level = decoys.levels[p * EVENT_FIELD_COUNT + f] as number;
      if (level !== MISSING) (counts[f] as number[])[level] = ((counts[f] as number[])[level] as number) + 1;
    }
  }
  return counts.map((row) => {
    const total = row.reduce((s, v) => s + v, 0);
    return row.map((v) => v / total);
  });
}

/**
 * Estimates the event model from a jurisdiction's reports: u from decoy pairs, then m and the match
 * share by EM over the compared candidate pairs with u held.
 */
export function estimateEventModel(records: readonly EventRecord[], matrix: ComparisonMatrix): FsModel {
  return estimateModel(matrix, {
    start: startingModel(),
    fixedU: decoyU(decoyLevels(records)),
    maxIterations: 500,
    tolerance: 1e-7,
  });
}

/** Each pair's posterior probability under `model`, scoring each distinct pattern once. */
export function scoreMatrix(model: FsModel, matrix: ComparisonMatrix): Float64Array {
  const patterns = countPatterns(matrix);
  const patternProbability = new Float64Array(patterns.patternCount);
  for (let k = 0; k < patterns.patternCount; k++) {
    patternProbability[k] = scorePair(
      model,
      patterns.levels.subarray(k * EVENT_FIELD_COUNT, (k + 1) * EVENT_FIELD_COUNT),
    ).probability;
  }
  const probability = new Float64Array(matrix.pairCount);
  for (let p = 0; p < matrix.pairCount; p++)
    probability[p] = patternProbability[patterns.patternOfPair[p] as number] as number;
  return probability;
}

/**
 * Joins the pairs at or above `threshold`, most probable first, into overdoses: a pair whose two
 * overdoses already hold a report of one organization stays apart. Returns each record's overdose
 * (numbered by first record).
 */
export function clusterEvents(
  records: readonly EventRecord[],
  pairs: CandidatePairs,
  probability: Float64Array,
  threshold: number,
): Int32Array {
  const order: number[] = [];
  for (let p = 0; p < pairs.count; p++) if ((probability[p] as number) >= threshold) order.push(p);
  order.sort((x, y) => (probability[y] as number) - (probability[x] as number) || x - y);
  const parent = new Int32Array(records.length);
  for (let i = 0; i < records.length; i++) parent[i] = i;
  const organizations = new Map<number, string[]>();
  const root = (i: number): number => {
    let top = i;
    while (parent[top] !== top) top = parent[top] as number;
    while (parent[i] !== top) {
      const next = parent[i] as number;
      parent[i] = top;
      i = next;
    }
    return top;
  };
  const organizationsOf = (top: number): string[] =>
    organizations.get(top) ?? [(records[top] as EventRecord).organizationId];
  for (const p of order) {
    const ra = root(pairs.a[p] as number);
    const rb = root(pairs.b[p] as number);
    if (ra === rb) continue;
    const left = organizationsOf(ra);
    const right = organizationsOf(rb);
    if (left.some((o) => right.includes(o))) continue;
    const [keep, gone] = ra < rb ? [ra, rb] : [rb, ra];
    parent[gone] = keep;
    organizations.set(keep, [...left, ...right]);
    organizations.delete(gone);
  }
  const clusters = new Int32Array(records.length);
  const numbers = new Map<number, number>();
  for (let i = 0; i < records.length; i++) {
    const top = root(i);
    let n = numbers.get(top);
    if (n === undefined) {
      n = numbers.size;
      numbers.set(top, n);
    }
    clusters[i] = n;
  }
  return clusters;
}

/** A batch linked: the model, the candidate pairs with their probability, the overdoses and the review. */
export interface EventLinkage {
  model: FsModel;
  pairs: CandidatePairs;
  probability: Float64Array;
  /** Each record's overdose. */
  clusters: Int32Array;
  /** The candidate pairs in the review band whose reports stayed in different overdoses. */
  review: number[];
}

/**
 * Links a batch of reports in memory: candidate pairs, comparisons, the model estimated from them
 * (or the one given), scores, overdoses and the review band.
 */
export function linkEvents(records: readonly EventRecord[], options: { model?: FsModel } = {}): EventLinkage {
  const pairs = findCandidatePairs(records);
  const matrix = compareCandidatePairs(records, pairs);
  const model = options.model ?? estimateEventModel(records, matrix);
  const probability = scoreMatrix(model, matrix);
  const clusters = clusterEvents(records, pairs, probability, AUTO_LINK_PROBABILITY);
  const review: number[] = [];
  for (let p = 0; p < pairs.count; p++) {
    const value = probability[p] as number;
    if (value >= REVIEW_PROBABILITY && clusters[pairs.a[p] as number] !== clusters[pairs.b[p] as number])
      review.push(p);
  }
  return { model, pairs, probability, clusters, review };
}
