import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { monteCarloPValue, reportable, selectClusters } from './cluster-report.js';
import type { ScanCircles } from './scan-circles.js';

// Three centres on a line: 0's circles {0} and {0,1}; 1's {1}; 2's {2}.
const circles: ScanCircles = {
  order: Int32Array.from([0, 1, 1, 2]),
  orderStart: Int32Array.from([0, 2, 3, 4]),
  stepStart: Int32Array.from([0, 2, 3, 4]),
  stepSize: Int32Array.from([1, 2, 1, 1]),
  stepRadius: Float64Array.from([0, 1, 0, 0]),
  stepRepeated: Uint8Array.from([0, 0, 0, 0]),
};
const best = (centre: number, step: number, llr: number) => ({
  centre,
  step,
  llr,
  startDay: 0,
  endDay: 0,
  observed: 2,
  expected: 1,
});

describe('selectClusters', () => {
  it('keeps the strongest cylinder, then only cylinders sharing no location with those kept', () => {
    const kept = selectClusters(
      [best(0, 1, 5), best(1, 2, 4), best(2, 3, 3)],
      circles,
      'no-geographical-overlap',
    );
    assert.deepEqual(
      kept.map((b) => b.centre),
      [0, 2],
    );
  });

  it('keeps every centre’s best without restrictions', () => {
    assert.equal(selectClusters([best(0, 1, 5), best(1, 2, 4)], circles, 'no-restrictions').length, 2);
  });

  it('applies SaTScan’s criteria about centres inside other clusters', () => {
    // 0's circle {0,1} is kept first; 1's circle {1} has its centre inside it; 2's {2} is apart.
    const bests = [best(0, 1, 5), best(1, 2, 4), best(2, 3, 3)];
    const centres = (criterion: Parameters<typeof selectClusters>[2]) =>
      selectClusters(bests, circles, criterion).map((b) => b.centre);
    assert.deepEqual(centres('no-centers-in-other-clusters'), [0, 2]);
    assert.deepEqual(centres('no-centers-in-more-likely-clusters'), [0, 2]);
    // {1} does not hold centre 0, and 0 ∈ {1} is false, so the less-likely and pair criteria keep it.
    assert.deepEqual(centres('no-centers-in-less-likely-clusters'), [0, 1, 2]);
    assert.deepEqual(centres('no-pairs-of-centers-in-each-other'), [0, 1, 2]);
  });

  it('gives a tie to the smaller circle', () => {
    const kept = selectClusters([best(0, 1, 4), best(1, 2, 4)], circles, 'no-geographical-overlap');
    assert.deepEqual(
      kept.map((b) => b.centre),
      [1],
    );
  });
});

describe('monteCarloPValue', () => {
  it('is the rank among the replications over R+1, ties counting against the data', () => {
    const simulated = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.equal(monteCarloPValue(8.5, simulated), 0.2);
    assert.equal(monteCarloPValue(9, simulated), 0.2);
    assert.equal(monteCarloPValue(10, simulated), 0.1);
    assert.equal(monteCarloPValue(0.5, simulated), 1);
    assert.equal(monteCarloPValue(3, new Float64Array(0)), null);
  });

  it('reports secondary clusters only below p = 1', () => {
    const clusters = [{ pValue: 1 }, { pValue: 0.5 }, { pValue: 1 }];
    assert.deepEqual(reportable(clusters), [{ pValue: 1 }, { pValue: 0.5 }]);
  });
});
