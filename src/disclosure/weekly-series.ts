import type { CountPublication, CountTable } from './count-table.js';

/**
 * Consecutive periods published together: each week's table, and, when `cumulative`, the year to
 * date after each week, tied by cumulative(t) = cumulative(t−1) + week(t) so that differencing two
 * cumulative figures is a relation the auditor (and so the engine) sees. Every table keeps the
 * weeks' rows, columns and totals.
 */
export function weeklySeries(weeks: CountTable[], options: { cumulative: boolean }): CountPublication {
  const tables: CountTable[] = [...weeks];
  const relations: CountPublication['relations'] = [];
  if (options.cumulative) {
    let running: number[][] | undefined;
    weeks.forEach((week, t) => {
      running = week.counts.map((row, r) => row.map((count, c) => count + (running?.[r]?.[c] ?? 0)));
      const name = `${week.name} cumulative`;
      tables.push({ ...week, name, counts: running });
      relations.push({
        table: name,
        sumOf: t === 0 ? [week.name] : [`${weeks[t - 1]?.name} cumulative`, week.name],
      });
    });
  }
  return { tables, relations };
}
