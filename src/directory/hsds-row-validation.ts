import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { type HsdsTable, hsdsTables } from './hsds-tables.js';

/** One thing wrong (or worth saying) about a package: where it is and what. */
export interface PackageProblem {
  file: string;
  /** 1-based data row (the header is not counted); null for the whole file. */
  row: number | null;
  field: string | null;
  message: string;
  /** 'reject' quarantines the row; 'flag' keeps it and says why it may not be what was meant. */
  severity: 'reject' | 'flag';
}

// ajv-formats is CommonJS: its default export arrives wrapped once more under ESM.
const addFormats = addFormatsModule as unknown as { default: (ajv: Ajv) => Ajv };
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats.default(ajv);

/** Each table's validator, compiled once from the vendored schema's cell keywords. */
const validators = new Map<string, ValidateFunction>(
  hsdsTables.map((table) => [
    table.name,
    ajv.compile({
      type: 'object',
      properties: Object.fromEntries(
        table.columns.map(({ name, type, format, enum: values }) => [
          name,
          { type, ...(format ? { format } : {}), ...(values ? { enum: values } : {}) },
        ]),
      ),
      required: table.required,
    }),
  ]),
);

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A CSV row as the JSON object the schema judges: an empty cell is an absent value, a number or
 * boolean column holds its parsed value when the text is one (otherwise the text, so the schema
 * names the wrong type).
 */
export function typedRow(table: HsdsTable, cells: Record<string, string>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [name, cell] of Object.entries(cells)) {
    if (cell === '') continue;
    const type = table.columns.find((column) => column.name === name)?.type;
    if ((type === 'number' || type === 'integer') && NUMBER.test(cell.trim())) row[name] = Number(cell);
    else if (type === 'boolean' && (cell === 'true' || cell === 'false')) row[name] = cell === 'true';
    else row[name] = cell;
  }
  return row;
}

function describe(error: ErrorObject): { field: string | null; message: string } {
  if (error.keyword === 'required') {
    const field = String((error.params as { missingProperty: string }).missingProperty);
    return { field, message: 'a value is required by the HSDS schema' };
  }
  const field = error.instancePath.replace(/^\//, '') || null;
  const allowed =
    error.keyword === 'enum'
      ? `: one of ${(error.params as { allowedValues: string[] }).allowedValues.join(', ')}`
      : '';
  return { field, message: `${error.message ?? 'not valid'}${allowed}` };
}

/** What the HSDS schema says is wrong with one row of a table (empty: valid). */
export function rowProblems(table: HsdsTable, cells: Record<string, string>, row: number): PackageProblem[] {
  const validate = validators.get(table.name) as ValidateFunction;
  if (validate(typedRow(table, cells))) return [];
  return (validate.errors ?? []).map((error) => ({
    file: table.path,
    row,
    ...describe(error),
    severity: 'reject' as const,
  }));
}

/**
 * Coordinates the schema accepts (it types latitude and longitude as plain numbers) but that name
 * no place on Earth: the row is kept as received and the map leaves the location out.
 */
export function coordinateFlags(cells: Record<string, string>, row: number): PackageProblem[] {
  const flags: PackageProblem[] = [];
  for (const [field, limit] of [
    ['latitude', 90],
    ['longitude', 180],
  ] as const) {
    const value = Number(cells[field]);
    if (cells[field] && Number.isFinite(value) && Math.abs(value) > limit) {
      flags.push({
        file: 'locations.csv',
        row,
        field,
        message: `${value} is outside -${limit}..${limit}: kept as received (the HSDS schema only asks for a number), not placed on the map`,
        severity: 'flag',
      });
    }
  }
  return flags;
}
