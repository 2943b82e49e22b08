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
