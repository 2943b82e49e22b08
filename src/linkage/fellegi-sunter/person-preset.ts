import type { ComparisonSpec } from './comparison-matrix.js';

/** One person record as a preset reads it: its id, its true entity when the file says, its values by the preset's fields ('' = missing). */
export interface PersonRecord {
  id: string;
  truth: string | null;
  values: string[];
}

/** One blocking pass: records with the same non-empty key become candidate pairs. */
export interface BlockingPass {
  name: string;
  key(values: readonly string[]): string;
}

/** One compared field: its levels and how a pair of records reaches one (or MISSING). */
export interface PersonComparison {
  spec: ComparisonSpec;
  compare(a: readonly string[], b: readonly string[]): number;
}

/** A row of a file, read: the record, or what is wrong with it (the column and why). */
export type PersonRow = { record: PersonRecord } | { problem: { field: string; message: string } };

/**
 * How `sos linkage match` reads and compares one kind of person file: its columns (each field's
 * accepted header names), its blocking passes, its comparisons and the probability that links.
 */
export interface PersonPreset {
  name: string;
  /** The record id's accepted header names, the first present used. */
  idColumns: readonly string[];
  /** The normalized fields, each with its accepted header names; a field whose column is absent is missing throughout. */
  fields: readonly { name: string; columns: readonly string[] }[];
  /** Where the true entity is written, if anywhere: a column, or a function of the record id (FEBRL's rec-N-dup-K). */
  truth: { columns: readonly string[] } | { fromId(id: string): string | null };
  /** Field name -> normalized value; fields not listed are trimmed and lower-cased. */
  normalize?: Partial<Record<string, (value: string) => string>>;
  blocking: readonly BlockingPass[];
  comparisons: readonly PersonComparison[];
  /** Pairs at or above this posterior probability link. */
  threshold: number;
}
