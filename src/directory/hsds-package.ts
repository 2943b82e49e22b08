import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { readCsv } from '../platform/csv/read-csv.js';
import { SosError } from '../platform/errors.js';
import { type CheckedRow, checkLinks } from './hsds-links.js';
import { coordinateFlags, type PackageProblem, rowProblems } from './hsds-row-validation.js';
import { type HsdsTable, hsdsTableOfPath, hsdsTables } from './hsds-tables.js';
import {
  parseServiceDetailsRow,
  SERVICE_DETAILS_FILE,
  type ServiceDetailsInput,
} from './service-details-file.js';

/** A datapackage.json resource as SOS writes it (and derives it when a package has none). */
export interface PackageResource {
  name: string;
  path: string;
  format: 'csv';
  mediatype: 'text/csv';
  profile: 'tabular-data-resource';
  schema: { fields: { name: string; type: string; format?: string }[]; primaryKey: 'id' };
}

/** One table of a package read: its rows the checks kept, in file order, and its header. */
export interface PackageTable {
  table: HsdsTable;
  header: string[];
  rows: CheckedRow[];
}

/** A package read and judged: what may be stored, and every problem with where it is. */
export interface CheckedPackage {
  /** The resources of datapackage.json (derived from the HSDS schema when it has none that reads). */
  resources: PackageResource[];
  tables: PackageTable[];
  /** The outreach fields of services the package holds (sos_service_details.csv), if it has the file. */
  details: (ServiceDetailsInput & { row: number })[];
  problems: PackageProblem[];
}

/** The datapackage.json resource of an HSDS table. */
export function resourceOf(table: HsdsTable): PackageResource {
  return {
    name: table.object,
    path: table.path,
    format: 'csv',
    mediatype: 'text/csv',
    profile: 'tabular-data-resource',
    schema: {
      fields: table.columns.map(({ name, type, format }) => ({ name, type, ...(format ? { format } : {}) })),
      primaryKey: 'id',
    },
  };
}

/** The datapackage.json of a directory holding these tables. */
export function datapackageOf(tables: readonly HsdsTable[]) {
  return {
    name: 'sos-directory',
    title: 'Resource directory (Open Referral HSDS 3.0 tabular package)',
    profile: 'tabular-data-package',
    resources: tables.map(resourceOf),
  };
}

const invalid = (message: string) => new SosError('HSDS_PACKAGE_INVALID', message);

/**
 * The tables a package says it holds. A datapackage.json that is missing or not JSON (the HSDS
 * example's is a symbolic link stored as the text `../../datapackage.json`) is reported, and the
 * tables are then the HSDS CSV files the folder holds, described by the schema.
 */
function packageTables(dir: string, problems: PackageProblem[]): HsdsTable[] {
  const file = path.join(dir, 'datapackage.json');
  const present = () => hsdsTables.filter((table) => existsSync(path.join(dir, table.path)));
  if (!existsSync(file)) {
    problems.push({
      file: 'datapackage.json',
      row: null,
      field: null,
      severity: 'flag',
      message: 'missing: the HSDS CSV files of the folder are read',
    });
    return present();
  }
  let descriptor: unknown;
  try {
    descriptor = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    const text = readFileSync(file, 'utf8').slice(0, 80).trim();
    problems.push({
      file: 'datapackage.json',
      row: null,
      field: null,
      severity: 'flag',
      message: `not JSON ("${text}", perhaps a symbolic link stored as text): the HSDS CSV files of the folder are read`,
    });
    return present();
  }
  const resources = (descriptor as { resources?: unknown }).resources;
  if (!Array.isArray(resources)) throw invalid('datapackage.json has no "resources" list');
  const tables: HsdsTable[] = [];
  resources.forEach((resource, index) => {
    const resourcePath = String((resource as { path?: unknown })?.path ?? '');
    const table = hsdsTableOfPath(resourcePath);
    const where = { file: 'datapackage.json', row: null, field: `resources[${index}].path` };
    if (!table) {
      problems.push({
        ...where,
        severity: 'flag',
        message: `"${resourcePath}" is not an HSDS 3.0 table: not read`,
      });
    } else if (!existsSync(path.join(dir, table.path))) {
      // Tables are read from the package folder by their HSDS file name, never from a path it names.
      problems.push({ ...where, severity: 'reject', message: `${table.path} is not in the package folder` });
    } else if (!tables.includes(table)) tables.push(table);
  });
  return tables.sort((a, b) => a.order - b.order);
}

/** Every row of a CSV file as cells, or the whole file's problem. */
async function readRows(
  file: string,
  name: string,
  problems: PackageProblem[],
): Promise<{ header: string[]; rows: CheckedRow[] } | null> {
  const rows: CheckedRow[] = [];
  let header: string[] = [];
  try {
    for await (const item of readCsv(createReadStream(file), { fileName: name })) {
      if (item.kind === 'header') header = item.header;
      else if (item.kind === 'record') rows.push({ row: item.rowNumber, fields: item.fields });
      else
        for (const p of item.problems)
          problems.push({
            file: name,
            row: item.rowNumber,
            field: p.field,
            message: p.message,
            severity: 'reject',
          });
    }
  } catch (error) {
    if (!(error instanceof SosError)) throw error;
    problems.push({ file: name, row: null, field: null, message: error.message, severity: 'reject' });
    return null;
  }
  return { header, rows };
}

/** Keeps the rows the schema accepts, and the first of rows sharing an id. */
function schemaChecked(table: HsdsTable, rows: CheckedRow[], problems: PackageProblem[]): CheckedRow[] {
  const seen = new Map<string, number>();
  return rows.filter(({ row, fields }) => {
    const found = rowProblems(table, fields, row);
    if (table.name === 'locations') problems.push(...coordinateFlags(fields, row));
    const earlier = fields.id ? seen.get(fields.id) : undefined;
    if (earlier !== undefined) {
      found.push({
        file: table.path,
        row,
        field: 'id',
        message: `the id is already used by row ${earlier}`,
        severity: 'reject',
      });
    }
    problems.push(...found);
    if (found.length > 0) return false;
    seen.set(fields.id as string, row);
    return true;
  });
}

/** Reads sos_service_details.csv: rows of services the package holds, each valid. */
async function readDetails(
  dir: string,
  serviceIds: Set<string>,
  problems: PackageProblem[],
): Promise<(ServiceDetailsInput & { row: number })[]> {
  const file = path.join(dir, SERVICE_DETAILS_FILE);
  if (!existsSync(file)) return [];
  const read = await readRows(file, SERVICE_DETAILS_FILE, problems);
  const details: (ServiceDetailsInput & { row: number })[] = [];
  for (const { row, fields } of read?.rows ?? []) {
    const parsed = parseServiceDetailsRow(fields);
    const say = (field: string, message: string) =>
      problems.push({ file: SERVICE_DETAILS_FILE, row, field, message, severity: 'reject' });
    if ('problems' in parsed) for (const p of parsed.problems) say(p.field, p.message);
    else if (!serviceIds.has(parsed.details.serviceId))
      say(
        'service_id',
        `names ${parsed.details.serviceId}, which is not in services.csv (or was quarantined)`,
      );
    else details.push({ ...parsed.details, row });
  }
  return details;
}

/**
 * Reads an HSDS 3.0 tabular package (datapackage.json and its CSV files, plus SOS's
 * sos_service_details.csv) and judges every row against the vendored HSDS schema and the links
 * between tables. Throws HSDS_PACKAGE_INVALID only when the package cannot be read at all.
 */
export async function readHsdsPackage(dir: string): Promise<CheckedPackage> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw invalid(`${dir} is not a folder`);
  const problems: PackageProblem[] = [];
  const tables = packageTables(dir, problems);
  const known = new Set([...tables.map((t) => t.path), SERVICE_DETAILS_FILE, 'datapackage.json']);
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.csv') && !known.has(f))
    .sort()) {
    problems.push({
      file,
      row: null,
      field: null,
      severity: 'flag',
      message: 'not a table of the package: not read',
    });
  }
  if (tables.length === 0) throw invalid(`${dir} holds no HSDS table (organizations.csv, services.csv...)`);
  const read: PackageTable[] = [];
  for (const table of tables) {
    const file = await readRows(path.join(dir, table.path), table.path, problems);
    if (file) read.push({ table, header: file.header, rows: schemaChecked(table, file.rows, problems) });
  }
  const byName = new Map(read.map((t) => [t.table.name, t.rows]));
  problems.push(
    ...checkLinks(byName, (name) => hsdsTables.find((t) => t.name === name)?.path ?? `${name}.csv`),
  );
  for (const table of read) table.rows = byName.get(table.table.name) ?? [];
  const serviceIds = new Set((byName.get('services') ?? []).map((r) => r.fields.id as string));
  const details = await readDetails(dir, serviceIds, problems);
  problems.sort((a, b) => a.file.localeCompare(b.file) || (a.row ?? 0) - (b.row ?? 0));
  return { resources: tables.map(resourceOf), tables: read, details, problems };
}
