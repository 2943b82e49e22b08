/**
 * Published tables: what leaves SOS for an audience, every figure either a count or hidden. A table
 * is row labels × column labels of counts, with optional row totals, column totals and a grand
 * total; several tables (consecutive weeks, cumulative figures, overlapping ranges) may be tied
 * together by sum relations.
 */

/** The label of a total, as a row (the column totals) or as a column (the row totals). */
export const TOTAL = 'Total';

/** One published figure: a count, or `null` when it is suppressed (shown as "<10", "*" or empty). */
export type PublishedValue = number | null;

/** One published table. */
export interface PublishedTable {
  name: string;
  rows: string[];
  columns: string[];
  /** `cells[row][column]`. */
  cells: PublishedValue[][];
  /** One per row: the sum of the row's cells. */
  rowTotals?: PublishedValue[] | undefined;
  /** One per column: the sum of the column's cells. */
  columnTotals?: PublishedValue[] | undefined;
  /** The sum of every cell. */
  total?: PublishedValue | undefined;
}

/**
 * `table` equals the sum of the tables `sumOf`, figure by figure (same row and column labels, totals
 * included): cumulative(t) = cumulative(t−1) + week(t); a four-week figure = its four weeks.
 */
export interface SumRelation {
  table: string;
  sumOf: string[];
}

/**
 * One figure equals the sum of others wherever they sit: a headline that repeats a table's total, a
 * breakdown's total that is the week's count, a map's total that is the sum of its weeks.
 */
export interface FigureSum {
  figure: FigureAddress;
  sumOf: FigureAddress[];
}

/** Everything published together: an attacker may combine all of it. */
export interface Publication {
  tables: PublishedTable[];
  relations: SumRelation[];
  figureSums?: FigureSum[] | undefined;
}

/** Where a figure sits: a cell, or a total (`row` or `column` is TOTAL). */
export interface FigureAddress {
  table: string;
  row: string;
  column: string;
}

/** A stable key for a figure's address. */
export function figureKey(address: FigureAddress): string {
  return JSON.stringify([address.table, address.row, address.column]);
}

/** The address a key stands for. */
export function figureAddress(key: string): FigureAddress {
  const [table, row, column] = JSON.parse(key) as [string, string, string];
  return { table, row, column };
}

/** How a figure is named in messages: `table[row, column]`. */
export function figureName(address: FigureAddress): string {
  return `${address.table}[${address.row}, ${address.column}]`;
}

/** Every figure a table publishes, cells first, then row totals, column totals and the grand total. */
export function tableFigures(table: PublishedTable): { address: FigureAddress; value: PublishedValue }[] {
  const figures: { address: FigureAddress; value: PublishedValue }[] = [];
  const at = (row: string, column: string, value: PublishedValue) => {
    figures.push({ address: { table: table.name, row, column }, value });
  };
  for (const [r, row] of table.rows.entries()) {
    for (const [c, column] of table.columns.entries()) at(row, column, table.cells[r]?.[c] ?? null);
  }
  if (table.rowTotals) {
    for (const [r, row] of table.rows.entries()) at(row, TOTAL, table.rowTotals[r] ?? null);
  }
  if (table.columnTotals) {
    for (const [c, column] of table.columns.entries()) at(TOTAL, column, table.columnTotals[c] ?? null);
  }
  if (table.total !== undefined) at(TOTAL, TOTAL, table.total);
  return figures;
}
