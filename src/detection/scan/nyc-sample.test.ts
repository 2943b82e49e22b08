import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parsePrm } from './prm-file.js';
import { parseCaseFile, parseCoordinatesFile } from './scan-files.js';
import { readScanParameters } from './scan-parameters.js';
import { runSpaceTimePermutationScan } from './space-time-permutation.js';

/** SaTScan's own sample; tests run with the repository root as cwd, beside ../shared. */
const sample = (name: string) =>
  readFileSync(path.resolve(process.cwd(), '..', 'shared', 'data', 'satscan', name), 'utf8');

describe('the NYC fever sample (SaTScan)', () => {
  it('reproduces SaTScan’s published prospective space-time permutation result', async () => {
    const parameters = readScanParameters(parsePrm(sample('NYCSpaceTimePermutation.prm')));
    const result = await runSpaceTimePermutationScan(
      parameters,
      parseCaseFile(sample('NYCfever.cas'), 'NYCfever.cas'),
      parseCoordinatesFile(sample('NYCfever.geo'), 'NYCfever.geo'),
    );
    assert.equal(result.locations, 192);
    assert.equal(result.cases, 194);
    assert.equal(result.replications, 999);
    const [first, second, third] = result.clusters;
    assert.ok(first && second && third);
    assert.equal(first.centerId, '11418');
    assert.equal(first.locationIds.length, 9);
    assert.equal(first.radius.toFixed(2), '2.90');
    assert.equal(first.startDate, '2001-11-22');
    assert.equal(first.endDate, '2001-11-24');
    assert.equal(first.observed, 4);
    assert.equal(first.expected.toFixed(3), '0.670');
    assert.ok(Math.abs(first.llr - 3.8454) < 1e-4, String(first.llr));
    assert.equal(second.centerId, '11372');
    assert.equal(third.centerId, '10472');
    assert.equal(result.clusters.length, 3);
    // Published: no cluster with p < 0.05. With 999 replications the p-values are known to about ±0.03.
    for (const cluster of result.clusters) assert.ok((cluster.pValue as number) >= 0.05);
    assert.ok(first.recurrenceIntervalDays !== null && first.recurrenceIntervalDays > 1);
  });
});
