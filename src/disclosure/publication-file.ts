import { createReadStream, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { readCsv } from '../platform/csv/read-csv.js';
import { SosError } from '../platform/errors.js';
import {
  type FigureSum,
  type Publication,
  type PublishedTable,
  type PublishedValue,
  type SumRelation,
  TOTAL,
} from './published-table.js';

/** A hidden figure as files write it: an empty cell, `*`, `hidden` (as SOS prints it), or `<` and a number such as `<10`. */
const HIDDEN = /^(\*|hidden|<\s*\d+)?$/i;
const COUNT = /^\d+$/;

/**
 * Reads published tables from CSV and JSON files into one publication, so relations may tie tables
 * of different files by name.
 *
 * CSV (one table, named after the file without its extension): the first column holds the row
 * labels, every other column a column label; a column named `Total` holds the row totals, a row
 * named `Total` the column totals (and, in the `Total` column, the grand total). A figure is a whole
 * number, or hidden: empty, `*`, `hidden` or `<10`.
 *
 * Long CSV (any number of tables, one figure a line): the header `table,row,column,value` and
 * optionally `unit`; rows and columns named `Total` are totals as above. A line whose unit is not
 * `count` (hours, a rate) is a statistic, not a count, and is left out of the check.
 *
 * JSON: `{ "tables": [{ "name", "rows", "columns", "cells": [[...]], "rowTotals"?, "columnTotals"?,
 * "total"? }], "relations"?: [{ "table", "sumOf": [names] }], "figureSums"?: [{ "figure": { "table",
 * "row", "column" }, "sumOf": [addresses] }] }` (a `Publication` as SOS writes it), a hidden figure
 * being `null` or one of the strings above; a row or column `Total` addresses a total. A relation says a table equals the sum of others figure by figure
 * (a cumulative figure and the one before it plus the week; a four-week range and its weeks).
 */
export async function readPublicationFiles(files: string[]): Promise<Publication> {
  const tables: PublishedTable[] = [];
  const relations: { relation: SumRelation; file: string; index: number }[] = [];
  const figureSums: FigureSum[] = [];
  const origin = new Map<string, string>();
  for (const file of files) {
    if (!existsSync(file)) throw new SosError('FILE_NOT_FOUND', `${file} does not exist`, { file });
    const read = file.toLowerCase().endsWith('.json') ? await readJsonFile(file) : await readCsvFile(file);
    for (const table of read.tables) {
      const earlier = origin.get(table.name);
      if (earlier) {
        throw invalid(file, `table "${table.name}" is also in ${earlier}; give every table its own name`);
      }
      origin.set(table.name, file);
      tables.push(table);
    }
    read.relations.forEach((relation, index) => {
      relations.push({ relation, file, index });
    });
    figureSums.push(...(read.figureSums ?? []));
  }
  for (const { relation, file, index } of relations) {
    for (const name of [relation.table, ...relation.sumOf]) {
      if (!origin.has(name)) {
        throw invalid(file, `relations[${index}]: no table named "${name}" in the files given`);
      }
    }
  }
  return { tables, relations: relations.map(({ relation }) => relation), figureSums };
}

function invalid(file: string, detail: string): SosError {
  return new SosError('SUPPRESSION_TABLE_INVALID', `${file}: ${detail}`, { file });
}

/** A figure as written in a file, or an explanation of why it is not one. */
function parseFigure(text: string): PublishedValue | Error {
  const value = text.trim();
  if (HIDDEN.test(value)) return null;
  if (COUNT.test(value)) return Number(value);
  return new Error(
    `${JSON.stringify(text)} is neither a whole number nor a hidden figure (empty, *, hidden or <10)`,
  );
}

const LONG_HEADER = ['table', 'row', 'column', 'value'];

async function readCsvFile(file: string): Promise<Publication> {
  const name = path.basename(file).replace(/\.[^.]*$/, '');
  const rows: string[] = [];
  const cells: PublishedValue[][] = [];
  const rowTotals: PublishedValue[] = [];
  let header: string[] = [];
  let columns: string[] = [];
  let totalColumn: string | undefined;
  let totalRow: { cells: PublishedValue[]; total: PublishedValue | undefined } | undefined;
  for await (const item of readCsv(createReadStream(file), { fileName: file })) {
    if (item.kind === 'header') {
      header = item.header;
      const names = header.map((h) => h.trim().toLowerCase());
      if (LONG_HEADER.every((h, i) => names[i] === h)) return readLongCsv(file, header);
      const labels = header.slice(1);
      if (labels.length === 0)
        throw invalid(file, 'the header needs a row label column and at least one column');
      totalColumn = labels.find((label) => label.toLowerCase() === TOTAL.toLowerCase());
      columns = labels.filter((label) => label !== totalColumn);
      continue;
    }
    if (item.kind === 'bad') {
      const first = item.problems[0];
      throw invalid(file, `line ${item.line}: ${first?.message ?? 'the row is not valid'}`);
    }
    const label = (item.fields[header[0] as string] ?? '').trim();
    if (label === '') throw invalid(file, `line ${item.line}, column "${header[0]}": the row label is empty`);
    const figure = (column: string): PublishedValue => {
      const value = parseFigure(item.fields[column] ?? '');
      if (value instanceof Error)
        throw invalid(file, `line ${item.line}, column "${column}": ${value.message}`);
      return value;
    };
    const values = columns.map(figure);
    const total = totalColumn === undefined ? undefined : figure(totalColumn);
    if (label.toLowerCase() === TOTAL.toLowerCase()) {
      if (totalRow) throw invalid(file, `line ${item.line}: a second "${TOTAL}" row`);
      totalRow = { cells: values, total };
      continue;
    }
    if (rows.includes(label))
      throw invalid(file, `line ${item.line}: the row label "${label}" appears twice`);
    rows.push(label);
    cells.push(values);
    if (total !== undefined) rowTotals.push(total);
  }
  if (rows.length === 0) throw invalid(file, 'the table has no rows');
  return {
    tables: [
      {
        name,
        rows,
        columns,
        cells,
        rowTotals: totalColumn === undefined ? undefined : rowTotals,
        columnTotals: totalRow?.cells,
        total: totalRow?.total,
      },
    ],
    relations: [],
  };
}

/** The figures of one table of a long CSV, gathered line by line. */
interface LongTable {
  rows: string[];
  columns: string[];
  values: Map<string, PublishedValue>;
}

/** Reads a long CSV (table,row,column,value[,unit]) from its header on. */
async function readLongCsv(file: string, header: string[]): Promise<Publication> {
  const tables = new Map<string, LongTable>();
  const [tableField, rowField, columnField, valueField] = header as [string, string, string, string];
  const unitField = header[4]?.trim().toLowerCase() === 'unit' ? header[4] : undefined;
  for await (const item of readCsv(createReadStream(file), { fileName: file })) {
    if (item.kind === 'header') continue;
    if (item.kind === 'bad') {
      throw invalid(file, `line ${item.line}: ${item.problems[0]?.message ?? 'the row is not valid'}`);
    }
    const field = (name: string) => (item.fields[name] ?? '').trim();
    const unit = unitField === undefined ? 'count' : field(unitField).toLowerCase() || 'count';
    if (unit !== 'count') continue;
    const [tableName, row, column] = [field(tableField), field(rowField), field(columnField)];
    for (const [label, value] of [
      [tableField, tableName],
      [rowField, row],
      [columnField, column],
    ] as const) {
      if (value === '') throw invalid(file, `line ${item.line}, column "${label}": empty`);
    }
    const value = parseFigure(item.fields[valueField] ?? '');
    if (value instanceof Error)
      throw invalid(file, `line ${item.line}, column "${valueField}": ${value.message}`);
    let table = tables.get(tableName);
    if (!table) {
      table = { rows: [], columns: [], values: new Map() };
      tables.set(tableName, table);
    }
    const key = longKey(row, column);
    if (table.values.has(key)) {
      throw invalid(file, `line ${item.line}: table "${tableName}" has [${row}, ${column}] twice`);
    }
    table.values.set(key, value);
    if (row.toLowerCase() !== TOTAL.toLowerCase() && !table.rows.includes(row)) table.rows.push(row);
    if (column.toLowerCase() !== TOTAL.toLowerCase() && !table.columns.includes(column))
      table.columns.push(column);
  }
  if (tables.size === 0) throw invalid(file, 'the file has no counts');
  return { tables: [...tables].map(([name, table]) => longTable(file, name, table)), relations: [] };
}

/** The key of a figure of a long CSV; `Total` in any case is the total. */
function longKey(row: string, column: string): string {
  const label = (text: string) => (text.toLowerCase() === TOTAL.toLowerCase() ? TOTAL : text);
  return JSON.stringify([label(row), label(column)]);
}

/** A long CSV's table as a published table; every cell must be given, totals are all or none. */
function longTable(file: string, name: string, table: LongTable): PublishedTable {
  const find = (row: string, column: string) => {
    const key = longKey(row, column);
    return table.values.has(key) ? { value: table.values.get(key) as PublishedValue } : undefined;
  };
  const cells = table.rows.map((row) =>
    table.columns.map((column) => {
      const found = find(row, column);
      if (!found) throw invalid(file, `table "${name}" has no figure for [${row}, ${column}]`);
      return found.value;
    }),
  );
  const totals = (
    labels: string[],
    at: (label: string) => { value: PublishedValue } | undefined,
    what: string,
  ) => {
    const found = labels.map(at);
    if (found.every((f) => f === undefined)) return undefined;
    const missing = labels.find((_, i) => found[i] === undefined);
    if (missing !== undefined)
      throw invalid(file, `table "${name}" has ${what} totals but none for "${missing}"`);
    return found.map((f) => (f as { value: PublishedValue }).value);
  };
  return {
    name,
    rows: table.rows,
    columns: table.columns,
    cells,
    rowTotals: totals(table.rows, (row) => find(row, TOTAL), 'row'),
    columnTotals: totals(table.columns, (column) => find(TOTAL, column), 'column'),
    total: find(TOTAL, TOTAL)?.value,
  };
}

const figureSchema = z.union([z.number().int().nonnegative(), z.null(), z.string()]);
const addressSchema = z.object({ table: z.string(), row: z.string(), column: z.string() });
const fileSchema = z.object({
  tables: z.array(
    z.object({
      name: z.string().trim().min(1),
      rows: z.array(z.string().trim().min(1)),
      columns: z.array(z.string().trim().min(1)),
      cells: z.array(z.array(figureSchema)),
      rowTotals: z.array(figureSchema).optional(),
      columnTotals: z.array(figureSchema).optional(),
      total: figureSchema.optional(),
    }),
  ),
  relations: z.array(z.object({ table: z.string(), sumOf: z.array(z.string()).min(1) })).optional(),
  figureSums: z.array(z.object({ figure: addressSchema, sumOf: z.array(addressSchema).min(1) })).optional(),
});

async function readJsonFile(file: string): Promise<Publication> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw invalid(file, `not valid JSON (${(error as Error).message})`);
  }
  const result = fileSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where =
      issue?.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('') ?? '';
    throw invalid(file, `${where.replace(/^\./, '') || '(file)'}: ${issue?.message ?? 'not valid'}`);
  }
  const tables = result.data.tables.map((table, t) => {
    const at = `tables[${t}]`;
    const figure = (value: z.infer<typeof figureSchema>, where: string): PublishedValue => {
      if (typeof value !== 'string') return value;
      const read = parseFigure(value);
      if (read instanceof Error) throw invalid(file, `${where}: ${read.message}`);
      return read;
    };
    const sized = (length: number | undefined, expected: number, where: string, what: string) => {
      if (length !== undefined && length !== expected) {
        throw invalid(file, `${where}: has ${length} values for ${expected} ${what}`);
      }
    };
    for (const [label, list] of [
      ['rows', table.rows],
      ['columns', table.columns],
    ] as const) {
      if (list.some((name) => name.toLowerCase() === TOTAL.toLowerCase())) {
        throw invalid(
          file,
          `${at}.${label}: "${TOTAL}" is kept for totals; give them as rowTotals, columnTotals and total`,
        );
      }
      if (new Set(list).size !== list.length) throw invalid(file, `${at}.${label}: a label appears twice`);
    }
    sized(table.cells.length, table.rows.length, `${at}.cells`, 'rows');
    table.cells.forEach((row, r) => {
      sized(row.length, table.columns.length, `${at}.cells[${r}]`, 'columns');
    });
    sized(table.rowTotals?.length, table.rows.length, `${at}.rowTotals`, 'rows');
    sized(table.columnTotals?.length, table.columns.length, `${at}.columnTotals`, 'columns');
    return {
      name: table.name,
      rows: table.rows,
      columns: table.columns,
      cells: table.cells.map((row, r) => row.map((value, c) => figure(value, `${at}.cells[${r}][${c}]`))),
      rowTotals: table.rowTotals?.map((value, r) => figure(value, `${at}.rowTotals[${r}]`)),
      columnTotals: table.columnTotals?.map((value, c) => figure(value, `${at}.columnTotals[${c}]`)),
      total: table.total === undefined ? undefined : figure(table.total, `${at}.total`),
    };
  });
  const named = new Set(tables.map((table) => table.name));
  // A figure sum ties figures of this file's tables (a headline and a table's total): without it the
  // check would pass a hidden figure that the sum gives away.
  result.data.figureSums?.forEach((sum, index) => {
    for (const address of [sum.figure, ...sum.sumOf]) {
      if (!named.has(address.table))
        throw invalid(file, `figureSums[${index}]: no table named "${address.table}" in this file`);
    }
  });
  return { tables, relations: result.data.relations ?? [], figureSums: result.data.figureSums ?? [] };
}
