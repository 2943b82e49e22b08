import { createReadStream, existsSync, rmSync, statSync } from 'node:fs';
import { authorize } from '../access/authorize.js';
import type { Jurisdiction, Organization } from '../access/jurisdictions/jurisdiction.js';
import type { Actor } from '../access/roles.js';
import { readCsv } from '../platform/csv/read-csv.js';
import { createRejectedRowsWriter, type RejectedRowsWriter } from '../platform/csv/rejected-rows-writer.js';
import { SosError } from '../platform/errors.js';
import { prepareIntake } from './intake-preparation.js';
import {
  type IntakeDependencies,
  type IntakeItem,
  type IntakeItemResult,
  writeIntake,
} from './intake-service.js';
import { importPresetNamed } from './presets/index.js';
import { analyzeIntakeTables } from './report-repository.js';

/** What an import did with the rows of a file. */
export interface ImportSummary {
  read: number;
  accepted: number;
  duplicates: number;
  rejected: number;
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
  const batchSize = request.batchSize ?? 5000;
  const mapRow = preset.begin();
  const summary: ImportSummary = {
    read: 0,
    accepted: 0,
    duplicates: 0,
    rejected: 0,
    sealedKeys: [],
    droppedKeys: [],
    rejectedFile: null,
    windows1252Rows: 0,
    outsideJurisdiction: 0,
    notices: [],
  };
  const sealedKeys = new Set<string>();
  const droppedKeys = new Set<string>();
  const knownKeys = new Set(preset.columns);
  let writer: RejectedRowsWriter | null = null;
  let bytesRead = 0;
  let pending: { item: IntakeItem; rowNumber: number; line: number }[] = [];
  const batchIds = new Set<string>();

  const record = async (results: IntakeItemResult[], batch: typeof pending) => {
    for (const result of results) {
      for (const key of result.sealedKeys ?? []) sealedKeys.add(key);
      for (const key of result.droppedKeys ?? []) droppedKeys.add(key);
      if (result.status === 'accepted') {
        summary.accepted++;
        if (result.problems.some((p) => p.code === 'OUTSIDE_JURISDICTION')) summary.outsideJurisdiction++;
      } else if (result.status === 'duplicate') summary.duplicates++;
      else {
        summary.rejected++;
        const row = batch[result.index] as (typeof batch)[number];
        await writer?.write({
          rowNumber: row.rowNumber,
          line: row.line,
          values: row.item.raw as Record<string, string>,
          problems: result.problems,
        });
      }
    }
    request.onProgress?.({ bytesRead, totalBytes, rows: summary.read });
    if (summary.accepted >= analyzeAt) {
      analyzeAt *= 10;
      await analyzeIntakeTables(deps.db);
    }
  };
  // Statistics are refreshed when the import has added 10,000, 100,000, 1,000,000... rows.
  let analyzeAt = 10_000;
  // A two-stage pipeline: while one batch is in the database, the next is read, validated and written
  // out as COPY text. At most two batches are in flight, so memory stays flat however fast the file
  // is read.
  let inflight: Promise<void> = Promise.resolve();
  let beforeInflight: Promise<void> = Promise.resolve();
  const flush = async () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    batchIds.clear();
    const previous = inflight;
    const prepared = await prepareIntake(deps, {
      jurisdiction: request.jurisdiction,
      organization: request.organization,
      channel: 'csv',
      knownKeys,
      items: batch.map((b) => b.item),
      after: previous,
    });
    await beforeInflight;
    beforeInflight = previous;
    inflight = writeIntake(deps, actor, prepared).then((results) => record(results, batch));
    // Failures surface when the pipeline is drained below; this only keeps Node from calling them unhandled.
    inflight.catch(() => {});
  };

  const rows = readCsv(createReadStream(request.filePath), {
    fileName: request.filePath,
    requiredColumns: preset.requiredColumns,
    requiredOneOf: preset.requiredOneOf,
    onProgress: (bytes) => {
      bytesRead = bytes;
    },
  });
  try {
    for await (const item of rows) {
      if (item.kind === 'header') {
        writer = createRejectedRowsWriter(rejectedPath, item.header);
        continue;
      }
      summary.read++;
      if (item.windows1252) summary.windows1252Rows++;
      if (item.kind === 'bad') {
        summary.rejected++;
        await writer?.write({
          rowNumber: item.rowNumber,
          line: item.line,
          values: item.values,
          problems: item.problems,
        });
        continue;
      }
      const mapped = mapRow(item.fields);
      // A file is applied in order: a record id seen again is a correction of the earlier row, so the
      // batch is cut before it and the earlier row is committed first.
      const id = mapped.fields.source_record_id;
      const key = typeof id === 'string' ? id.trim() : null;
      if (key && batchIds.has(key)) await flush();
      if (key) batchIds.add(key);
      pending.push({
        item: { raw: item.fields, fields: mapped.fields, problems: mapped.problems ?? [] },
        rowNumber: item.rowNumber,
        line: item.line,
      });
      if (pending.length >= batchSize) await flush();
    }
    await flush();
  } finally {
    // Whatever stopped the reading, the batches already sent finish (each is whole or absent).
    await inflight.catch(() => {});
  }
  await inflight;
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
