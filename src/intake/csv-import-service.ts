import { createReadStream, existsSync, rmSync, statSync } from 'node:fs';
import { authorize } from '../access/authorize.js';
import type { Jurisdiction, Organization } from '../access/jurisdictions/jurisdiction.js';
import type { Actor } from '../access/roles.js';
import type { ContactFlag } from '../persons/contact-flags.js';
import {
  createRejectedRowsWriter,
  type RejectedRow,
  type RejectedRowsWriter,
} from '../platform/csv/rejected-rows-writer.js';
import { type FieldProblem, SosError } from '../platform/errors.js';
import { csvAdapter } from './adapters/csv/csv-adapter.js';
import { importPresetNamed } from './adapters/csv/presets/index.js';
import type { SourcePosition } from './adapters/intake-adapter.js';
import { type BackfillPacer, PACED_BATCH_SIZE } from './backfill-pacing.js';
import { runIntake } from './intake-pipeline.js';
import type { IntakeDependencies } from './intake-service.js';
import { analyzeIntakeTables } from './report-repository.js';

/** What an import did with the rows of a file. */
export interface ImportSummary {
  read: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  /** Rows the preset read as no suspected overdose (ED visits meeting no syndrome): counted, not stored. */
  skipped: number;
  /** Columns sealed with the person rather than kept in the raw payload (person fields). */
  sealedKeys: string[];
  /** Columns dropped: not read by the preset nor allowed by the organization's intake profile. */
  droppedKeys: string[];
  /** The quarantine file with the rejected rows and their reasons, when any row was rejected. */
  rejectedFile: string | null;
  /** Rows of a file read as Windows-1252 that held bytes that are not UTF-8 (0 for a UTF-8 file). */
  windows1252Rows: number;
  /** Accepted rows flagged OUTSIDE_JURISDICTION: their point is in no area of the jurisdiction's layers. */
  outsideJurisdiction: number;
  /** Accepted rows geocoding found no point for (LOCATION_UNPLACED): kept, listed as unplaced overdoses. */
  unplaced: number;
  /**
   * Accepted rows that named a person, by what is unusable in the contact details (no phone, no
   * address), so the program can tell the data partner.
   */
  contactFlags: Record<ContactFlag, number>;
  /** What the person importing should know about how the file was read, one sentence each. */
  notices: string[];
}

/** One file import request. */
export interface ImportRequest {
  filePath: string;
  presetName: string;
  jurisdiction: Jurisdiction;
  organization: Organization;
  /** Where rejected rows go; default FILE.rejected.csv beside the file. */
  rejectedPath?: string;
  /** Rows per transaction: large enough to amortize round trips, small enough to keep memory flat. */
  batchSize?: number;
  onProgress?: (progress: { bytesRead: number; totalBytes: number; rows: number }) => void;
  /** A backfill's pacer (`sos import --pace`): told after each batch, it may hold the next one back. */
  pacer?: BackfillPacer;
}

/**
 * Problems named by the file's columns rather than the report fields they fill; a problem the preset
 * already raised about that column is not repeated.
 */
function inFileColumns(
  problems: FieldProblem[],
  columnOf: Readonly<Record<string, string>> | undefined,
): FieldProblem[] {
  if (!columnOf) return problems;
  const seen = new Set<string>();
  const named: FieldProblem[] = [];
  for (const p of problems) {
    const field = columnOf[p.field] ?? p.field;
    const key = `${field} ${p.code}`;
    if (seen.has(key)) continue;
    seen.add(key);
    named.push(field === p.field ? p : { ...p, field });
  }
  return named;
}

/** The default quarantine file of an import: beside the file, named after it. */
export function defaultRejectedPath(filePath: string): string {
  return `${filePath.replace(/\.csv$/i, '')}.rejected.csv`;
}

/**
 * Streams a CSV file through its preset into intake, batch by batch. Every row ends up accepted, a
 * duplicate of what is stored, or rejected into the quarantine file with its reasons; each batch is
 * one transaction, so an interrupted import leaves whole batches and importing again completes it.
 */
export async function importCsvFile(
  deps: IntakeDependencies,
  actor: Actor,
  request: ImportRequest,
): Promise<ImportSummary> {
  authorize(actor, 'report.import', {
    type: 'report',
    jurisdictionId: request.jurisdiction.id,
    organizationId: request.organization.id,
  });
  const preset = importPresetNamed(request.presetName);
  if (!existsSync(request.filePath) || !statSync(request.filePath).isFile()) {
    throw new SosError('FILE_NOT_FOUND', `${request.filePath} does not exist or is not a file`);
  }
  const totalBytes = statSync(request.filePath).size;
  const rejectedPath = request.rejectedPath ?? defaultRejectedPath(request.filePath);
  rmSync(rejectedPath, { force: true });
  const summary: ImportSummary = {
    read: 0,
    accepted: 0,
    duplicates: 0,
    rejected: 0,
    skipped: 0,
    sealedKeys: [],
    droppedKeys: [],
    rejectedFile: null,
    windows1252Rows: 0,
    outsideJurisdiction: 0,
    unplaced: 0,
    contactFlags: { no_phone: 0, no_address: 0 },
    notices: [],
  };
  const sealedKeys = new Set<string>();
  const droppedKeys = new Set<string>();
  let writer: RejectedRowsWriter | null = null;
  let bytesRead = 0;
  const quarantine = (position: SourcePosition, values: RejectedRow['values'], problems: FieldProblem[]) =>
    position.kind === 'row'
      ? writer?.write({ rowNumber: position.row, line: position.line, values, problems })
      : undefined;
  const { pacer } = request;
  // Statistics are refreshed when the import has added 10,000, 100,000, 1,000,000... rows.
  let analyzeAt = 10_000;
  await runIntake(deps, actor, {
    jurisdiction: request.jurisdiction,
    organization: request.organization,
    adapter: csvAdapter(preset),
    source: {
      bytes: createReadStream(request.filePath),
      fileName: request.filePath,
      onHeader: (columns) => {
        writer = createRejectedRowsWriter(rejectedPath, columns);
      },
      onProgress: (bytes) => {
        bytesRead = bytes;
      },
    },
    batchSize: pacer
      ? () => pacer.batchSize(request.batchSize ?? PACED_BATCH_SIZE)
      : (request.batchSize ?? 5000),
    onRead: (item) => {
      summary.read++;
      if (item.kind === 'skipped') summary.skipped++;
      if (item.decodedFrom === 'windows-1252') summary.windows1252Rows++;
    },
    onUnreadable: async (item) => {
      summary.rejected++;
      await quarantine(item.position, item.values, item.problems);
    },
    onWritten: async (answers) => {
      for (const { result, item } of answers) {
        for (const key of result.sealedKeys ?? []) sealedKeys.add(key);
        for (const key of result.droppedKeys ?? []) droppedKeys.add(key);
        if (result.status === 'accepted') {
          summary.accepted++;
          if (result.problems.some((p) => p.code === 'OUTSIDE_JURISDICTION')) summary.outsideJurisdiction++;
          if (result.problems.some((p) => p.code === 'LOCATION_UNPLACED')) summary.unplaced++;
          for (const flag of result.contactFlags ?? []) summary.contactFlags[flag]++;
        } else if (result.status === 'duplicate') summary.duplicates++;
        else {
          summary.rejected++;
          await quarantine(
            item.position,
            item.record.raw as Record<string, string>,
            inFileColumns(result.problems, preset.columnOf),
          );
        }
      }
      request.onProgress?.({ bytesRead, totalBytes, rows: summary.read });
      await pacer?.afterBatch(answers.length);
      if (summary.accepted >= analyzeAt) {
        analyzeAt *= 10;
        await analyzeIntakeTables(deps.db);
      }
    },
  });
  const closed = await (writer as RejectedRowsWriter | null)?.close();
  summary.sealedKeys = [...sealedKeys];
  summary.droppedKeys = [...droppedKeys];
  summary.rejectedFile = closed && closed.count > 0 ? rejectedPath : null;
  if (summary.windows1252Rows > 0) {
    const rows = summary.windows1252Rows;
    summary.notices.push(`decoded as Windows-1252: ${rows} row${rows === 1 ? '' : 's'} had non-UTF-8 bytes`);
  }
  return summary;
}
