import {
  type FigureSum,
  type PublishedTable,
  type PublishedValue,
  type SumRelation,
  TOTAL,
  tableFigures,
} from './published-table.js';

/** A table of true counts before suppression, with the totals it will publish. */
export interface CountTable {
  name: string;
  rows: string[];
  columns: string[];
  /** `counts[row][column]`, whole numbers of 0 or more. */
  counts: number[][];
  totals?: { rows?: boolean; columns?: boolean; grand?: boolean } | undefined;
}

/** True counts and the relations that tie them, as they will be published. */
export interface CountPublication {
  tables: CountTable[];
  relations: SumRelation[];
  figureSums?: FigureSum[] | undefined;
}

/** The count table with its totals computed, every figure shown. */
export function unsuppressedTable(table: CountTable): PublishedTable {
  const cells: PublishedValue[][] = table.counts.map((row) => [...row]);
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const rowSums = table.counts.map(sum);
  return {
    name: table.name,
    rows: table.rows,
    columns: table.columns,
    cells,
    rowTotals: table.totals?.rows ? rowSums : undefined,
    columnTotals: table.totals?.columns
      ? table.columns.map((_, c) => sum(table.counts.map((row) => row[c] ?? 0)))
      : undefined,
    total: table.totals?.grand ? sum(rowSums) : undefined,
  };
}

/** The published table with the figures whose keys are in `hidden` suppressed. */
export function withHidden(
  table: PublishedTable,
  hidden: ReadonlySet<string>,
  key: (row: string, column: string) => string,
): PublishedTable {
  const hide = (row: string, column: string, value: PublishedValue) =>
    hidden.has(key(row, column)) ? null : value;
  return {
    ...table,
    cells: table.rows.map((row, r) =>
      table.columns.map((column, c) => hide(row, column, table.cells[r]?.[c] ?? null)),
    ),
    rowTotals: table.rowTotals?.map((value, r) => hide(table.rows[r] as string, TOTAL, value)),
    columnTotals: table.columnTotals?.map((value, c) => hide(TOTAL, table.columns[c] as string, value)),
    total: table.total === undefined ? undefined : hide(TOTAL, TOTAL, table.total),
  };
}

/** Every figure of a table with its true value. */
export function trueFigures(table: CountTable) {
  return tableFigures(unsuppressedTable(table));
}
