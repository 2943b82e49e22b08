import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  lastCompleteWeek,
  parseReportWeek,
  reportWeekOf,
  sameWeekLastYear,
  shiftWeek,
  weeksInYear,
} from './report-week.js';

// Reference weeks from CDC's MMWR week tables (wonder.cdc.gov/wonder/help/mmwr weeks).
describe('MMWR report weeks', () => {
  it('numbers weeks as CDC does', () => {
    assert.deepEqual(parseReportWeek('2024-W05'), {
      year: 2024,
      week: 5,
      label: '2024-W05',
      first: '2024-01-28',
      last: '2024-02-03',
    });
    assert.equal(parseReportWeek('2024-W01').first, '2023-12-31');
    assert.equal(parseReportWeek('2021-W01').first, '2021-01-03');
    assert.equal(parseReportWeek('2020-W53').first, '2020-12-27');
    assert.equal(parseReportWeek('2015-W01').first, '2015-01-04');
    assert.equal(weeksInYear(2020), 53);
    assert.equal(weeksInYear(2014), 53);
    assert.equal(weeksInYear(2024), 52);
  });

  it('finds the week of a day across year ends', () => {
    assert.equal(reportWeekOf('2024-01-01').label, '2024-W01');
    assert.equal(reportWeekOf('2021-01-02').label, '2020-W53');
    assert.equal(reportWeekOf('2025-12-31').label, '2025-W53');
    assert.equal(reportWeekOf('2026-01-04').label, '2026-W01');
    assert.equal(reportWeekOf('2024-02-03').label, '2024-W05');
    assert.equal(reportWeekOf('2024-02-04').label, '2024-W06');
  });

  it('moves by weeks and to last year', () => {
    assert.equal(shiftWeek(parseReportWeek('2024-W02'), -4).label, '2023-W50');
    assert.equal(sameWeekLastYear(parseReportWeek('2024-W05')).label, '2023-W05');
    assert.equal(sameWeekLastYear(parseReportWeek('2021-W52')).label, '2020-W52');
    assert.equal(sameWeekLastYear(parseReportWeek('2020-W53')).label, '2019-W52');
    assert.equal(lastCompleteWeek('2024-02-05').label, '2024-W05');
  });

  it('says what is wrong with a bad week', () => {
    assert.throws(() => parseReportWeek('2024-05'), /write it as 2024-W05/);
    assert.throws(() => parseReportWeek('2024-W53'), /weeks 1 to 52, not 53/);
    assert.throws(() => parseReportWeek('2024-W00'), /not 0/);
  });
});
