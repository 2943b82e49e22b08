import { type CountPublication, type CountTable, unsuppressedTable } from '../../disclosure/count-table.js';
import { figureKey, type Publication, TOTAL, tableFigures } from '../../disclosure/published-table.js';
import { protectPublication } from '../../disclosure/suppression-engine.js';
import type { ReportFigure } from './weekly-report.js';

/** The one column of a report's count tables. */
export const COUNT = 'count';

/** A table of one count per row, optionally with its grand total. */
export function countColumn(
  name: string,
  rows: { key: string; count: number }[],
  total: boolean,
): CountTable {
  return {
    name,
    rows: rows.map((row) => row.key),
    columns: [COUNT],
    counts: rows.map((row) => [row.count]),
    totals: total ? { grand: true } : undefined,
  };
}

/** Reads published figures by table and row, the way renderers ask for them. */
export interface PublishedFigures {
  cell(table: string, row: string): ReportFigure;
  total(table: string): ReportFigure;
  publication: Publication;
}

/**
 * Publishes count tables for an audience with threshold k: with k above 1 the suppression engine
 * hides every 1..k−1 and what would let a reader derive them (the auditor checks the result); with
 * k = 1 every figure is shown as it is.
 */
export function publishFigures(input: CountPublication, k: number): PublishedFigures {
  let publication: Publication;
  if (k > 1) {
    publication = protectPublication(input, k).publication;
  } else {
    publication = {
      tables: input.tables.map(unsuppressedTable),
      relations: input.relations,
      figureSums: input.figureSums,
    };
  }
  const values = new Map<string, ReportFigure>();
  for (const table of publication.tables) {
    for (const { address, value } of tableFigures(table)) values.set(figureKey(address), value);
  }
  const read = (table: string, row: string, column: string): ReportFigure => {
    const value = values.get(figureKey({ table, row, column }));
    if (value === undefined) throw new Error(`no published figure ${table}[${row}, ${column}]`);
    return value;
  };
  return {
    cell: (table, row) => read(table, row, COUNT),
    total: (table) => read(table, TOTAL, TOTAL),
    publication,
  };
}

/** The change from `base` to `value` in percent, when both are shown and the base is not 0. */
export function percentChange(value: ReportFigure, base: ReportFigure): number | null {
  if (value === null || base === null || base === 0) return null;
  return ((value - base) / base) * 100;
}

/** The sum of figures when every one is shown, else null: a sum over hidden figures is not published. */
export function shownSum(figures: ReportFigure[]): ReportFigure {
  let sum = 0;
  for (const figure of figures) {
    if (figure === null) return null;
    sum += figure;
  }
  return sum;
}
