import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parsePrm } from './prm-file.js';
import { buildScanCircles } from './scan-circles.js';
import { parseCaseFile, parseCoordinatesFile } from './scan-files.js';
import { readScanParameters } from './scan-parameters.js';
import { buildScanStudy } from './scan-study.js';
import { runSpaceTimePermutationScan } from './space-time-permutation.js';

/**
 * A 0.005° latitude/longitude grid, where many neighbours are equidistant up to about 1e-12 km, and
 * what test/fixtures/scan-grid/reference.py (Python, SaTScan's arithmetic, exact comparisons) made
 * of it: every centre's neighbour order and circles, the most likely cluster, and the replications.
 */
const folder = path.resolve('test', 'fixtures', 'scan-grid');
const read = (name: string) => readFileSync(path.join(folder, name), 'utf8');

interface Reference {
  circles: Record<string, { order: string[]; sizes: number[] }>;
  mostLikelyCluster: {
    centerId: string;
    locationIds: string[];
    radius: number;
    startDate: string;
    endDate: string;
    observed: number;
    expected: number;
    llr: number;
    pValue: number;
  };
  replicationLlrs: number[];
}

const reference = JSON.parse(read('reference.json')) as Reference;
const parameters = readScanParameters(parsePrm(read('grid.prm')));
const cases = parseCaseFile(read('grid.cas'), 'grid.cas');
const locations = parseCoordinatesFile(read('grid.geo'), 'grid.geo');

describe('the gridded sample (test/fixtures/scan-grid)', () => {
  it('orders every centre’s neighbours and closes its circles as SaTScan’s exact comparisons do', () => {
    const study = buildScanStudy(parameters, cases, locations, 'grid.cas');
    const circles = buildScanCircles(study, parameters.maxRadius, parameters.maxCasesPercent);
    const casesAt = (l: number) => (study.caseStart[l + 1] as number) - (study.caseStart[l] as number);
    const index = new Map(study.locationIds.map((id, l) => [id, l]));
    study.locationIds.forEach((id, centre) => {
      const expected = reference.circles[id];
      assert.ok(expected, id);
      const first = circles.orderStart[centre] as number;
      const sizes = Array.from(
        circles.stepSize.subarray(circles.stepStart[centre], circles.stepStart[centre + 1]),
      );
      const widest = sizes.at(-1) ?? 0;
      assert.deepEqual(
        Array.from(circles.order.subarray(first, first + widest), (l) => study.locationIds[l]),
        expected.order.slice(0, widest),
        `order around ${id}`,
      );
      // SOS keeps SaTScan's circles that bring new cases (the others repeat the smaller one's ratio).
      let previous = 0;
      const withNewCases = expected.sizes.filter((size) => {
        const inside = expected.order
          .slice(0, size)
          .reduce((sum, other) => sum + casesAt(index.get(other) as number), 0);
        const grew = inside > previous;
        previous = inside;
        return grew;
      });
      assert.deepEqual(sizes, withNewCases, `circles around ${id}`);
    });
  });

  it('finds the reference’s most likely cluster, replications and p-value', async () => {
    const result = await runSpaceTimePermutationScan(parameters, cases, locations, { threads: 1 });
    const found = result.clusters[0];
    const expected = reference.mostLikelyCluster;
    assert.ok(found);
    assert.equal(found.centerId, expected.centerId);
    assert.deepEqual(found.locationIds, expected.locationIds);
    assert.equal(found.radius, expected.radius);
    assert.deepEqual([found.startDate, found.endDate], [expected.startDate, expected.endDate]);
    assert.equal(found.observed, expected.observed);
    assert.ok(Math.abs(found.expected - expected.expected) < 1e-9, String(found.expected));
    assert.ok(Math.abs(found.llr - expected.llr) < 1e-6, String(found.llr));
    // The same permutations (SOS's generator, ported to the reference): the same largest ratios.
    assert.equal(result.replicationLlrs.length, reference.replicationLlrs.length);
    reference.replicationLlrs.forEach((llr, r) => {
      assert.ok(Math.abs((result.replicationLlrs[r] as number) - llr) < 1e-9, `replication ${r + 1}`);
    });
    assert.equal(found.pValue, expected.pValue);
  });
});
