import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Random } from '../../demo/generator/random.js';
import {
  type ComparisonMatrix,
  type ComparisonSpec,
  clusterPairs,
  countPatterns,
  estimateModel,
  type FsModel,
  MISSING,
  scorePair,
} from './index.js';

const binary = (name: string): ComparisonSpec => ({ name, levels: ['differ', 'agree'] });
const threeLevels = (name: string): ComparisonSpec => ({ name, levels: ['differ', 'close', 'exact'] });

function matrixOf(specs: readonly ComparisonSpec[], rows: readonly (readonly number[])[]): ComparisonMatrix {
  return { specs, levels: Uint8Array.from(rows.flat()), pairCount: rows.length };
}

/** Pairs drawn from a known model: each a match with probability matchShare, each level from m or u. */
function simulate(
  truth: Pick<FsModel, 'specs' | 'm' | 'u' | 'matchShare'>,
  pairCount: number,
  seed: number,
  missingShare = 0,
): ComparisonMatrix {
  const random = new Random(seed);
  const draw = (probabilities: readonly number[]) => {
    let target = random.next();
    for (const [level, probability] of probabilities.entries()) {
      target -= probability;
      if (target < 0) return level;
    }
    return probabilities.length - 1;
  };
  const rows: number[][] = [];
  for (let pair = 0; pair < pairCount; pair++) {
    const table = random.next() < truth.matchShare ? truth.m : truth.u;
    rows.push(
      truth.specs.map((_, field) =>
        random.next() < missingShare ? MISSING : draw(table[field] as number[]),
      ),
    );
  }
  return matrixOf(truth.specs, rows);
}

/**
 * EM written the textbook way, pair by pair with no patterns and no floor: the reference the counted
 * patterns must reproduce.
 */
function naiveEm(
  matrix: ComparisonMatrix,
  start: Pick<FsModel, 'm' | 'u' | 'matchShare'>,
  iterations: number,
) {
  let { m, u, matchShare } = start;
  const fields = matrix.specs.length;
  for (let iteration = 0; iteration < iterations; iteration++) {
    const mSums = matrix.specs.map((spec) => spec.levels.map(() => 0));
    const uSums = matrix.specs.map((spec) => spec.levels.map(() => 0));
    let matches = 0;
    for (let pair = 0; pair < matrix.pairCount; pair++) {
      const row = Array.from(matrix.levels.subarray(pair * fields, (pair + 1) * fields));
      let likelihoodMatch = matchShare;
      let likelihoodOther = 1 - matchShare;
      row.forEach((level, field) => {
        if (level === MISSING) return;
        likelihoodMatch *= (m[field] as number[])[level] as number;
        likelihoodOther *= (u[field] as number[])[level] as number;
      });
      const g = likelihoodMatch / (likelihoodMatch + likelihoodOther);
      matches += g;
      row.forEach((level, field) => {
        if (level === MISSING) return;
        const mRow = mSums[field] as number[];
        const uRow = uSums[field] as number[];
        mRow[level] = (mRow[level] as number) + g;
        uRow[level] = (uRow[level] as number) + 1 - g;
      });
    }
    const share = (sums: number[]) => sums.map((value) => value / sums.reduce((a, b) => a + b, 0));
    m = mSums.map(share);
    u = uSums.map(share);
    matchShare = matches / matrix.pairCount;
  }
  return { m, u, matchShare };
}

function assertClose(actual: number, expected: number, within: number, what: string) {
  assert.ok(
    Math.abs(actual - expected) <= within,
    `${what}: ${actual} is not within ${within} of ${expected}`,
  );
}

function assertTablesClose(actual: number[][], expected: number[][], within: number, what: string) {
  for (const [field, row] of expected.entries()) {
    for (const [level, value] of row.entries()) {
      assertClose((actual[field] as number[])[level] as number, value, within, `${what}[${field}][${level}]`);
    }
  }
}

describe('scorePair', () => {
  const model: FsModel = {
    specs: [binary('surname'), threeLevels('dob')],
    m: [
      [0.1, 0.9],
      [0.05, 0.15, 0.8],
    ],
    u: [
      [0.8, 0.2],
      [0.9, 0.08, 0.02],
    ],
    matchShare: 0.2,
    iterations: 0,
    converged: true,
  };

  it('sums log2(m/u) per field and turns the prior odds times 2^weight into a probability', () => {
    const score = scorePair(model, [1, 2]);
    // By hand: log2(0.9/0.2) = log2 4.5 and log2(0.8/0.02) = log2 40, so 2^weight = 180.
    assertClose(score.weight, Math.log2(180), 1e-12, 'weight');
    // Bayes directly: P(match | pattern) = 0.2·0.9·0.8 / (0.2·0.9·0.8 + 0.8·0.2·0.02) = 0.144 / 0.1472.
    assertClose(score.probability, 0.144 / 0.1472, 1e-12, 'probability');
    assert.deepEqual(
      score.parts.map(({ field, level }) => [field, level]),
      [
        ['surname', 'agree'],
        ['dob', 'exact'],
      ],
    );
    assertClose(score.parts[1]?.weight ?? Number.NaN, Math.log2(40), 1e-12, 'dob part');
  });

  it('leaves a MISSING field out of the weight, as a part of weight 0', () => {
    const score = scorePair(model, [0, MISSING]);
    assertClose(score.weight, Math.log2(0.1 / 0.8), 1e-12, 'weight');
    // 0.2·0.1 / (0.2·0.1 + 0.8·0.8) = 0.02 / 0.66
    assertClose(score.probability, 0.02 / 0.66, 1e-12, 'probability');
    assert.deepEqual(score.parts[1], { field: 'dob', level: 'missing', weight: 0 });
  });

  it('refuses a level the field does not have', () => {
    assert.throws(() => scorePair(model, [1, 3]), /dob: level 3/);
    assert.throws(() => scorePair(model, [1]), /needs 2 levels/);
  });
});

describe('countPatterns', () => {
  it('counts each distinct row once and maps every pair to its row', () => {
    const specs = [binary('a'), threeLevels('b')];
    const counted = countPatterns(
      matrixOf(specs, [
        [1, 2],
        [0, MISSING],
        [1, 2],
        [0, 0],
        [0, MISSING],
        [1, 2],
      ]),
    );
    assert.equal(counted.patternCount, 3);
    assert.deepEqual(Array.from(counted.counts), [3, 2, 1]);
    assert.deepEqual(Array.from(counted.levels), [1, 2, 0, MISSING, 0, 0]);
    assert.deepEqual(Array.from(counted.patternOfPair), [0, 1, 0, 2, 1, 0]);
  });

  it('refuses a matrix whose levels do not fit, naming the pair and field', () => {
    assert.throws(() => countPatterns(matrixOf([binary('a')], [[0], [2]])), /Pair 1, field a: level 2/);
    assert.throws(
      () => countPatterns({ specs: [binary('a')], levels: new Uint8Array(3), pairCount: 2 }),
      /needs 2 levels/,
    );
  });
});

describe('estimateModel', () => {
  const truth = {
    specs: [binary('sex'), threeLevels('surname'), threeLevels('dob'), threeLevels('postcode')],
    m: [
      [0.05, 0.95],
      [0.04, 0.16, 0.8],
      [0.1, 0.2, 0.7],
      [0.15, 0.1, 0.75],
    ],
    u: [
      [0.5, 0.5],
      [0.9, 0.08, 0.02],
      [0.85, 0.12, 0.03],
      [0.95, 0.04, 0.01],
    ],
    matchShare: 0.15,
  };

  it('over counted patterns gives the same iterates as EM over every pair', () => {
    const matrix = simulate(truth, 3000, 11, 0.1);
    const start = { m: truth.u.map((row) => [...row].reverse()), u: truth.u, matchShare: 0.3 };
    for (const iterations of [1, 5]) {
      const counted = estimateModel(matrix, { start, maxIterations: iterations, tolerance: 0 });
      const reference = naiveEm(matrix, start, iterations);
      assert.equal(counted.iterations, iterations);
      assert.equal(counted.converged, false);
      assertTablesClose(counted.m, reference.m, 1e-9, `m after ${iterations}`);
      assertTablesClose(counted.u, reference.u, 1e-9, `u after ${iterations}`);
      assertClose(counted.matchShare, reference.matchShare, 1e-9, `share after ${iterations}`);
    }
  });

  it('recovers the m, u and match share the pairs were drawn from', () => {
    const model = estimateModel(simulate(truth, 200_000, 5, 0.05));
    assert.equal(model.converged, true);
    assertTablesClose(model.m, truth.m, 0.02, 'm');
    assertTablesClose(model.u, truth.u, 0.02, 'u');
    assertClose(model.matchShare, truth.matchShare, 0.01, 'match share');
  });

  it('names the agreeing class the match whatever the start', () => {
    // Started with m and u swapped, EM converges with the labels swapped; the result is turned round.
    const model = estimateModel(simulate(truth, 50_000, 9), {
      start: { m: truth.u, u: truth.m, matchShare: 0.85 },
    });
    assertTablesClose(model.m, truth.m, 0.03, 'm');
    assertClose(model.matchShare, truth.matchShare, 0.02, 'match share');
  });

  it('keeps u fixed when given and estimates m and the share only', () => {
    const fixedU = truth.u.map((row) => [...row]);
    const model = estimateModel(simulate(truth, 50_000, 3), { fixedU });
    assert.deepEqual(model.u, fixedU);
    assertTablesClose(model.m, truth.m, 0.03, 'm');
    assertClose(model.matchShare, truth.matchShare, 0.02, 'match share');
  });

  it('keeps a level never seen among matches above zero, so one disagreement is never impossible', () => {
    const specs = [binary('a'), binary('b'), binary('c')];
    const rows = [
      ...Array.from({ length: 50 }, () => [1, 1, 1]),
      ...Array.from({ length: 500 }, () => [0, 0, 0]),
      ...Array.from({ length: 50 }, () => [0, 1, 0]),
    ];
    const model = estimateModel(matrixOf(specs, rows));
    const score = scorePair(model, [0, 1, 1]);
    assert.ok(Number.isFinite(score.weight), `weight ${score.weight}`);
    assert.ok(model.m.every((row) => row.every((value) => value > 0)));
  });

  it('refuses starting tables that do not fit the specs', () => {
    const matrix = simulate(truth, 10, 1);
    assert.throws(() => estimateModel(matrix, { start: { m: [[0.5, 0.5]] } }), /m needs one row per field/);
    assert.throws(() => estimateModel(matrix, { fixedU: truth.u.map(() => [1]) }), /u of field sex needs 2/);
  });
});

describe('clusterPairs', () => {
  it('joins records through chains of pairs at or above the threshold, numbering clusters by first record', () => {
    const clusters = clusterPairs(
      7,
      [
        { a: 5, b: 2, probability: 0.95 },
        { a: 2, b: 6, probability: 0.9 },
        { a: 0, b: 3, probability: 0.89 },
        { a: 4, b: 1, probability: 0.9 },
      ],
      0.9,
    );
    // {0} {1,4} {2,5,6} {3}: the pair 0-3 is below the threshold.
    assert.deepEqual(Array.from(clusters), [0, 1, 2, 3, 1, 2, 2]);
  });

  it('refuses a pair naming a record outside the range', () => {
    assert.throws(() => clusterPairs(2, [{ a: 0, b: 2, probability: 1 }], 0.5), /Pair \(0, 2\)/);
  });
});
