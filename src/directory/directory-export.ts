import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { recordAuditEntries } from '../access/audit/audit-log.js';
import { authorize } from '../access/authorize.js';
import { type Actor, auditActor } from '../access/roles.js';
import { csvLine } from '../platform/csv/csv-escape.js';
import type { Database } from '../platform/database.js';
import { listDirectoryRows, listServiceDetails } from './directory-repository.js';
import { datapackageOf } from './hsds-package.js';
import { hsdsTables } from './hsds-tables.js';
import { SERVICE_DETAILS_FILE, serviceDetailsCells, serviceDetailsColumns } from './service-details-file.js';

/** The files an export wrote, with their rows. */
export interface DirectoryExportResult {
  files: { file: string; rows: number }[];
}

/**
 * Writes the jurisdiction's directory as an HSDS 3.0 tabular package: datapackage.json, one CSV per
 * table that holds rows (the schema's columns in its order, then any other columns received; rows in
 * import order, cells as received, so an unchanged directory exports equal to its import) and the
 * outreach fields as sos_service_details.csv. Cells are written as received, without the spreadsheet
 * formula guard of SOS's reports: the package is for directory software, and a guard would alter data.
 */
export async function exportDirectory(
  db: Database,
  actor: Actor,
  jurisdictionId: string,
  dir: string,
  now: Date,
): Promise<DirectoryExportResult> {
  authorize(actor, 'directory.read', { type: 'directory', jurisdictionId });
  const rows = await listDirectoryRows(db, jurisdictionId);
  const details = await listServiceDetails(db, jurisdictionId);
  const held = hsdsTables.filter((table) => rows.some((row) => row.hsdsTable === table.name));
  mkdirSync(dir, { recursive: true });
  const files: DirectoryExportResult['files'] = [];
  for (const table of held) {
    const tableRows = rows.filter((row) => row.hsdsTable === table.name);
    const columns = table.columns.map((c) => c.name);
    for (const row of tableRows)
      for (const key of Object.keys(row.fields)) if (!columns.includes(key)) columns.push(key);
    const lines = tableRows.map((row) => csvLine(columns.map((c) => row.fields[c] ?? '')));
    writeFileSync(path.join(dir, table.path), csvLine(columns) + lines.join(''));
    files.push({ file: table.path, rows: tableRows.length });
  }
  writeFileSync(path.join(dir, 'datapackage.json'), `${JSON.stringify(datapackageOf(held), null, 2)}\n`);
  const detailLines = details.map((d) => csvLine(serviceDetailsCells(d)));
  writeFileSync(path.join(dir, SERVICE_DETAILS_FILE), csvLine(serviceDetailsColumns) + detailLines.join(''));
  files.push({ file: SERVICE_DETAILS_FILE, rows: details.length });
  await db.transaction((tx) =>
    recordAuditEntries(tx, jurisdictionId, now, [
      {
        ...auditActor(actor),
        action: 'directory.export',
        subjectType: 'directory',
        subjectId: null,
        purpose: null,
        details: { rows: rows.length, details: details.length },
      },
    ]),
  );
  return { files };
}
