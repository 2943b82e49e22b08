import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Publication, type PublishedTable, TOTAL } from './published-table.js';
import { auditPublication, InconsistentPublicationError } from './suppression-auditor.js';
import { protectPublication } from './suppression-engine.js';
import { weeklySeries } from './weekly-series.js';

/** A table with row and column totals and a grand total. */
function table(
  name: string,
  cells: (number | null)[][],
  totals: Partial<PublishedTable> = {},
): PublishedTable {
  return {
    name,
    rows: cells.map((_, r) => `r${r + 1}`),
    columns: (cells[0] ?? []).map((_, c) => `c${c + 1}`),
    cells,
    ...totals,
  };
}

describe('suppression auditor', () => {
  it('finds the exact value when only one cell of a row is hidden', () => {
    const publication: Publication = {
      tables: [table('week', [[null, 14, 20]], { rowTotals: [37] })],
      relations: [],
    };
    const report = auditPublication(publication, 10);
    assert.equal(report.passed, false);
    assert.deepEqual(
      report.exposed.map(({ name, lo, hi }) => ({ name, lo, hi })),
      [{ name: 'week[r1, c1]', lo: 3, hi: 3 }],
    );
  });

  it('fails a naive publication (primary suppression only, with totals) and names the exposed cells', () => {
    const counts = [
      [3, 25, 40],
      [12, 18, 7],
      [30, 22, 15],
    ];
    const hide = (n: number) => (n >= 1 && n < 10 ? null : n);
    const publication: Publication = {
      tables: [
        table(
          'naive',
          counts.map((row) => row.map(hide)),
          {
            rowTotals: counts.map((row) => row.reduce((a, b) => a + b)),
            columnTotals: [45, 65, 62],
            total: 172,
          },
        ),
      ],
      relations: [],
    };
    const report = auditPublication(publication, 10);
    assert.equal(report.passed, false);
    const exposed = new Map(report.exposed.map((finding) => [finding.name, [finding.lo, finding.hi]]));
    assert.deepEqual(exposed.get('naive[r1, c1]'), [3, 3]);
    assert.deepEqual(exposed.get('naive[r2, c3]'), [7, 7]);
  });

  it('passes hidden pairs whose relations cannot bound them inside 1..k-1', () => {
    // Row 1 hides 3 and 30 (sum 33), row 2 hides 5 and 25 (sum 30): each could be anything from 1 up.
    const publication: Publication = {
      tables: [
        table(
          'safe',
          [
            [null, null, 40],
            [null, 30, null],
          ],
          { rowTotals: [73, 60] },
        ),
      ],
      relations: [],
    };
    const report = auditPublication(publication, 10);
    assert.equal(report.passed, true, JSON.stringify(report.exposed));
    assert.deepEqual(
      report.hidden.map(({ name, lo, hi }) => [name, lo, hi]),
      [
        ['safe[r1, c1]', 1, 32],
        ['safe[r1, c2]', 1, 32],
        ['safe[r2, c1]', 1, 29],
        ['safe[r2, c3]', 1, 29],
      ],
    );
  });

  it('narrows a large hidden figure of a hidden rectangle from below, and so fails it', () => {
    // Hidden 4, 40 / 45, 4 with every total shown: c = (a + c) - (a + b) + b >= 49 - 44 + 1 = 6, so a
    // reader knows it is not 1..5, though it could be 6..9 for all they know.
    const publication: Publication = {
      tables: [
        table(
          'rectangle',
          [
            [null, null, 40],
            [null, null, 30],
          ],
          { rowTotals: [84, 79], columnTotals: [49, 44, 70], total: 163 },
        ),
      ],
      relations: [],
    };
    const report = auditPublication(publication, 10);
    assert.deepEqual(
      report.exposed.map(({ name, lo, hi }) => [name, lo, hi]),
      [['rectangle[r2, c1]', 6, 48]],
    );
    const primaryOnly = new Set(
      report.hidden
        .filter((f) => f.row === 'r1' && f.column === 'c1')
        .map((f) => JSON.stringify([f.table, f.row, f.column])),
    );
    assert.equal(auditPublication(publication, 10, { only: primaryOnly }).passed, true);
  });

  it('exposes two hidden small cells of a row whose hidden sum is below k', () => {
    // a + b = 7 with a, b ≥ 1 proves a, b ≤ 6: narrower than 1..9 though neither is exact.
    const report = auditPublication(
      { tables: [table('t', [[null, null, 30]], { rowTotals: [37] })], relations: [] },
      10,
    );
    assert.deepEqual(
      report.exposed.map(({ name, lo, hi }) => [name, lo, hi]),
      [
        ['t[r1, c1]', 1, 6],
        ['t[r1, c2]', 1, 6],
      ],
    );
  });

  it('recovers a suppressed weekly count as a cumulative figure minus the previous one', () => {
    const publication: Publication = {
      tables: [
        table('w1', [[12]], {}),
        table('w2', [[null]], {}),
        table('w1 cumulative', [[12]], {}),
        table('w2 cumulative', [[16]], {}),
      ],
      relations: [
        { table: 'w1 cumulative', sumOf: ['w1'] },
        { table: 'w2 cumulative', sumOf: ['w1 cumulative', 'w2'] },
      ],
    };
    const report = auditPublication(publication, 10);
    assert.deepEqual(
      report.exposed.map(({ name, lo, hi }) => [name, lo, hi]),
      [['w2[r1, c1]', 4, 4]],
    );
    // Without the relation the same tables say nothing about w2.
    assert.equal(auditPublication({ ...publication, relations: [] }, 10).passed, true);
  });

  it('recovers a week from overlapping ranges given as a sum relation', () => {
    const publication: Publication = {
      tables: [table('weeks 1-4', [[40]]), table('weeks 1-3', [[35]]), table('week 4', [[null]])],
      relations: [{ table: 'weeks 1-4', sumOf: ['weeks 1-3', 'week 4'] }],
    };
    const report = auditPublication(publication, 10);
    assert.deepEqual(
      report.exposed.map(({ name, lo, hi }) => [name, lo, hi]),
      [['week 4[r1, c1]', 5, 5]],
    );
  });

  it('does not count the bound that the pattern of hidden figures alone implies', () => {
    // A hidden total over two hidden cells is at least 2 whatever the numbers: not an exposure.
    const publication: Publication = {
      tables: [table('t', [[null, null, 0]], { rowTotals: [null] })],
      relations: [],
    };
    const report = auditPublication(publication, 10);
    assert.equal(report.passed, true);
    assert.deepEqual(
      report.hidden.find((finding) => finding.column === TOTAL),
      { table: 't', row: 'r1', column: TOTAL, name: 't[r1, Total]', lo: 2, hi: null, exposed: false },
    );
  });

  it('proves with linear programming what propagation, one equation at a time, cannot', () => {
    // Found by running both attackers on the engine's output without its linear programming round.
    const publication: Publication = {
      tables: [
        table(
          't',
          [
            [42, null, null, 34, null],
            [0, null, 0, null, 0],
            [null, 32, null, null, 0],
            [null, null, null, null, 0],
          ],
          { rowTotals: [111, 41, 71, 48], columnTotals: [67, 92, null, 79, null], total: 271 },
        ),
      ],
      relations: [],
    };
    assert.equal(auditPublication(publication, 10).passed, true);
    const exact = auditPublication(publication, 10, { exact: true });
    assert.deepEqual(
      exact.exposed.map(({ name, lo, hi }) => [name, lo, hi]),
      [['t[r1, c2]', 4, 33]],
    );
  });

  it('refuses figures that contradict each other', () => {
    const publication: Publication = { tables: [table('t', [[5, 6]], { rowTotals: [12] })], relations: [] };
    assert.throws(() => auditPublication(publication, 10), InconsistentPublicationError);
  });

  it('protects a weekly series with cumulative figures against differencing', () => {
    const weeks = [[[15]], [[4]], [[22]]].map((counts, t) => ({
      name: `w${t + 1}`,
      rows: ['r1'],
      columns: ['c1'],
      counts,
    }));
    const result = protectPublication(weeklySeries(weeks, { cumulative: true }));
    assert.equal(result.audit.passed, true);
    assert.equal(auditPublication(result.publication, 10).passed, true);
    const w2 = result.publication.tables.find((t) => t.name === 'w2');
    assert.equal(w2?.cells[0]?.[0], null);
  });
});
