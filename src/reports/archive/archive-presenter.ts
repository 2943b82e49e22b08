import type { ArchivedReport } from './archived-report.js';

/** An archived report as it leaves the server: metadata and where to download it, never the bytes. */
export interface PresentedArchivedReport {
  id: string;
  audience: string;
  week: string;
  format: string;
  content_type: string;
  file_name: string;
  size: number;
  sha256: string;
  made_at: string;
  /** Made by a schedule (rather than asked for by hand). */
  scheduled: boolean;
  download_url: string;
}

/** The fields of an archived report that leave: who made it stays in the audit trail. */
export function presentArchivedReport(report: ArchivedReport): PresentedArchivedReport {
  return {
    id: report.id,
    audience: report.audience,
    week: report.week,
    format: report.format,
    content_type: report.contentType,
    file_name: report.fileName,
    size: report.size,
    sha256: report.sha256,
    made_at: new Date(report.madeAt).toISOString(),
    scheduled: report.scheduleId !== null,
    download_url: `/api/v1/reports/archive/${report.id}?jurisdiction=${report.jurisdictionId}`,
  };
}
