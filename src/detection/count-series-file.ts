import { DetectionError } from './detection-error.js';

/** A count series read from a file: the first day of each period, its count (NaN when empty). */
export interface CountSeriesFile {
  periodStarts: string[];
  counts: number[];
  /** Periods per year implied by the spacing of the dates: 365 (days), 52 (weeks) or 12 (months). */
  frequency: number;
  /** ISO weekday (1 = Monday … 7 = Sunday) of the first period. */
  isoWeekdayOfFirst: number;
}

/**
 * One item of a count series file as the CSV reader gives it (the command reads the file): the
 * header, a row by column name, or a row that could not be read with its problems.
 */
export type CountSeriesItem =
  | { kind: 'header' }
  | { kind: 'record'; line: number; fields: Readonly<Record<string, string | undefined>> }
  | { kind: 'bad'; line: number; problems: readonly { field: string; message: string }[] };

/** The columns a count series file must have. */
export const COUNT_SERIES_COLUMNS = ['period_start', 'count'];

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const COUNT = /^\d+$/;
const DAY_MS = 86_400_000;

/**
 * The count series of a CSV with columns `period_start` (YYYY-MM-DD) and `count` (a whole number, or
 * empty when the period has no count), one row per period, oldest first, evenly spaced by a day, a
 * week or a calendar month, from its items as read. Every problem names the file, the line and the column.
 */
export async function countSeriesOf(
  file: string,
  items: AsyncIterable<CountSeriesItem> | Iterable<CountSeriesItem>,
): Promise<CountSeriesFile> {
  const periodStarts: string[] = [];
  const counts: number[] = [];
  const lines: number[] = [];
  const invalid = (line: number, column: string, detail: string) =>
    new DetectionError('CSV_INVALID_VALUE', `${file}: line ${line}, column "${column}": ${detail}`, {
      file,
      line,
      column,
    });
  for await (const item of items) {
    if (item.kind === 'header') continue;
    if (item.kind === 'bad') {
      const first = item.problems[0];
      throw invalid(item.line, first?.field ?? '(row)', first?.message ?? 'the row is not valid');
    }
    const date = (item.fields.period_start ?? '').trim();
    const count = (item.fields.count ?? '').trim();
    if (!DATE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
      throw invalid(item.line, 'period_start', `${JSON.stringify(date)} is not a date (YYYY-MM-DD)`);
    }
    if (count !== '' && !COUNT.test(count)) {
      throw invalid(item.line, 'count', `${JSON.stringify(count)} is not a whole number of 0 or more`);
    }
    periodStarts.push(date);
    counts.push(count === '' ? Number.NaN : Number(count));
    lines.push(item.line);
  }
  if (counts.length === 0)
    throw new DetectionError('FILE_EMPTY', `${file} has a header but no periods`, { file });
  const frequency = spacingFrequency(periodStarts, lines, invalid);
  const weekday = new Date(`${periodStarts[0]}T00:00:00Z`).getUTCDay();
  return { periodStarts, counts, frequency, isoWeekdayOfFirst: weekday === 0 ? 7 : weekday };
}

/** The periods per year of evenly spaced dates; a gap or a change of spacing is an error on its line. */
function spacingFrequency(
  dates: string[],
  lines: number[],
  invalid: (line: number, column: string, detail: string) => DetectionError,
): number {
  if (dates.length < 2) return 52;
  const days = dates.map((d) => Date.parse(`${d}T00:00:00Z`) / DAY_MS);
  const monthly = dates.every((d, i) => i === 0 || monthIndex(d) === monthIndex(dates[i - 1] as string) + 1);
  if (monthly && dates.every((d) => d.slice(8) === (dates[0] as string).slice(8))) return 12;
  const step = (days[1] as number) - (days[0] as number);
  if (step !== 1 && step !== 7) {
    throw invalid(lines[1] as number, 'period_start', 'periods must be one day, one week or one month apart');
  }
  for (let i = 1; i < days.length; i++) {
    if ((days[i] as number) - (days[i - 1] as number) !== step) {
      throw invalid(
        lines[i] as number,
        'period_start',
        `${dates[i]} is not ${step === 1 ? 'one day' : 'one week'} after ${dates[i - 1]}: list every period, oldest first (an empty count marks a missing one)`,
      );
    }
  }
  return step === 1 ? 365 : 52;
}

function monthIndex(date: string): number {
  return Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7));
}
