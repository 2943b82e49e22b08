import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { permutedCaseDays } from './permutation.js';
import { runReplications } from './replication-pool.js';
import { buildScanCircles } from './scan-circles.js';
import { buildScanStudy } from './scan-study.js';
import { randomTestData, testParameters } from './test-study.js';

const parameters = testParameters({ endDay: 20 });
const { locations, cases } = randomTestData(4, 20, 120, 21);
const study = buildScanStudy(parameters, cases, locations, 'test.cas');

describe('permutedCaseDays', () => {
  it('keeps every location’s cases and every day’s cases, and sorts days within a location', () => {
    const days = permutedCaseDays(study, 99, 1);
    assert.notDeepEqual(days, study.caseDays);
    assert.deepEqual(
      [...days].sort((a, b) => a - b),
      [...study.caseDays].sort((a, b) => a - b),
    );
    for (let l = 0; l < locations.length; l++) {
      const slice = Array.from(days.subarray(study.caseStart[l], study.caseStart[l + 1]));
      assert.deepEqual(
        slice,
        [...slice].sort((a, b) => a - b),
      );
    }
  });

  it('draws the same data set for the same seed and replication', () => {
    assert.deepEqual(permutedCaseDays(study, 99, 5), permutedCaseDays(study, 99, 5));
    assert.notDeepEqual(permutedCaseDays(study, 99, 5), permutedCaseDays(study, 99, 6));
  });
});

describe('runReplications', () => {
  it('gives the same ratios on one thread and on two worker threads', async () => {
    const circles = buildScanCircles(study, 3, 50);
    const task = { study, circles, settings: { prospective: false, maxWindowDays: 7, minCases: 2 }, seed: 5 };
    const inline = await runReplications(task, 40, { threads: 1 });
    const workers = await runReplications(task, 40, { threads: 2 });
    assert.deepEqual(workers, inline);
    assert.ok(inline.every((llr) => llr > 0));
  });
});
