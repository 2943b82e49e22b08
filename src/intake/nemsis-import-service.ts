import { createReadStream, existsSync, rmSync, statSync } from 'node:fs';
import { authorize } from '../access/authorize.js';
import type { Jurisdiction, Organization } from '../access/jurisdictions/jurisdiction.js';
import type { Actor } from '../access/roles.js';
import { createRejectedRowsWriter, type RejectedRowsWriter } from '../platform/csv/rejected-rows-writer.js';
import { type FieldProblem, SosError } from '../platform/errors.js';
import type { SourcePosition } from './adapters/intake-adapter.js';
import { nemsisAdapter, problemInRecord, quarantineColumns } from './adapters/nemsis/nemsis-adapter.js';
import { createNemsisSchema } from './adapters/nemsis/nemsis-schema.js';
import { runIntake } from './intake-pipeline.js';
import type { IntakeDependencies, IntakeItemResult } from './intake-service.js';
import { analyzeIntakeTables } from './report-repository.js';
import { submittingOrganization } from './submission-service.js';

/** Records per transaction: a PatientCareReport is tens of kilobytes, so fewer than CSV rows. */
const NEMSIS_BATCH = 500;

/** At most this many records with problems are listed in a summary; the rest are only counted. */
export const MAX_LISTED_RECORDS = 1000;

/** A record that had problems: where it was, its PatientCareReport id, what became of it and why. */
export interface NemsisRecordProblems {
  record: number;
  line: number;
  sourceRecordId: string | null;
  status: 'accepted' | 'rejected';
  problems: FieldProblem[];
}

/** What a NEMSIS import did with the PatientCareReports of a document. */
export interface NemsisImportSummary {
  read: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  /** Accepted records per NEMSIS definition met (nemsis_opioid, nemsis_naloxone). */
  definitions: Record<string, number>;
  /** The records with problems, in document order (at most MAX_LISTED_RECORDS). */
  records: NemsisRecordProblems[];
  /** Records with problems beyond the listed ones. */
  unlistedRecords: number;
  /** The quarantine file (CSV: row, line, reasons, eRecord.01, the record's XML), when any was rejected. */
  rejectedFile: string | null;
}

/** Where one run's records go: the organization, and optionally a quarantine file. */
interface NemsisRun {
  jurisdiction: Jurisdiction;
  organization: Organization;
  bytes: AsyncIterable<Buffer | string>;
  fileName: string;
  rejectedPath: string | null;
  batchSize?: number;
  onProgress?: (records: number) => void;
}

/** The default quarantine file of a NEMSIS import: beside the file, named after it. */
export function defaultNemsisRejectedPath(filePath: string): string {
  return `${filePath.replace(/\.xml$/i, '')}.rejected.csv`;
}

/**
 * `sos import FILE.xml --preset nemsis`: streams the document's PatientCareReports into intake in
 * batches; rejected records go to the quarantine file with their reasons and their own XML.
 */
export async function importNemsisFile(
  deps: IntakeDependencies,
  actor: Actor,
  request: {
    filePath: string;
    jurisdiction: Jurisdiction;
    organization: Organization;
    rejectedPath?: string;
    batchSize?: number;
    onProgress?: (progress: { bytesRead: number; totalBytes: number; records: number }) => void;
  },
): Promise<NemsisImportSummary> {
  authorize(actor, 'report.import', {
    type: 'report',
    jurisdictionId: request.jurisdiction.id,
    organizationId: request.organization.id,
  });
  if (!existsSync(request.filePath) || !statSync(request.filePath).isFile()) {
    throw new SosError('FILE_NOT_FOUND', `${request.filePath} does not exist or is not a file`);
  }
  const totalBytes = statSync(request.filePath).size;
  const stream = createReadStream(request.filePath);
  const rejectedPath = request.rejectedPath ?? defaultNemsisRejectedPath(request.filePath);
  rmSync(rejectedPath, { force: true });
  try {
    return await runNemsis(deps, actor, {
      jurisdiction: request.jurisdiction,
      organization: request.organization,
      bytes: stream,
      fileName: request.filePath,
      rejectedPath,
      batchSize: request.batchSize,
      onProgress: (records) => request.onProgress?.({ bytesRead: stream.bytesRead, totalBytes, records }),
    });
  } finally {
    stream.destroy();
  }
}

/**
 * POST /api/v1/reports/nemsis: one document from a submitter (API key or session with report.submit),
 * read as it streams in; answered with the counts and each record's problems.
 */
export async function submitNemsisDocument(
  deps: IntakeDependencies,
  actor: Actor,
  input: { organizationId: string | null; bytes: AsyncIterable<Buffer | string> },
): Promise<NemsisImportSummary> {
  authorize(actor, 'report.submit');
  const { jurisdiction, organization } = await submittingOrganization(deps, actor, input.organizationId);
  return runNemsis(deps, actor, {
    jurisdiction,
    organization,
    bytes: input.bytes,
    fileName: 'request',
    rejectedPath: null,
  });
}

async function runNemsis(
  deps: IntakeDependencies,
  actor: Actor,
  run: NemsisRun,
): Promise<NemsisImportSummary> {
  const summary: NemsisImportSummary = {
    read: 0,
    accepted: 0,
    duplicates: 0,
    rejected: 0,
    definitions: {},
    records: [],
    unlistedRecords: 0,
    rejectedFile: null,
  };
  const writer: RejectedRowsWriter | null = run.rejectedPath
    ? createRejectedRowsWriter(run.rejectedPath, [...quarantineColumns])
    : null;
  // The XML of records still in flight, for the quarantine of those intake rejects (two batches at most).
  const xmlInFlight = new Map<number, string>();
  const list = (position: SourcePosition, entry: Omit<NemsisRecordProblems, 'record' | 'line'>) => {
    if (position.kind !== 'row') return;
    if (summary.records.length >= MAX_LISTED_RECORDS) summary.unlistedRecords++;
    else summary.records.push({ record: position.row, line: position.line, ...entry });
  };
  const quarantine = async (
    position: SourcePosition,
    values: Record<string, string>,
    problems: FieldProblem[],
  ) => {
    if (position.kind === 'row')
      await writer?.write({ rowNumber: position.row, line: position.line, values, problems });
  };
  const schema = await createNemsisSchema();
  let analyzeAt = 10_000;
  try {
    await runIntake(deps, actor, {
      jurisdiction: run.jurisdiction,
      organization: run.organization,
      adapter: nemsisAdapter,
      source: { bytes: run.bytes, fileName: run.fileName, schema },
      batchSize: run.batchSize ?? NEMSIS_BATCH,
      onRead: (item) => {
        summary.read++;
        if (item.kind === 'record' && writer && item.position.kind === 'row')
          xmlInFlight.set(item.position.row, item.sourceText ?? '');
      },
      onUnreadable: async (item) => {
        summary.rejected++;
        const values = item.values as Record<string, string>;
        list(item.position, {
          sourceRecordId: values['eRecord.01'] || null,
          status: 'rejected',
          problems: item.problems,
        });
        await quarantine(item.position, values, item.problems);
      },
      onWritten: async (answers) => {
        for (const { result, item } of answers) {
          const row = item.position.kind === 'row' ? item.position.row : -1;
          const xml = xmlInFlight.get(row) ?? '';
          xmlInFlight.delete(row);
          count(summary, result, item.record.fields.source_definitions);
          if (result.status === 'duplicate' || result.problems.length === 0) continue;
          const problems = result.problems.map((p) => problemInRecord(result.sourceRecordId, p));
          list(item.position, { sourceRecordId: result.sourceRecordId, status: result.status, problems });
          if (result.status === 'rejected')
            await quarantine(
              item.position,
              { 'eRecord.01': result.sourceRecordId ?? '', PatientCareReport: xml },
              problems,
            );
        }
        run.onProgress?.(summary.read);
        if (summary.accepted >= analyzeAt) {
          analyzeAt *= 10;
          await analyzeIntakeTables(deps.db);
        }
      },
    });
  } finally {
    schema.close();
    const closed = await writer?.close();
    summary.rejectedFile = closed && closed.count > 0 ? run.rejectedPath : null;
  }
  return summary;
}

function count(summary: NemsisImportSummary, result: IntakeItemResult, definitions: unknown): void {
  if (result.status === 'duplicate') summary.duplicates++;
  else if (result.status === 'rejected') summary.rejected++;
  else {
    summary.accepted++;
    for (const id of Array.isArray(definitions) ? definitions : [])
      summary.definitions[id] = (summary.definitions[id] ?? 0) + 1;
  }
}
