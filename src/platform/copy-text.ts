// PostgreSQL's COPY text format: one line per row, columns separated by tabs, \N for NULL, and
// backslash escapes for backslash, tab, newline and carriage return inside values.
// A NUL has no escape: PostgreSQL text cannot hold one. Intake rejects such reports field by field
// (intake/nul-characters.ts); reaching here it would fail a whole COPY with an encoding error, so it
// is refused with a message that says what happened.
const NEEDS_ESCAPE = /[\\\t\n\r\0]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function escapeCharacter(c: string): string {
  const escaped = ESCAPES[c];
  if (escaped === undefined) throw new TypeError('COPY text cannot carry a NUL character (U+0000)');
  return escaped;
}

function escapeText(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(/[\\\t\n\r\0]/g, escapeCharacter) : text;
}

const NEEDS_QUOTE_ESCAPE = /["\\]/;

/** An array of text as a PostgreSQL array literal, every element quoted. */
export function arrayLiteral(values: readonly string[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as string;
    out += `${i ? ',' : ''}"${NEEDS_QUOTE_ESCAPE.test(v) ? v.replace(/["\\]/g, '\\$&') : v}"`;
  }
  return `${out}}`;
}

/**
 * One value in COPY text format: null as \N, booleans as t/f, dates as ISO 8601, arrays (of text) as
 * array literals. JSON columns take the JSON text itself.
 */
export function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'string') return escapeText(value);
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return escapeText(arrayLiteral(value as string[]));
  throw new TypeError(`COPY takes text, numbers, booleans, dates and text arrays, not ${typeof value}`);
}

/** One row as a COPY text line, its newline included. */
export function copyLine(row: readonly unknown[]): string {
  let line = '';
  for (let i = 0; i < row.length; i++) line += (i ? '\t' : '') + copyValue(row[i]);
  return `${line}\n`;
}

/**
 * JSON text as a COPY value. JSON.stringify already escapes tabs, newlines and carriage returns inside
 * strings, so only its backslashes need doubling.
 */
export function copyJson(json: string): string {
  return json.includes('\\') ? json.replaceAll('\\', '\\\\') : json;
}
