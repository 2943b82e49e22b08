import { createHash } from 'node:crypto';
import type { ReportFormat } from '../schedules/report-maker.js';
import type { Audience } from '../weekly/weekly-report.js';

/** A report in the archive, without its bytes: what the archive lists. */
export interface ArchivedReport {
  jurisdictionId: string;
  id: string;
  audience: Audience;
  /** The MMWR week it is about, `2024-W05`. */
  week: string;
  format: ReportFormat;
  contentType: 'application/pdf' | 'text/html';
  fileName: string;
  /** Hex SHA-256 of the bytes, so a reader can check a copy they were sent. */
  sha256: string;
  size: number;
  madeAt: Date;
  /** The user who asked for it; null for the scheduler. */
  madeBy: string | null;
  scheduleId: string | null;
  /** The schedule's name when it still exists (lists only). */
  scheduleName?: string | null;
}

/** An archived report with its file. */
export interface ArchivedFile extends ArchivedReport {
  bytes: Uint8Array;
}

/** What a report maker hands back: the file and how to serve it. */
interface MadeFile {
  bytes: Uint8Array;
  contentType: ArchivedReport['contentType'];
  fileName: string;
}

/** An archived file of a made report: its bytes with their SHA-256 and size, and who made it for what. */
export function archivedFile(
  made: MadeFile,
  about: Omit<ArchivedReport, 'contentType' | 'fileName' | 'sha256' | 'size' | 'scheduleName'>,
): ArchivedFile {
  return {
    ...about,
    contentType: made.contentType,
    fileName: made.fileName,
    bytes: made.bytes,
    sha256: createHash('sha256').update(made.bytes).digest('hex'),
    size: made.bytes.byteLength,
  };
}
