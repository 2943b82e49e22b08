import type { ReportDelivery } from '../schedules/report-schedule.js';
import type { ArchivedReport } from './archived-report.js';

/** One email of an archived report, as its managers see it. */
export interface PresentedArchiveDelivery {
  recipient: string;
  status: string;
  attempts: number;
  sent_at: string | null;
}

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
  schedule_id: string | null;
  schedule_name: string | null;
  /** Null when the reader may list the report but not open it (an administrator, an internal report). */
  download_url: string | null;
  /** Its emails, for those who manage the archive; absent for other readers. */
  deliveries?: PresentedArchiveDelivery[];
}

/**
 * The fields of an archived report that leave: who made it stays in the audit trail. `view` says
 * whether the reader may open it and, for managers, its deliveries.
 */
export function presentArchivedReport(
  report: ArchivedReport,
  view: { readable: boolean; deliveries?: ReportDelivery[] | undefined } = { readable: true },
): PresentedArchivedReport {
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
    schedule_id: report.scheduleId,
    schedule_name: report.scheduleName ?? null,
    download_url: view.readable
      ? `/api/v1/reports/archive/${report.id}?jurisdiction=${report.jurisdictionId}`
      : null,
    ...(view.deliveries
      ? {
          deliveries: view.deliveries.map((d) => ({
            recipient: d.recipient,
            status: d.status,
            attempts: d.attempts,
            sent_at: d.sentAt ? new Date(d.sentAt).toISOString() : null,
          })),
        }
      : {}),
  };
}
