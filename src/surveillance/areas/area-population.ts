import { parse } from 'csv-parse/sync';
import { SosError } from '../../platform/errors.js';

/** How to read a population file: which columns hold the area and its population. */
export interface PopulationCsvOptions {
  idColumn: string;
  populationColumn: string;
  fileName: string;
}

/** The key that matches an area across files: trimmed, case-folded, inner whitespace collapsed. */
export function normalizeAreaKey(s: string): string {
  return s.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Plain numbers, or integers with thousands separators as spreadsheets export them ("12,345"). */
const POPULATION = /^(?:\d+(?:\.\d+)?|\d{1,3}(?:,\d{3})+)$/;

interface ParsedRow {
  record: string[];
  info: { lines: number };
}

/**
 * Reads a population-per-area CSV into a map keyed by `normalizeAreaKey`, so that "Andover" in the
 * CSV meets "ANDOVER " in a GeoJSON layer. Throws with the file, line and column of the first problem.
 */
export function parsePopulationCsv(text: string, options: PopulationCsvOptions): Map<string, number> {
  const { idColumn, populationColumn, fileName } = options;
  if (text.trim() === '') {
    throw new SosError('FILE_EMPTY', `${fileName}: the file is empty`, { file: fileName });
  }
  let rows: ParsedRow[];
  try {
    // The typings do not model the { record, info } shape that `info: true` yields; the line numbers
    // it carries stay right even when a quoted field spans lines.
    rows = parse(text, { bom: true, info: true, skip_empty_lines: true }) as unknown as ParsedRow[];
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SosError('CSV_MALFORMED', `${fileName}: ${reason}`, { file: fileName });
  }
  const header = (rows[0]?.record ?? []).map((column) => column.trim());
  const missing = [idColumn, populationColumn].filter((column) => !header.includes(column));
  if (missing.length > 0) {
    throw new SosError(
      'CSV_MISSING_COLUMNS',
      `${fileName}: missing column ${missing.map((c) => `"${c}"`).join(', ')} (header: ${header.join(', ')})`,
      { file: fileName, missing },
    );
  }
  const idAt = header.indexOf(idColumn);
  const populationAt = header.indexOf(populationColumn);
  const populations = new Map<string, number>();
  const firstLineByKey = new Map<string, number>();
  for (const { record, info } of rows.slice(1)) {
    const line = info.lines;
    const where = { file: fileName, line };
    const rawId = record[idAt] ?? '';
    const key = normalizeAreaKey(rawId);
    if (key === '') {
      throw new SosError('CSV_INVALID_VALUE', `${fileName}: line ${line}, column "${idColumn}": empty area`, {
        ...where,
        column: idColumn,
      });
    }
    const rawPopulation = (record[populationAt] ?? '').trim();
    if (!POPULATION.test(rawPopulation)) {
      throw new SosError(
        'CSV_INVALID_VALUE',
        `${fileName}: line ${line}, column "${populationColumn}": population ${JSON.stringify(rawPopulation)} is not a non-negative number`,
        { ...where, column: populationColumn, value: rawPopulation },
      );
    }
    const earlier = firstLineByKey.get(key);
    if (earlier !== undefined) {
      throw new SosError(
        'CSV_INVALID_VALUE',
        `${fileName}: line ${line}, column "${idColumn}": area ${JSON.stringify(rawId)} already appears on line ${earlier}`,
        { ...where, column: idColumn, value: rawId, firstLine: earlier },
      );
    }
    firstLineByKey.set(key, line);
    populations.set(key, Number(rawPopulation.replaceAll(',', '')));
  }
  return populations;
}
