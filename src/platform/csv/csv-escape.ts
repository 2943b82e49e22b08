/** Characters that force a cell into quotes; leading or trailing spaces too, so no reader trims them. */
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** One CSV cell (RFC 4180): quoted when it has a comma, quote, newline or edge space; quotes doubled. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV line from its cells, ending with CRLF as RFC 4180 asks. */
export function csvLine(cells: readonly (string | number | boolean | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/**
 * A text cell that a spreadsheet would run as a formula (=, +, -, @, tab or carriage return first)
 * gets a leading quote, so an export never runs code in the reader's spreadsheet.
 */
export function spreadsheetSafe(text: string | null): string | null {
  return text !== null && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
