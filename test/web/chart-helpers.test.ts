import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dateTicks } from '../../web/src/shared/date-axis.js';
import { filtersFromSearch, withDefaults } from '../../web/src/shared/filters.js';
import { daysOfWeekInRange, label, weeklySeries } from '../../web/src/shared/series.js';

/** Every day from `from` to `to`, counted with Date rather than the helpers under test. */
function everyDay(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000)
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

describe('chart helpers', () => {
  it('shows yes/no values as Yes and No, and codes as words', () => {
    assert.deepEqual(['true', 'false', 'age_band', 'unknown'].map(label), [
      'Yes',
      'No',
      'Age band',
      'Unknown',
    ]);
  });

  it('marks a first or last week that the range cuts with its days in the range', () => {
    // 2022-01-01 is a Saturday: its MMWR week began on Sunday 2021-12-26, with one day in the range.
    const rows = [
      { period: '2021-12-26', key: null, count: 3 },
      { period: '2022-01-02', key: null, count: 20 },
      { period: '2022-12-25', key: null, count: 10 },
    ];
    const series = weeklySeries(rows, '2022-01-01', '2022-12-28', false);
    assert.equal(series[0]?.day, '2021-12-26');
    assert.equal(series[0]?.partialDays, 1);
    assert.equal(series.at(-1)?.day, '2022-12-25');
    assert.equal(series.at(-1)?.partialDays, 4); // Sunday 25 to Wednesday 28
    assert.deepEqual(
      series.filter((p) => p.partialDays !== undefined).map((p) => p.day),
      ['2021-12-26', '2022-12-25'],
    );
    assert.deepEqual(
      series.slice(0, 2).map((p) => p.count),
      [3, 20],
    );
    // The same figure counted day by day.
    for (const point of series) {
      const inRange = everyDay(point.day, everyDay(point.day, '2023-01-31')[6] as string).filter(
        (d) => d >= '2022-01-01' && d <= '2022-12-28',
      ).length;
      assert.equal(point.partialDays ?? 7, inRange, point.day);
      assert.equal(daysOfWeekInRange(point.day, '2022-01-01', '2022-12-28'), inRange);
    }
  });

  it('puts a date tick at each month of a year, with the year on the first and on January', () => {
    const days = everyDay('2022-01-01', '2022-12-31');
    const ticks = dateTicks(days);
    assert.deepEqual(
      ticks.map((t) => t.label),
      ['Jan 2022', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
    );
    for (const tick of ticks) assert.match(days[tick.index] as string, /-01$/);
  });

  it('thins month ticks to every third month over three years, and ticks weeks on a short range', () => {
    const years = dateTicks(everyDay('2020-06-15', '2023-06-14'));
    assert.ok(years.length <= 12, `${years.length} ticks`);
    assert.deepEqual(
      years.map((t) => t.label),
      [
        'Jul 2020',
        'Oct',
        'Jan 2021',
        'Apr',
        'Jul',
        'Oct',
        'Jan 2022',
        'Apr',
        'Jul',
        'Oct',
        'Jan 2023',
        'Apr',
      ],
    );
    const weeks = dateTicks(everyDay('2024-03-01', '2024-03-20'));
    assert.deepEqual(
      weeks.map((t) => t.label),
      ['Mar 1', 'Mar 8', 'Mar 15'],
    );
    // Weekly points (Sundays) over a year: a tick on the first week of each month.
    const sundays = everyDay('2022-01-02', '2022-12-25').filter((_, i) => i % 7 === 0);
    const monthly = dateTicks(sundays);
    assert.equal(monthly.length, 12);
    assert.equal(monthly[0]?.label, 'Jan 2022');
    assert.equal(sundays[monthly[1]?.index ?? -1], '2022-02-06');
  });
});

describe('dashboard filters', () => {
  const none = filtersFromSearch('');
  it('opens on the last 365 days with data when the URL names no range', () => {
    const filters = withDefaults(none, '2022-12-31', 'towns');
    assert.deepEqual([filters.from, filters.to, filters.layer], ['2022-01-01', '2022-12-31', 'towns']);
    assert.equal(everyDay(filters.from as string, filters.to as string).length, 365);
  });
  it('keeps a range and a layer the URL names, and falls back to H3 cells without layers', () => {
    const named = withDefaults(
      filtersFromSearch('?from=2020-03-01&to=2020-03-31&layer=h3r7'),
      '2022-12-31',
      'towns',
    );
    assert.deepEqual([named.from, named.to, named.layer], ['2020-03-01', '2020-03-31', 'h3r7']);
    const to = withDefaults(filtersFromSearch('?to=2024-03-01'), '2022-12-31', null);
    assert.deepEqual([to.from, to.to, to.layer], ['2023-03-03', '2024-03-01', 'h3r7']);
  });
});
