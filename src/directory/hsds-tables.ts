import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One column of an HSDS table: its name and the JSON Schema keywords that judge its cells. */
export interface HsdsColumn {
  name: string;
  /** The schema's type of the cell ('string', 'number', 'boolean', 'integer'). */
  type: string;
  format?: string;
  enum?: string[];
}

/** One table of the HSDS 3.0 tabular package, as its vendored JSON Schema describes it. */
export interface HsdsTable {
  /** The table's name in SOS and in directory_rows.hsds_table: its CSV file without `.csv`. */
  name: string;
  /** The schema's object name (service, location...). */
  object: string;
  /** The CSV file of the tabular package (services.csv). */
  path: string;
  /** The datapackage order of the table. */
  order: number;
  /** The columns, in the schema's order (nested arrays and objects are other tables, not columns). */
  columns: HsdsColumn[];
  required: string[];
}

interface SchemaProperty {
  type?: string;
  format?: string;
  enum?: string[];
}

interface TableSchema {
  name: string;
  path: string;
  datapackage_metadata: { order: number };
  properties: Record<string, SchemaProperty>;
  required?: string[];
}

/** Where the vendored schemas lie: the source folder, read from dist/src/directory as from src/directory. */
const schemaFolder = fileURLToPath(new URL('../../../src/directory/hsds-schema/', import.meta.url));
const CELL_TYPES = new Set(['string', 'number', 'integer', 'boolean']);

function readTables(): HsdsTable[] {
  return readdirSync(schemaFolder)
    .filter((file) => file.endsWith('.json'))
    .map((file) => JSON.parse(readFileSync(`${schemaFolder}${file}`, 'utf8')) as TableSchema)
    .map((schema) => ({
      name: schema.path.replace(/\.csv$/, ''),
      object: schema.name,
      path: schema.path,
      order: schema.datapackage_metadata.order,
      columns: Object.entries(schema.properties)
        .filter(([, property]) => property.type !== undefined && CELL_TYPES.has(property.type))
        .map(([name, property]) => ({
          name,
          type: property.type as string,
          ...(property.format ? { format: property.format } : {}),
          ...(property.enum ? { enum: property.enum } : {}),
        })),
      required: schema.required ?? [],
    }))
    .sort((a, b) => a.order - b.order);
}

/** Every HSDS table, in the datapackage's order (organizations first). */
export const hsdsTables: readonly HsdsTable[] = readTables();

/** The HSDS table of a CSV file name (services.csv), or undefined for a file HSDS does not define. */
export function hsdsTableOfPath(path: string): HsdsTable | undefined {
  const file = path.split('/').pop() ?? path;
  return hsdsTables.find((table) => table.path === file);
}
