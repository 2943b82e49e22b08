import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FigureSum, Publication, PublishedTable } from '../../disclosure/published-table.js';
import { auditPublication } from '../../disclosure/suppression-auditor.js';
import { parseReportWeek } from '../weekly/report-week.js';
import { completeMonths, monthsBetween, type PublicCounts } from './public-counts.js';
import { type PublicFigures, protectPublicCounts } from './public-figures.js';

const asOf = parseReportWeek('2024-W27');
const recent = completeMonths(asOf.last, 12);
// Every month 40 but two small ones: March 2024 (a recent month, shown by area) and February 2023.
const totalOf = (month: string) => (month === '2024-03' ? 5 : month === '2023-02' ? 3 : 40);
const counts: PublicCounts = {
  asOf,
  weeks: [{ week: asOf, count: 30 }],
  months: recent.map((m) => ({ ...m, total: totalOf(m.month) })),
  history: monthsBetween('2023-01-01', recent.at(-1)?.last as string).map((m) => ({
    ...m,
    total: totalOf(m.month),
  })),
  layer: { id: 'towns', name: 'Towns' },
  areas: ['a', 'b'].map((id) => ({
    id,
    name: id,
    population: 50_000,
    geometry: null,
    counts: recent.map((m) => (totalOf(m.month) === 40 ? 20 : id === 'a' ? totalOf(m.month) : 0)),
  })),
  unplaced: recent.map(() => 0),
  breakdowns: [],
};
const areas = ['a', 'b'].map((id) => ({ id, name: id, population: 50_000, members: [id], geometry: null }));

const column = (name: string, rows: [string, number | null][], total: number | null): PublishedTable => ({
  name,
  rows: rows.map(([key]) => key),
  columns: ['count'],
  cells: rows.map(([, value]) => [value]),
  total,
});

/** What a reader of the figures can write down for one year: its months, and each recent month's areas. */
function readerPublication(f: PublicFigures, year: string): Publication {
  const months = f.history.filter((m) => m.month.startsWith(`${year}-`));
  const tables = [
    column(
      year,
      months.map((m) => [m.month, m.count]),
      f.years.find((y) => y.year === year)?.total ?? null,
    ),
  ];
  const figureSums: FigureSum[] = [];
  f.months.forEach((month, i) => {
    if (!month.month.startsWith(`${year}-`)) return;
    tables.push(
      column(
        month.month,
        f.areas.map((a) => [a.id, a.counts[i] ?? null]),
        month.total,
      ),
    );
    figureSums.push({
      figure: { table: year, row: month.month, column: 'count' },
      sumOf: [{ table: month.month, row: 'Total', column: 'Total' }],
    });
  });
  return { tables, relations: [], figureSums };
}

describe('public figures: the annual and monthly series', () => {
  const f = protectPublicCounts(counts, areas, { k: 10, minPopulation: 20_000 });

  it('runs every month from the first year, each year the sum of its months, the last one to date', () => {
    assert.deepEqual(
      f.years.map((y) => [y.year, y.first, y.last, y.toDate]),
      [
        ['2023', '2023-01-01', '2023-12-31', false],
        ['2024', '2024-01-01', '2024-06-30', true],
      ],
    );
    assert.equal(f.history.length, 18);
    for (const y of f.years) {
      const truth = counts.history
        .filter((m) => m.month.startsWith(y.year))
        .reduce((sum, m) => sum + m.total, 0);
      assert.ok(y.total === null || y.total === truth, y.year);
    }
    for (const small of ['2023-02', '2024-03'])
      assert.equal(f.history.find((m) => m.month === small)?.count, null, small);
  });

  it('ties each recent month to its row of the year: subtracting the months shown anywhere recovers nothing', () => {
    for (const year of ['2023', '2024']) {
      const audit = auditPublication(readerPublication(f, year), 10, { exact: true });
      assert.equal(audit.passed, true, `${year}: ${JSON.stringify(audit.exposed.slice(0, 2))}`);
    }
    // A month reads the same in the monthly series and as the total of its areas.
    const byMonth = new Map(f.history.map((m) => [m.month, m.count]));
    for (const month of f.months) assert.equal(byMonth.get(month.month), month.total, month.month);
  });
});
