import {
  type FigureAddress,
  figureKey,
  figureName,
  type Publication,
  type PublishedTable,
  TOTAL,
  tableFigures,
} from './published-table.js';

/** One published linear relation: the sum of `coefficient × figure` over its terms is 0. */
export interface Equation {
  /** What the equation says, for messages: "row 'A' of weekly-1". */
  label: string;
  terms: { key: string; coefficient: 1 | -1 }[];
}

/**
 * Every linear relation a reader can write from a publication: each row and column sums to its
 * total, the totals sum to the grand total, each sum relation holds figure by figure, and each
 * figure sum holds.
 */
export function publishedEquations(publication: Publication): Equation[] {
  const equations: Equation[] = [];
  for (const table of publication.tables) equations.push(...tableEquations(table));
  const byName = new Map(publication.tables.map((table) => [table.name, table]));
  for (const relation of publication.relations) {
    const target = byName.get(relation.table);
    const parts = relation.sumOf.map((name) => byName.get(name));
    if (!target || parts.some((part) => !part)) continue;
    const partKeys = parts.map((part) => new Set(tableFigures(part as PublishedTable).map((f) => keyOf(f))));
    for (const figure of tableFigures(target)) {
      const { row, column } = figure.address;
      const keys = (parts as PublishedTable[]).map((part) => figureKey({ table: part.name, row, column }));
      if (keys.some((key, i) => !partKeys[i]?.has(key))) continue;
      equations.push({
        label: `${relation.table} = ${relation.sumOf.join(' + ')} at [${row}, ${column}]`,
        terms: [
          { key: figureKey(figure.address), coefficient: 1 },
          ...keys.map((key) => ({ key, coefficient: -1 as const })),
        ],
      });
    }
  }
  const published = new Set(publication.tables.flatMap((table) => tableFigures(table).map(keyOf)));
  for (const { figure, sumOf } of publication.figureSums ?? []) {
    const keys = [figure, ...sumOf].map(figureKey);
    if (keys.some((key) => !published.has(key))) continue;
    equations.push({
      label: `${figureName(figure)} = ${sumOf.map(figureName).join(' + ')}`,
      terms: keys.map((key, i) => ({ key, coefficient: i === 0 ? 1 : -1 })),
    });
  }
  return equations;
}

function keyOf(figure: { address: FigureAddress }): string {
  return figureKey(figure.address);
}

function tableEquations(table: PublishedTable): Equation[] {
  const equations: Equation[] = [];
  const key = (row: string, column: string) => figureKey({ table: table.name, row, column });
  const sum = (label: string, parts: string[], total: string): Equation => ({
    label: `${label} of ${table.name}`,
    terms: [
      ...parts.map((part) => ({ key: part, coefficient: 1 as const })),
      { key: total, coefficient: -1 },
    ],
  });
  if (table.rowTotals) {
    for (const row of table.rows) {
      equations.push(
        sum(
          `row '${row}'`,
          table.columns.map((column) => key(row, column)),
          key(row, TOTAL),
        ),
      );
    }
  }
  if (table.columnTotals) {
    for (const column of table.columns) {
      equations.push(
        sum(
          `column '${column}'`,
          table.rows.map((row) => key(row, column)),
          key(TOTAL, column),
        ),
      );
    }
  }
  if (table.total !== undefined) {
    const grand = key(TOTAL, TOTAL);
    if (table.rowTotals) {
      equations.push(
        sum(
          'the row totals',
          table.rows.map((row) => key(row, TOTAL)),
          grand,
        ),
      );
    }
    if (table.columnTotals) {
      equations.push(
        sum(
          'the column totals',
          table.columns.map((column) => key(TOTAL, column)),
          grand,
        ),
      );
    }
    if (!table.rowTotals && !table.columnTotals) {
      const cells = table.rows.flatMap((row) => table.columns.map((column) => key(row, column)));
      equations.push(sum('every cell', cells, grand));
    }
  }
  return equations;
}
