import { readCsv } from '../../../platform/csv/read-csv.js';
import type { IntakeAdapter, SourceItem } from '../intake-adapter.js';
import type { ImportPreset } from './presets/import-preset.js';

/** One CSV file to read. */
export interface CsvSource {
  /** The file's bytes. */
  bytes: AsyncIterable<Buffer | Uint8Array>;
  /** Its name, in every position and error message. */
  fileName: string;
  /** Told the file's columns before any row (the quarantine file repeats them). */
  onHeader?: (columns: string[]) => void;
  /** Told after each chunk how many bytes have been read. */
  onProgress?: (bytesRead: number) => void;
}

/**
 * A CSV file read through an import preset: the preset names the columns it needs and maps each row
 * to report fields; rows the CSV reader cannot read are unreadable, with their reasons.
 */
export function csvAdapter(preset: ImportPreset): IntakeAdapter<CsvSource> {
  return {
    name: 'csv',
    reads: `a CSV file: ${preset.description}`,
    channel: 'csv',
    knownKeys: new Set(preset.columns),
    delivery: 'file',
    read: (source) => readRows(preset, source),
  };
}

async function* readRows(preset: ImportPreset, source: CsvSource): AsyncIterable<SourceItem> {
  // A preset may keep state across the rows of one file (ids for sources without them).
  const mapRow = preset.begin();
  const rows = readCsv(source.bytes, {
    fileName: source.fileName,
    requiredColumns: preset.requiredColumns,
    requiredOneOf: preset.requiredOneOf,
    onProgress: source.onProgress,
  });
  for await (const item of rows) {
    if (item.kind === 'header') {
      source.onHeader?.(item.header);
      continue;
    }
    const position = { kind: 'row', file: source.fileName, row: item.rowNumber, line: item.line } as const;
    let read: SourceItem;
    if (item.kind === 'bad') {
      read = { kind: 'unreadable', position, values: item.values, problems: item.problems };
    } else {
      const mapped = mapRow(item.fields);
      const record = { raw: item.fields, fields: mapped.fields, problems: mapped.problems ?? [] };
      read =
        mapped.notAnOverdose !== undefined
          ? { kind: 'skipped', position, reason: mapped.notAnOverdose }
          : { kind: 'record', position, record };
    }
    if (item.windows1252) read.decodedFrom = 'windows-1252';
    yield read;
  }
}
