const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

// Where the splitter stands between two characters; kept across chunks so no text is parsed twice.
const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
/** A quote was seen inside a quoted cell; the next character says whether it closes or escapes. */
const QUOTE_SEEN = 3;
const AFTER_QUOTE = 4;

/** Characters kept of a cell that is cut short, so the quarantine file still shows what it held. */
export const OVERSIZED_PREVIEW = 1000;

/** A cell that exceeded the limit: it is kept as a short preview and its real length is reported. */
export interface OversizedCell {
  index: number;
  length: number;
}

/** One row as cut from the text, before it is matched against the header. */
export interface SplitRow {
  /** 1-based physical line on which the row starts. */
  line: number;
  cells: string[];
  /** Cells cut short because they were longer than the cell limit. */
  oversized: OversizedCell[] | undefined;
  /** Cells past the row limits: counted, not kept. */
  droppedCells: number;
  /** The line where a quoted cell of this row opened and was never closed (the text ended inside it). */
  unclosedQuoteLine?: number;
}

/** Limits that keep memory constant whatever the input. */
export interface SplitLimits {
  maxCellLength: number;
  maxRowLength: number;
  maxCells: number;
}

/**
 * RFC 4180 row splitter over text that arrives in pieces. It is a resumable state machine, so a row
 * may straddle any number of pieces (down to one character each) and is still scanned exactly once.
 * Lenient where the RFC is strict but intent is clear: a quote inside an unquoted cell is literal
 * and text after a closing quote is appended to the cell.
 */
export class CsvRowSplitter {
  private state = FIELD_START;
  private line = 1;
  private rowLine = 1;
  private quoteLine = 0;
  private cells: string[] = [];
  private rowLength = 0;
  private droppedCells = 0;
  private oversized: OversizedCell[] | undefined;
  /** The current cell's text carried over from earlier pieces (or its preview once oversized). */
  private pending = '';
  private cellQuoted = false;
  private cellOversized = false;
  private cellLength = 0;

  constructor(private readonly limits: SplitLimits) {}

  /** Splits the next piece of text, appending each completed row to `out`. */
  feed(text: string, out: SplitRow[]): void {
    const n = text.length;
    let state = this.state;
    let start = 0;
    let i = 0;
    let nextComma = -1;
    let nextLf = -1;
    while (i < n) {
      if (state === FIELD_START) {
        if (text.charCodeAt(i) === QUOTE) {
          state = QUOTED;
          this.cellQuoted = true;
          this.quoteLine = this.line;
          i++;
          start = i;
          continue;
        }
        state = UNQUOTED;
        start = i;
      }
      if (state === UNQUOTED) {
        // indexOf is much faster than a character loop; each position is searched for once per piece.
        if (nextComma < i) nextComma = positionOf(text, ',', i);
        if (nextLf < i) nextLf = positionOf(text, '\n', i);
        const j = Math.min(nextComma, nextLf);
        if (j === n) {
          i = n;
          break;
        }
        const c = j === nextComma ? COMMA : LF;
        let value = this.take(text, start, j);
        i = j + 1;
        state = FIELD_START;
        if (c === COMMA) {
          this.pushCell(value);
          continue;
        }
        if (value.charCodeAt(value.length - 1) === CR && !this.cellOversized) value = value.slice(0, -1);
        if (this.cells.length === 0 && value === '' && !this.cellQuoted) {
          this.nextLine();
          continue;
        }
        this.pushCell(value);
        this.endRow(out);
        this.nextLine();
        continue;
      }
      if (state === QUOTED) {
        const j = positionOf(text, '"', i);
        if (nextLf < i) nextLf = positionOf(text, '\n', i);
        while (nextLf < j) {
          this.line++;
          nextLf = positionOf(text, '\n', nextLf + 1);
        }
        if (j === n) {
          i = n;
          break;
        }
        this.append(text, start, j);
        i = j + 1;
        state = QUOTE_SEEN;
        continue;
      }
      if (state === QUOTE_SEEN) {
        if (text.charCodeAt(i) === QUOTE) {
          this.append('"', 0, 1);
          i++;
          start = i;
          state = QUOTED;
          continue;
        }
        state = AFTER_QUOTE;
      }
      // AFTER_QUOTE
      const c = text.charCodeAt(i);
      if (c === COMMA || c === LF) {
        this.pushCell(this.take(text, i, i));
        i++;
        state = FIELD_START;
        if (c === LF) {
          this.endRow(out);
          this.nextLine();
        }
        continue;
      }
      state = UNQUOTED;
      start = i;
    }
    if (state === UNQUOTED || state === QUOTED) this.append(text, start, n);
    this.state = state;
  }

  /**
   * Completes the last row at the end of the input (a final line need not end with a newline).
   * Returns the line of a quoted cell that was never closed, or undefined when the text ended cleanly;
   * such a row is still completed, with what its open cell held, and marked `unclosedQuoteLine`.
   */
  finish(out: SplitRow[]): number | undefined {
    const state = this.state;
    this.state = FIELD_START;
    if (state === QUOTED) {
      this.pushCell(this.take('', 0, 0));
      this.endRow(out);
      (out[out.length - 1] as SplitRow).unclosedQuoteLine = this.quoteLine;
      return this.quoteLine;
    }
    if (state === FIELD_START && this.cells.length === 0) return undefined;
    let value = this.take('', 0, 0);
    if (state === UNQUOTED && value.charCodeAt(value.length - 1) === CR && !this.cellOversized) {
      value = value.slice(0, -1);
    }
    if (this.cells.length === 0 && value === '' && !this.cellQuoted) return undefined;
    this.pushCell(value);
    this.endRow(out);
    return undefined;
  }

  private append(text: string, from: number, to: number): void {
    if (this.cellOversized) {
      this.cellLength += to - from;
      return;
    }
    this.pending += text.slice(from, to);
    if (this.pending.length > this.limits.maxCellLength) this.cutShort(this.pending);
  }

  /** The current cell's full value: what was carried over plus text[from, to). */
  private take(text: string, from: number, to: number): string {
    if (this.cellOversized) {
      this.cellLength += to - from;
      return this.pending;
    }
    const value = this.pending === '' ? text.slice(from, to) : this.pending + text.slice(from, to);
    this.pending = '';
    if (value.length > this.limits.maxCellLength) {
      this.cutShort(value);
      return this.pending;
    }
    return value;
  }

  private cutShort(value: string): void {
    this.cellOversized = true;
    this.cellLength = value.length;
    this.pending = value.slice(0, OVERSIZED_PREVIEW);
  }

  private pushCell(value: string): void {
    const { maxCells, maxRowLength } = this.limits;
    if (
      this.droppedCells > 0 ||
      this.cells.length >= maxCells ||
      this.rowLength + value.length > maxRowLength
    ) {
      this.droppedCells++;
    } else {
      if (this.cellOversized) {
        this.oversized ??= [];
        this.oversized.push({ index: this.cells.length, length: this.cellLength });
      }
      this.cells.push(value);
      this.rowLength += value.length;
    }
    this.pending = '';
    this.cellQuoted = false;
    this.cellOversized = false;
  }

  private endRow(out: SplitRow[]): void {
    out.push({
      line: this.rowLine,
      cells: this.cells,
      oversized: this.oversized,
      droppedCells: this.droppedCells,
    });
    this.cells = [];
    this.oversized = undefined;
    this.droppedCells = 0;
    this.rowLength = 0;
  }

  private nextLine(): void {
    this.line++;
    this.rowLine = this.line;
  }
}

/** Index of the next `char` at or after `from`, or the text's length when there is none. */
function positionOf(text: string, char: string, from: number): number {
  const at = text.indexOf(char, from);
  return at === -1 ? text.length : at;
}
