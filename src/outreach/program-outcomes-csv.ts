import { TOTAL } from '../disclosure/published-table.js';
import { csvLine } from '../platform/csv/csv-escape.js';
import type { ProgramOutcomes } from './program-outcomes-service.js';

/** The header of the funder CSV: the long table format `sos suppression check` reads. */
export const OUTCOMES_CSV_HEADER = ['table', 'row', 'column', 'value', 'unit'] as const;

/**
 * The funder CSV: every published figure on a line of its own (table, row, column, value), counts
 * as the disclosure module left them (a hidden one as "<k"), the totals as rows or columns named
 * Total; then the hours' statistics with unit `hours` (not counts: the checker leaves them be).
 * No identifier, no date finer than the period; the period and program are in the file name.
 */
export function outcomesCsv(outcomes: ProgramOutcomes): string {
  const hidden = `<${outcomes.k}`;
  const lines = [csvLine(OUTCOMES_CSV_HEADER)];
  for (const table of outcomes.tables) {
    const line = (row: string, column: string, value: number | null | undefined) => {
      lines.push(
        csvLine([table.name, row, column, value === null || value === undefined ? hidden : value, 'count']),
      );
    };
    table.rows.forEach((row, r) => {
      table.columns.forEach((column, c) => {
        line(row, column, table.cells[r]?.[c]);
      });
      if (table.rowTotals) line(row, TOTAL, table.rowTotals[r]);
    });
    table.columns.forEach((column, c) => {
      if (table.columnTotals) line(TOTAL, column, table.columnTotals[c]);
    });
  }
  for (const [row, hours] of [
    ['first_attempt', outcomes.hoursToFirstAttempt],
    ['first_contact', outcomes.hoursToFirstContact],
  ] as const) {
    for (const statistic of ['median', 'p90'] as const) {
      lines.push(csvLine(['response_hours_statistics', row, statistic, hours[statistic] ?? '', 'hours']));
    }
  }
  return lines.join('');
}

/** The file name of a program's outcomes: program id and period, nothing about anyone. */
export function outcomesFileName(outcomes: ProgramOutcomes, extension: 'csv' | 'pdf'): string {
  return `sos-outcomes-${outcomes.programId.slice(0, 8)}-${outcomes.from}-to-${outcomes.to}.${extension}`;
}
