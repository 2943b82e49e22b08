import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isPersonAttribute, partnerBreakdown, wholeMonths } from './partner-breakdowns.js';

describe('the partner rule for person attributes', () => {
  const rows = [
    { month: '2024-01-01', key: '25_34', count: 8 },
    { month: '2024-01-01', key: '35_44', count: 4 },
    { month: '2024-02-01', key: '25_34', count: 1 },
    { month: '2024-02-01', key: '35_44', count: 2 },
    { month: '2024-03-01', key: '25_34', count: 10 },
  ];

  it('shows a month whose scope held k or more and whose rest of the jurisdiction is 0 or k or more', () => {
    const whole = new Map([
      ['2024-01-01', 12],
      ['2024-02-01', 3],
      ['2024-03-01', 30],
    ]);
    const { shown, withheldMonths } = partnerBreakdown(rows, whole, 10);
    assert.deepEqual(withheldMonths, ['2024-02-01']);
    assert.deepEqual(
      shown.map((r) => [r.month, r.key, r.count]),
      [
        ['2024-01-01', '25_34', 8],
        ['2024-01-01', '35_44', 4],
        ['2024-03-01', '25_34', 10],
      ],
    );
  });

  it('withholds a month whose rest of the jurisdiction is 1 to k−1, which subtraction would reveal', () => {
    // January: 12 in the area, 15 in the jurisdiction: the other 3 would be the jurisdiction minus this.
    const whole = new Map([
      ['2024-01-01', 15],
      ['2024-02-01', 3],
      ['2024-03-01', 10],
    ]);
    assert.deepEqual(partnerBreakdown(rows, whole, 10).withheldMonths, ['2024-01-01', '2024-02-01']);
  });

  it('counts k itself as enough (k = 10 hides 1 to 9)', () => {
    const whole = new Map([['2024-03-01', 10]]);
    const only = rows.filter((r) => r.month === '2024-03-01');
    assert.deepEqual(partnerBreakdown(only, whole, 10).withheldMonths, []);
    assert.deepEqual(partnerBreakdown(only, whole, 11).withheldMonths, ['2024-03-01']);
  });

  it('names age, sex, race and ethnicity as person attributes, not outcome or area', () => {
    assert.deepEqual(
      ['age_band', 'sex', 'race', 'ethnicity', 'fatal', 'area', 'substance'].filter(isPersonAttribute),
      ['age_band', 'sex', 'race', 'ethnicity'],
    );
  });

  it('widens a range to the whole months that cover it', () => {
    assert.deepEqual(wholeMonths('2024-01-15', '2024-02-10'), { from: '2024-01-01', to: '2024-02-29' });
    assert.deepEqual(wholeMonths('2023-12-01', '2023-12-31'), { from: '2023-12-01', to: '2023-12-31' });
  });
});
