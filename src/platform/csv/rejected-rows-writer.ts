import { once } from 'node:events';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import type { FieldProblem } from '../errors.js';
import { csvLine, spreadsheetSafe } from './csv-escape.js';

/** A quarantined row: where it was in the source file, its cells and why it was rejected. */
export interface RejectedRow {
  rowNumber: number;
  line: number;
  /** Cells in file order, or by column name (missing columns are written empty). */
  values: string[] | Record<string, string>;
  problems: FieldProblem[];
}

/** Writes rejected rows to a CSV file; `await` each write so a slow disk holds the reader back. */
export interface RejectedRowsWriter {
  write(row: RejectedRow): void | Promise<void>;
  /** Flushes and closes the file; `count` is the number of rows written (0: no file was created). */
  close(): Promise<{ count: number }>;
}

// A plain number ("-72.68") is no formula and must stay importable as it was; anything else that a
// spreadsheet would run (=, +, -, @ first) is neutralized as the open data is, since whoever opens the
// quarantine file to fix it opens text a sender chose.
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function safeCell(cell: string): string {
  return PLAIN_NUMBER.test(cell) ? cell : (spreadsheetSafe(cell) as string);
}

/** Columns written before the source file's own header. */
export const REJECTED_ROWS_COLUMNS = ['row', 'line', 'reasons'] as const;

/**
 * Opens a quarantine file lazily: nothing is created until the first rejected row, so a clean import
 * leaves no empty file behind. Each line holds row, line, reasons ("field: message" joined by " | ")
 * and then the row's own cells under the original header, ready to be fixed and imported again.
 * Cells beyond the header (a row that was too long) are kept after the last column rather than lost.
 * Formula cells get a leading quote (see `safeCell`).
 */
export function createRejectedRowsWriter(path: string, header: string[]): RejectedRowsWriter {
  let stream: WriteStream | undefined;
  let failure: Error | undefined;
  let count = 0;
  let closed = false;

  const open = (): WriteStream => {
    mkdirSync(dirname(path), { recursive: true });
    const opened = createWriteStream(path, { flags: 'w' });
    opened.on('error', (error) => {
      failure ??= error;
    });
    opened.write(csvLine([...REJECTED_ROWS_COLUMNS, ...header.map(safeCell)]));
    return opened;
  };

  const cellsOf = (values: RejectedRow['values']): string[] => {
    if (!Array.isArray(values)) return header.map((name) => values[name] ?? '');
    if (values.length >= header.length) return values;
    return [...values, ...new Array<string>(header.length - values.length).fill('')];
  };

  return {
    write(row) {
      if (failure) throw failure;
      if (closed) throw new Error(`The rejected-rows file ${path} is already closed`);
      stream ??= open();
      const reasons = row.problems.map((p) => `${p.field}: ${p.message}`).join(' | ');
      count++;
      const cells = [safeCell(reasons), ...cellsOf(row.values).map(safeCell)];
      if (stream.write(csvLine([row.rowNumber, row.line, ...cells]))) return;
      // 'drain' rejects if the stream fails first, so a full disk surfaces here rather than hanging.
      return once(stream, 'drain').then(() => undefined);
    },
    async close() {
      closed = true;
      if (stream && !stream.closed) {
        stream.end();
        // A failure is recorded by the 'error' listener and thrown just below.
        await once(stream, 'close').catch(() => undefined);
      }
      if (failure) throw failure;
      return { count };
    },
  };
}
