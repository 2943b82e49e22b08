import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openDataFile } from './open-data.js';
import type { PublicFigures } from './public-figures.js';

const figures: PublicFigures = {
  k: 10,
  minPopulation: 20_000,
  asOf: { label: '2024-W05', first: '2024-01-28', last: '2024-02-03' },
  weeks: [{ week: '2024-W05', first: '2024-01-28', last: '2024-02-03', count: null }],
  months: [{ month: '2024-01', first: '2024-01-01', last: '2024-01-31', total: 40 }],
  history: [
    { month: '2023-12', first: '2023-12-01', last: '2023-12-31', count: null },
    { month: '2024-01', first: '2024-01-01', last: '2024-01-31', count: 40 },
  ],
  years: [
    { year: '2023', first: '2023-12-01', last: '2023-12-31', toDate: false, total: null },
    { year: '2024', first: '2024-01-01', last: '2024-01-31', toDate: true, total: 40 },
  ],
  layerName: 'Towns',
  areas: [
    {
      id: '=HYPERLINK("http://x")',
      name: '+Town',
      population: 25_000,
      members: ['@Here', '-There'],
      geometry: null,
      counts: [40],
      rates: [{ rate: 160, unreliable: false }],
    },
  ],
  unplaced: null,
  breakdowns: [
    {
      dimension: 'sex',
      title: 'Sex',
      additive: true,
      rows: [{ key: 'female', label: '=cmd', counts: [null] }],
    },
  ],
  publications: [],
};

describe('open data files', () => {
  it('neutralizes cells a spreadsheet would run as formulas', () => {
    const byArea = openDataFile(figures, 'monthly-by-area.csv').body;
    assert.match(
      byArea,
      /^2024-01,"'=HYPERLINK\(""http:\/\/x""\)",'\+Town,'@Here; -There,25000,40,no,160\.0,no\r$/m,
    );
    assert.match(openDataFile(figures, 'monthly-by-group.csv').body, /2024-01,sex,female,'=cmd,,yes\r\n/);
  });

  it('writes the monthly and annual series, the current year marked as to date', () => {
    assert.equal(
      openDataFile(figures, 'monthly.csv').body,
      'month,first_day,last_day,count,suppressed\r\n2023-12,2023-12-01,2023-12-31,,yes\r\n2024-01,2024-01-01,2024-01-31,40,no\r\n',
    );
    assert.equal(
      openDataFile(figures, 'annual.csv').body,
      'year,first_day,last_day,to_date,count,suppressed\r\n2023,2023-12-01,2023-12-31,no,,yes\r\n2024,2024-01-01,2024-01-31,yes,40,no\r\n',
    );
    const dictionary = openDataFile(figures, 'data-dictionary.csv').body;
    assert.match(dictionary, /^annual\.csv,to_date,/m);
    assert.match(dictionary, /^monthly\.csv,month,/m);
  });

  it('writes a hidden count as empty with suppressed = yes', () => {
    assert.equal(
      openDataFile(figures, 'weekly.csv').body,
      'week,first_day,last_day,count,suppressed\r\n2024-W05,2024-01-28,2024-02-03,,yes\r\n',
    );
  });
});
