import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sampleWeeklyReport } from '../../../test/support/weekly-report-fixture.js';
import { alertTable, breakdownTable, headlineBoxes } from './report-tables.js';

describe('report tables', () => {
  it('prints headline figures, "<k" for hidden ones and "not shown" for a withheld change', () => {
    const report = sampleWeeklyReport('public');
    const boxes = headlineBoxes({
      ...report,
      headline: { ...report.headline, total: 76, previousFourWeeks: null, changeVsPreviousFourWeeks: null },
    });
    assert.deepEqual(
      boxes.map((box) => [box.label, box.value, box.caption]),
      [
        ['This week', '76', 'of which fatal: hidden'],
        ['Previous four weeks', 'hidden', 'weekly mean not shown'],
        ['Change', 'not shown', 'vs. previous weekly mean'],
        ['Same week last year', '70', 'change: +9%'],
      ],
    );
  });

  it('gives a breakdown its rows and total, with rates (* unreliable) only where counts are shown', () => {
    const table = breakdownTable({
      dimension: 'area',
      title: 'By area',
      rows: [
        { key: 'a', label: 'North', count: 1234, rate: 45.67 },
        { key: 'b', label: 'South', count: 12, rate: 3.21, rateUnreliable: true },
        { key: 'c', label: 'East', count: null, rate: 1.5 },
        { key: 'd', label: 'West', count: 0, rate: null },
      ],
      total: 1246,
    });
    assert.deepEqual(
      table.columns.map((column) => column.header),
      ['', 'Count', 'Rate per 100,000'],
    );
    assert.deepEqual(
      table.rows.map((row) => row.cells),
      [
        ['North', '1,234', '45.7'],
        ['South', '12', '3.2*'],
        ['East', 'hidden', ''],
        ['West', '0', ''],
        ['Total', '1,246', ''],
      ],
    );
    assert.equal(table.rows[4]?.bold, true);
    assert.match(table.footnote ?? '', /^\* Fewer than 20/);
  });

  it('leaves out the rate column and footnote when no row has a rate', () => {
    const table = breakdownTable({
      dimension: 'sex',
      title: 'Sex',
      rows: [{ key: 'f', label: 'Female', count: null }],
      total: null,
    });
    assert.deepEqual(
      table.rows.map((row) => row.cells),
      [
        ['Female', 'hidden'],
        ['Total', 'hidden'],
      ],
    );
    assert.equal(table.footnote, undefined);
  });

  it("lists an alert's responses in the jurisdiction's local time", () => {
    const report = sampleWeeklyReport('partner');
    const [alert] = report.alerts ?? [];
    assert.ok(alert);
    const table = alertTable(alert, report);
    assert.equal(table.title, 'EARS C2 spike, jurisdiction — Mill & Bridge');
    assert.equal(
      table.subtitle,
      'Raised Jan 30, 2024 09:05; window Jan 28 – Jan 30, 2024; 7 overdoses; status: closed.',
    );
    assert.deepEqual(table.rows[0]?.cells, [
      'Jan 30, 2024 10:20',
      'R. Alvarez',
      'acknowledged',
      'Matches EMS reports of a bad batch near the bus depot.',
    ]);
    assert.deepEqual(alertTable({ ...alert, responses: [] }, report).rows[0]?.cells, [
      '',
      '',
      'No response recorded',
      '',
    ]);
  });
});
