import type { FieldProblem } from '../../platform/errors.js';
import type { IntakeChannel, IntakeItem } from '../intake-service.js';

/** Where a record was in what an adapter read: a row of a file, or a place in a request's list. */
export type SourcePosition =
  | { kind: 'row'; file: string; row: number; line: number }
  | { kind: 'index'; index: number };

/** A record an adapter read, for intake to validate and store. */
export interface SourceRecord {
  kind: 'record';
  position: SourcePosition;
  record: IntakeItem;
  /** The record's own source text when it is part of a document (a PatientCareReport's XML), for the quarantine. */
  sourceText?: string;
  /** The character set the source's bytes were decoded from, when it was not UTF-8. */
  decodedFrom?: 'windows-1252';
}

/** Something an adapter could not read as a record: rejected with its problems, never lost. */
export interface UnreadableRecord {
  kind: 'unreadable';
  position: SourcePosition;
  /** The values as read, for the quarantine file. */
  values: string[] | Record<string, string>;
  problems: FieldProblem[];
  decodedFrom?: 'windows-1252';
}

/**
 * A record of the source that is no suspected overdose (an ED visit meeting no overdose syndrome):
 * read and counted, never stored nor quarantined.
 */
export interface SkippedRecord {
  kind: 'skipped';
  position: SourcePosition;
  /** Why it is not a report, in a phrase. */
  reason: string;
  decodedFrom?: 'windows-1252';
}

/** What an adapter yields, in the order of its source. */
export type SourceItem = SourceRecord | UnreadableRecord | SkippedRecord;

/**
 * A way reports arrive: it reads its kind of source and yields each record with its position, in
 * report field names (report-fields.ts), for the one intake pipeline (intake-pipeline.ts). Today:
 * `json-api`, `form`, `csv` (with its presets, ED and medical examiner files among them) and `nemsis`
 * (NEMSIS v3.5 XML).
 */
export interface IntakeAdapter<Source> {
  name: string;
  /** What it reads, in a sentence. */
  reads: string;
  /** The channel its reports are stored under; `csv` needs report.import, the others report.submit. */
  channel: IntakeChannel;
  /** The keys of a raw record it reads as report fields: the raw payload keeps these. */
  knownKeys: ReadonlySet<string>;
  /**
   * `request`: all its records are one transaction, answered together, and a record id repeated in
   * it is rejected (DUPLICATE_IN_BATCH). `file`: its records are applied in order in batches, and a
   * record id seen again is a correction of the earlier record.
   */
  delivery: 'request' | 'file';
  /** Reads a source, yielding every record or unreadable part of it in order. */
  read(source: Source): AsyncIterable<SourceItem> | Iterable<SourceItem>;
}
