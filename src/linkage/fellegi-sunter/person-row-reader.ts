import type { PersonPreset, PersonRow } from './person-preset.js';

/** Reads a file's rows for a preset: which of its columns the header has, and each row as a record. */
export interface PersonRowReader {
  /** The header name read for each preset field, or null when the file lacks it (missing throughout). */
  columns: (string | null)[];
  /** Whether the file carries the true entity (for precision and recall). */
  hasTruth: boolean;
  read(fields: Readonly<Record<string, string>>): PersonRow;
}

/** Trimmed, lower-cased, inner runs of spaces made one: FEBRL pads values with a space after each comma. */
export function plainText(value: string): string {
  return value.trim().toLowerCase().replace(/\s+/g, ' ');
}

/**
 * The reader of a header for a preset. Throws a RangeError naming the id columns when none is present
 * (the caller words it as CSV_MISSING_COLUMNS); every other field may be absent.
 */
export function personRowReader(preset: PersonPreset, header: readonly string[]): PersonRowReader {
  const present = new Set(header);
  const pick = (names: readonly string[]) => names.find((name) => present.has(name)) ?? null;
  const idColumn = pick(preset.idColumns);
  if (idColumn === null) throw new RangeError(`one of the id columns ${preset.idColumns.join(', ')}`);
  const columns = preset.fields.map((field) => pick(field.columns));
  const truthColumn = 'columns' in preset.truth ? pick(preset.truth.columns) : null;
  const fromId = 'fromId' in preset.truth ? preset.truth.fromId : null;
  const normalizers = preset.fields.map((field) => preset.normalize?.[field.name] ?? plainText);
  return {
    columns,
    hasTruth: truthColumn !== null || fromId !== null,
    read(fields) {
      const id = (fields[idColumn] ?? '').trim();
      if (id === '') return { problem: { field: idColumn, message: 'the record id is empty' } };
      const values = columns.map((column, field) =>
        column === null ? '' : (normalizers[field] as (value: string) => string)(fields[column] ?? ''),
      );
      let truth: string | null = null;
      if (truthColumn !== null) truth = (fields[truthColumn] ?? '').trim() || null;
      else if (fromId !== null) truth = fromId(id);
      return { record: { id, truth, values } };
    },
  };
}

/** Digits only: dates written 1956-04-09 or 19560409 compare alike. */
export function digitsOnly(value: string): string {
  return value.replace(/\D/g, '');
}
