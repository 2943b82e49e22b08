import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CountTable } from './count-table.js';
import { auditPublication } from './suppression-auditor.js';
import { protectPublication } from './suppression-engine.js';

// A week's count in a trend, and the same week broken down by age without a printed total: the
// reader still knows the age cells add up to the week.
const trend: CountTable = {
  name: 'trend',
  rows: ['2024-W04', '2024-W05'],
  columns: ['count'],
  counts: [[31], [23]],
};
const ages: CountTable = {
  name: 'age',
  rows: ['under 25', '25 and over'],
  columns: ['count'],
  counts: [[3], [20]],
};
const tie = {
  figure: { table: 'trend', row: '2024-W05', column: 'count' },
  sumOf: [
    { table: 'age', row: 'under 25', column: 'count' },
    { table: 'age', row: '25 and over', column: 'count' },
  ],
};

describe('figure sums across tables', () => {
  it('lets the auditor subtract shown cells from a total printed in another table', () => {
    const unaware = protectPublication({ tables: [trend, ages], relations: [] }, 10);
    assert.equal(unaware.publication.tables[1]?.cells[1]?.[0], 20, 'without the tie the 20 stays shown');
    const attacked = auditPublication({ ...unaware.publication, figureSums: [tie] }, 10);
    assert.equal(attacked.passed, false);
    assert.deepEqual(
      attacked.exposed.map(({ row, lo, hi }) => [row, lo, hi]),
      [['under 25', 3, 3]],
    );
  });

  it('makes the engine hide a partner when it knows the tie', () => {
    const result = protectPublication({ tables: [trend, ages], relations: [], figureSums: [tie] }, 10);
    assert.equal(result.audit.passed, true);
    assert.deepEqual(result.publication.tables[1]?.cells, [[null], [null]]);
    assert.deepEqual(result.publication.tables[0]?.cells, [[31], [23]], 'the trend stays whole');
    assert.equal(auditPublication(result.publication, 10, { exact: true }).passed, true);
  });
});
