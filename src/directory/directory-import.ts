import { recordAuditEntries } from '../access/audit/audit-log.js';
import { authorize } from '../access/authorize.js';
import { listOrganizations } from '../access/jurisdictions/jurisdiction-service.js';
import { type Actor, auditActor } from '../access/roles.js';
import type { Database } from '../platform/database.js';
import {
  deleteOrphanDetails,
  listServiceDetails,
  replaceDirectoryRows,
  upsertServiceDetails,
} from './directory-repository.js';
import { type CheckedPackage, readHsdsPackage } from './hsds-package.js';
import type { PackageProblem } from './hsds-row-validation.js';
import { needsFromTerms } from './needs-from-taxonomy.js';
import { SERVICE_DETAILS_FILE, type ServiceDetailsInput } from './service-details-file.js';

/** What an import stored and what it quarantined or flagged. */
export interface DirectoryImportResult {
  /** Rows stored, by HSDS table. */
  stored: Record<string, number>;
  details: number;
  /** Rows quarantined (severity reject) and rows kept with a remark (flag), each with file, row, field. */
  problems: PackageProblem[];
}

/**
 * Imports an HSDS tabular package as the jurisdiction's directory, in one transaction: the good rows
 * replace the directory's rows (a record keeps its id, so a re-import updates it), bad rows are
 * quarantined and reported; outreach details (sos_service_details.csv) are written for the services
 * they name, details of services no longer held are dropped, and the import is audited.
 */
export async function importDirectory(
  db: Database,
  actor: Actor,
  jurisdictionId: string,
  dir: string,
  now: Date,
): Promise<DirectoryImportResult> {
  authorize(actor, 'directory.manage', { type: 'directory', jurisdictionId });
  const checked: CheckedPackage = await readHsdsPackage(dir);
  const problems = [...checked.problems];
  const organizations = new Set((await listOrganizations(db, jurisdictionId)).map((o) => o.id));
  const details = checked.details.filter(({ row, ...d }) => {
    if (d.providerOrganizationId === null || organizations.has(d.providerOrganizationId)) return true;
    problems.push({
      file: SERVICE_DETAILS_FILE,
      row,
      field: 'provider_organization_id',
      message: `${d.providerOrganizationId} is not an organization of the jurisdiction (sos organization list)`,
      severity: 'reject',
    });
    return false;
  });
  const rows = checked.tables.flatMap(({ table, rows: tableRows }) =>
    tableRows.map(({ fields }, position) => ({
      hsdsTable: table.name,
      id: fields.id as string,
      position,
      fields,
    })),
  );
  await db.transaction(async (tx) => {
    const kept = new Map((await listServiceDetails(tx, jurisdictionId)).map((d) => [d.serviceId, d]));
    await replaceDirectoryRows(tx, jurisdictionId, rows, now);
    const given = new Set(details.map((d) => d.serviceId));
    const derived = derivedDetails(checked).filter((d) => !given.has(d.serviceId) && !kept.has(d.serviceId));
    for (const { row: _row, ...d } of [...details, ...derived.map((d) => ({ ...d, row: 0 }))]) {
      const before = kept.get(d.serviceId);
      await upsertServiceDetails(tx, {
        ...d,
        jurisdictionId,
        capacityUpdatedBy: before?.capacityUpdatedBy ?? null,
        updatedAt: now,
      });
    }
    await deleteOrphanDetails(tx, jurisdictionId);
    await recordAuditEntries(tx, jurisdictionId, now, [
      {
        ...auditActor(actor),
        action: 'directory.import',
        subjectType: 'directory',
        subjectId: null,
        purpose: null,
        details: {
          rows: rows.length,
          details: details.length,
          derived_needs: derived.length,
          quarantined: problems.filter((p) => p.severity === 'reject').length,
        },
      },
    ]);
  });
  const stored: Record<string, number> = {};
  for (const { table, rows: tableRows } of checked.tables) stored[table.name] = tableRows.length;
  return { stored, details: details.length, problems };
}

/**
 * Outreach details for the services whose HSDS taxonomy terms (linked by attributes) speak of needs
 * (see `needTerms`): a directory imported without sos_service_details.csv is searchable by need at once.
 */
function derivedDetails(checked: CheckedPackage): ServiceDetailsInput[] {
  const rowsOf = (name: string) => checked.tables.find((t) => t.table.name === name)?.rows ?? [];
  const terms = new Map(rowsOf('taxonomy_terms').map((r) => [r.fields.id, r.fields]));
  const termsOf = new Map<string, { name?: string; code?: string }[]>();
  for (const { fields } of rowsOf('attributes')) {
    const term = terms.get(fields.taxonomy_term_id ?? '');
    if (!term || !fields.link_id) continue;
    termsOf.set(fields.link_id, [...(termsOf.get(fields.link_id) ?? []), term]);
  }
  return rowsOf('services').flatMap(({ fields }) => {
    const needs = needsFromTerms(termsOf.get(fields.id ?? '') ?? []);
    if (needs.length === 0) return [];
    return [
      {
        serviceId: fields.id as string,
        providerOrganizationId: null,
        needs,
        moud: [],
        sameDayIntake: false,
        walkInHours: null,
        capacityStatus: 'unknown',
        waitlistDays: null,
        capacityUpdatedAt: null,
        insurance: [],
        cost: null,
        part2Program: false,
      },
    ];
  });
}
