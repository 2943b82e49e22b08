import { z } from 'zod';
import type { ReportDelivery } from '../schedules/report-schedule.js';
import type { ArchivedReport } from './archived-report.js';

/** One email of an archived report, as its managers see it. */
const archiveDeliverySchema = z.object({
  recipient: z.string(),
  status: z.string(),
  attempts: z.number().int(),
  sent_at: z.string().nullable(),
});

/** An archived report as it leaves the server: metadata and where to download it, never the bytes. */
export const archivedReportSchema = z.object({
  id: z.string(),
  audience: z.string(),
  week: z.string().describe('The MMWR week it reports, 2024-W05'),
  format: z.string(),
  content_type: z.string(),
  file_name: z.string(),
  size: z.number().int().describe('Bytes'),
  sha256: z.string(),
  made_at: z.string(),
  scheduled: z.boolean().describe('Made by a schedule (rather than asked for by hand)'),
  schedule_id: z.string().nullable(),
  schedule_name: z.string().nullable(),
  download_url: z
    .string()
    .nullable()
    .describe(
      'Null when the reader may list the report but not open it (an administrator, an internal report)',
    ),
  deliveries: z
    .array(archiveDeliverySchema)
    .optional()
    .describe('Its emails, for those who manage the archive; absent for other readers'),
});

/** An archived report as it leaves the server. */
export type PresentedArchivedReport = z.infer<typeof archivedReportSchema>;

/** A page of the archive as it leaves the server, newest first. */
export const archivePageSchema = z.object({
  jurisdiction_id: z.string(),
  reports: z.array(archivedReportSchema),
  next_cursor: z.string().nullable().describe('The cursor of the next page; null on the last page'),
});

/** A page of the archive as it leaves the server. */
export type ArchivePage = z.infer<typeof archivePageSchema>;

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
      ? `/api/v1/publications/archive/${report.id}?jurisdiction=${report.jurisdictionId}`
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
