import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { authorizeUser } from '../access/authorize.js';
import { findJurisdiction, findOrganization } from '../access/jurisdictions/jurisdiction-service.js';
import type { Actor } from '../access/roles.js';
import { importCsvFile } from '../intake/csv-import-service.js';
import type { IntakeDependencies } from '../intake/intake-service.js';
import { readCsv } from '../platform/csv/read-csv.js';
import { SosError } from '../platform/errors.js';

/** Rejected rows an answer lists at most (the counts cover them all). */
const LISTED_REJECTIONS = 200;

/** What an upload did: the counts of `sos import` and the rejected rows with their reasons. */
export interface OdmapImportSummary {
  read: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  /** The first rejected rows: their row in the file and every reason, `column: message`. */
  rejected_rows: { row: number; reasons: string }[];
}

/**
 * Imports an uploaded ODMAP-style CSV file for one agency, exactly as `sos import --preset odmap`
 * would (same preset, batches, quarantine): a submitter for its own organization, an analyst for the
 * agency it names (the intake's `report.import` rule decides). The file is written to a private
 * temporary folder for the import and removed after, quarantine included.
 */
export async function importOdmapFile(
  deps: IntakeDependencies,
  actor: Actor,
  upload: { organizationId: string | null; fileName: string; csv: string },
): Promise<OdmapImportSummary> {
  authorizeUser(actor, 'report.import', 'Only signed-in users upload files here; machines use the API');
  const organizationId = upload.organizationId ?? actor.organizationId;
  if (!organizationId) {
    throw new SosError('VALIDATION_FAILED', 'Name the agency the file is from', { field: 'organization_id' });
  }
  const [jurisdiction, organization] = await Promise.all([
    findJurisdiction(deps.db, actor.jurisdictionId),
    findOrganization(deps.db, actor.jurisdictionId, organizationId),
  ]);
  if (!jurisdiction || !organization) throw new SosError('NOT_FOUND', `No organization ${organizationId}`);
  const dir = mkdtempSync(path.join(tmpdir(), 'sos-odmap-upload-'));
  // The user's file name is shown in messages only; the file on disk has a name of ours.
  const filePath = path.join(dir, 'upload.csv');
  try {
    writeFileSync(filePath, upload.csv, { mode: 0o600 });
    const summary = await importCsvFile(deps, actor, {
      filePath,
      presetName: 'odmap',
      jurisdiction,
      organization,
    });
    const rejectedRows: OdmapImportSummary['rejected_rows'] = [];
    if (summary.rejectedFile) {
      for await (const item of readCsv(createReadStream(summary.rejectedFile), {
        fileName: upload.fileName,
      })) {
        if (item.kind !== 'record') continue;
        rejectedRows.push({ row: Number(item.fields.row), reasons: item.fields.reasons ?? '' });
        if (rejectedRows.length >= LISTED_REJECTIONS) break;
      }
    }
    return {
      read: summary.read,
      accepted: summary.accepted,
      duplicates: summary.duplicates,
      rejected: summary.rejected,
      rejected_rows: rejectedRows,
    };
  } catch (error) {
    // A problem with the whole file names the user's file, not our temporary copy.
    if (error instanceof SosError) {
      const details = error.details as Record<string, unknown> | null | undefined;
      throw new SosError(
        error.code,
        error.message.replaceAll(filePath, upload.fileName),
        details?.file === filePath ? { ...details, file: upload.fileName } : details,
      );
    }
    throw error;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
