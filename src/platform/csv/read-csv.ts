import { type FieldProblem, problem, SosError } from '../errors.js';
import { checkCsvHeader, type HeaderRequirements } from './csv-header.js';
import { CsvRowSplitter, type SplitLimits, type SplitRow } from './csv-row-splitter.js';
import { CsvTextDecoder } from './csv-text-decoder.js';
import { hasInvalidUtf8, replaceInvalidUtf8 } from './utf8-chunk-decoder.js';

/** The header row: always the first item `readCsv` yields, before any row. */
export interface CsvHeader {
  kind: 'header';
  /** Column names, trimmed, byte order mark removed. */
  header: string[];
  line: number;
}

/** A data row whose cells match the header one to one. */
export interface CsvRecord {
  kind: 'record';
  /** 1-based data row; the header and skipped empty lines are not counted. */
  rowNumber: number;
  /** 1-based physical line on which the row starts (quoted newlines make rows span lines). */
  line: number;
  fields: Record<string, string>;
  /** Set when the file was read as Windows-1252 and this row held bytes that are not ASCII. */
  windows1252?: true;
}

/** A data row that could not be read as a record; `values` are its cells as parsed, for quarantine. */
export interface CsvBadRow {
  kind: 'bad';
  rowNumber: number;
  line: number;
  problems: FieldProblem[];
  /** Invalid bytes appear as U+FFFD; a cell over the limit is cut to its first 1,000 characters. */
  values: string[];
  /** Set when the file was read as Windows-1252 and this row held bytes that are not ASCII. */
  windows1252?: true;
}

/** What `readCsv` yields: the header first, then one record or bad row per data row, in file order. */
export type CsvItem = CsvHeader | CsvRecord | CsvBadRow;

/** How to read one file. */
export interface ReadCsvOptions extends HeaderRequirements {
  /** Named in every error message. */
  fileName: string;
  /** Called after each chunk with the bytes read so far. */
  onProgress?: ((bytesRead: number) => void) | undefined;
}

/** Field name used for problems that concern the whole row rather than one column. */
export const ROW_FIELD = '(row)';

/** Longest cell kept whole (1 MiB of characters); longer ones make the row a bad row. */
export const MAX_CELL_LENGTH = 1024 * 1024;

const LIMITS: SplitLimits = {
  maxCellLength: MAX_CELL_LENGTH,
  maxRowLength: 8 * MAX_CELL_LENGTH,
  maxCells: 100_000,
};

/** Any character outside ASCII: in a Windows-1252 file, one that came from a byte that is not UTF-8. */
const NON_ASCII = /[\u0080-\uffff]/;

/** Bytes decoded and split at a time. */
const PIECE_BYTES = 1024 * 1024;

/**
 * Streams a CSV file (RFC 4180; UTF-8, or Windows-1252 when its bytes say so: see `CsvTextDecoder`,
 * and the rows that held such bytes are marked `windows1252`) in constant memory. Yields the header first, then every data
 * row in order, each either a record or a bad row with its reasons, so no row is ever lost silently.
 * Throws SosError for problems with the whole file: FILE_EMPTY, CSV_MISSING_COLUMNS,
 * CSV_WRONG_DELIMITER, CSV_MALFORMED (duplicate header names, binary or UTF-16 file, a header with an
 * unclosed quote). A quote never closed later makes its row a bad row (UNCLOSED_QUOTE).
 */
export async function* readCsv(
  input: AsyncIterable<Buffer | Uint8Array>,
  options: ReadCsvOptions,
): AsyncGenerator<CsvItem, void, undefined> {
  const decoder = new CsvTextDecoder();
  const splitter = new CsvRowSplitter(LIMITS);
  const reader = new RowReader(options, decoder);
  const rows: SplitRow[] = [];
  let bytesRead = 0;
  for await (const chunk of input) {
    // Huge chunks are taken in pieces so that the text and the rows held at once stay small.
    for (let at = 0; at < chunk.byteLength; at += PIECE_BYTES) {
      splitter.feed(decoder.decode(chunk.subarray(at, at + PIECE_BYTES)), rows);
      for (const row of rows) {
        const item = reader.read(row);
        if (item) yield item;
      }
      rows.length = 0;
    }
    bytesRead += chunk.byteLength;
    options.onProgress?.(bytesRead);
  }
  splitter.feed(decoder.end(), rows);
  // A quote never closed is the last row's problem (a bad row), not the file's: the rows before it
  // are as good as any, and an import that writes in batches may already have stored them.
  splitter.finish(rows);
  for (const row of rows) {
    const item = reader.read(row);
    if (item) yield item;
  }
  if (!reader.header) {
    const what = bytesRead === 0 ? 'is empty (0 bytes)' : 'holds only whitespace, no header row';
    throw new SosError('FILE_EMPTY', `${options.fileName} ${what}`, { file: options.fileName });
  }
}

/** The whole file's error when the header row itself opens a quote that is never closed. */
function unclosedQuote(fileName: string, line: number): SosError {
  return new SosError(
    'CSV_MALFORMED',
    `${fileName}: the quoted field that starts on line ${line} is never closed (a '"' is missing); everything after it was read as part of that field`,
    { file: fileName, line },
  );
}

/** Reads just the header (the first item of `readCsv`, with the same checks) and stops reading. */
export async function readCsvHeader(
  input: AsyncIterable<Buffer | Uint8Array>,
  options: ReadCsvOptions,
): Promise<string[]> {
  for await (const item of readCsv(input, options)) {
    if (item.kind === 'header') return item.header;
  }
  throw new SosError('INTERNAL', 'readCsv ended without yielding a header or throwing');
}

/** Turns split rows into header, records and bad rows; holds the per-file state. */
class RowReader {
  header: string[] | undefined;
  private rowNumber = 0;

  constructor(
    private readonly options: ReadCsvOptions,
    /** Once it has seen an invalid byte, rows are checked for them; clean files never pay for it. */
    private readonly decoder: CsvTextDecoder,
  ) {}

  read(row: SplitRow): CsvItem | undefined {
    const header = this.header;
    if (!header) return this.readHeader(row);
    this.rowNumber++;
    const { cells } = row;
    if (
      !this.decoder.sawInvalidBytes &&
      row.unclosedQuoteLine === undefined &&
      cells.length === header.length &&
      !row.oversized &&
      row.droppedCells === 0
    ) {
      const fields: Record<string, string> = {};
      for (let k = 0; k < cells.length; k++) fields[header[k] as string] = cells[k] as string;
      return this.marked({ kind: 'record', rowNumber: this.rowNumber, line: row.line, fields }, cells);
    }
    return this.marked(this.readSlowly(row, header), row.cells);
  }

  /** Marks a row of a Windows-1252 file that held non-ASCII bytes, for the import's notice. */
  private marked<T extends CsvRecord | CsvBadRow>(item: T, cells: string[]): T {
    if (this.decoder.encoding === 'windows-1252' && cells.some((cell) => NON_ASCII.test(cell)))
      item.windows1252 = true;
    return item;
  }

  private readHeader(row: SplitRow): CsvHeader | undefined {
    const { cells } = row;
    if (cells.length === 1 && (cells[0] as string).trim() === '') return undefined;
    const { fileName } = this.options;
    if (row.unclosedQuoteLine !== undefined) throw unclosedQuote(fileName, row.unclosedQuoteLine);
    if (row.oversized || row.droppedCells > 0) {
      throw new SosError(
        'CSV_MALFORMED',
        `${fileName}: the header row on line ${row.line} is far too long; is this a CSV file?`,
        {
          file: fileName,
          line: row.line,
        },
      );
    }
    const header = checkCsvHeader(cells, fileName, this.options);
    this.header = header;
    return { kind: 'header', header, line: row.line };
  }

  /** The rare path: checks every way a row can be bad and collects all its problems. */
  private readSlowly(row: SplitRow, header: string[]): CsvRecord | CsvBadRow {
    const problems: FieldProblem[] = [];
    const columnName = (index: number) => header[index] ?? `column ${index + 1}`;
    const found = row.cells.length + row.droppedCells;
    if (row.unclosedQuoteLine !== undefined) {
      problems.push(
        problem(
          ROW_FIELD,
          'UNCLOSED_QUOTE',
          'reject',
          `the quoted field that starts on line ${row.unclosedQuoteLine} is never closed (a '"' is missing); the rest of the file was read into it and not imported`,
        ),
      );
    } else if (found !== header.length) {
      problems.push(
        problem(ROW_FIELD, 'RAGGED_ROW', 'reject', `expected ${header.length} fields, found ${found}`),
      );
    }
    if (row.droppedCells > 0) {
      problems.push(
        problem(
          ROW_FIELD,
          'TOO_LONG',
          'reject',
          `only the first ${row.cells.length} cells of ${found} were kept`,
        ),
      );
    }
    for (const cell of row.oversized ?? []) {
      const detail = `${cell.length.toLocaleString('en-US')} characters; the limit is ${MAX_CELL_LENGTH.toLocaleString('en-US')}`;
      problems.push(problem(columnName(cell.index), 'TOO_LONG', 'reject', detail));
    }
    let values = row.cells;
    if (this.decoder.sawInvalidBytes) {
      const mixed = this.decoder.encoding === 'windows-1252';
      values = values.map((value, index) => {
        if (!hasInvalidUtf8(value)) return value;
        problems.push(
          mixed
            ? problem(
                columnName(index),
                'MIXED_ENCODING',
                'reject',
                'the file was read as Windows-1252, but this value holds UTF-8 characters (replaced with U+FFFD); save the whole file as UTF-8',
              )
            : problem(
                columnName(index),
                'INVALID_UTF8',
                'reject',
                'the bytes were replaced with U+FFFD; is the file saved as UTF-8?',
              ),
        );
        return replaceInvalidUtf8(value);
      });
    }
    if (problems.length > 0)
      return { kind: 'bad', rowNumber: this.rowNumber, line: row.line, problems, values };
    const fields: Record<string, string> = {};
    for (let k = 0; k < values.length; k++) fields[header[k] as string] = values[k] as string;
    return { kind: 'record', rowNumber: this.rowNumber, line: row.line, fields };
  }
}
