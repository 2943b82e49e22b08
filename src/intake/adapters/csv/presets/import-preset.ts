import type { FieldProblem } from '../../../../platform/errors.js';

/** How the columns of one kind of CSV file become report fields. */
export interface ImportPreset {
  name: string;
  description: string;
  /** Columns every file of this kind must have. */
  requiredColumns: string[];
  /** Groups of columns of which at least one must be present. */
  requiredOneOf?: string[][];
  /**
   * Every column it reads into report fields: the raw payload keeps these, and of the other columns
   * only those the organization's intake profile allows (person fields are sealed, the rest dropped).
   */
  columns: readonly string[];
  /**
   * The column each report field is read from, where the names differ, so that a problem found when
   * validating the report names the column of the file (occurred_at is the column visit_time).
   */
  columnOf?: Readonly<Record<string, string>>;
  /** Source type when the file's rows do not say. */
  sourceType?: string;
  /**
   * Starts reading one file: returns the row mapper. It may keep state across the rows of the file
   * (for example to number identical rows of a source without record ids).
   */
  begin(): (row: Record<string, string>) => {
    fields: Record<string, unknown>;
    problems?: FieldProblem[];
    /** Set when the row is no suspected overdose (an ED visit meeting no syndrome): counted, not stored. */
    notAnOverdose?: string;
  };
}
