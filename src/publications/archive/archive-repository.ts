import type { Queryable } from '../../platform/database.js';
import type { Audience } from '../weekly/weekly-report.js';
import type { ArchivedFile, ArchivedReport } from './archived-report.js';

// Every column but the bytes: lists never carry the files.
const REPORT_COLUMNS = `jurisdiction_id as "jurisdictionId", id, audience, week, format,
  content_type as "contentType", file_name as "fileName", sha256, size, made_at as "madeAt",
  made_by as "madeBy", schedule_id as "scheduleId"`;

/** Stores a made report. */
export async function insertArchivedReport(db: Queryable, report: ArchivedFile): Promise<void> {
  await db.query(
    `insert into report_archive (jurisdiction_id, id, audience, week, format, content_type, file_name, bytes,
       sha256, size, made_at, made_by, schedule_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [
      report.jurisdictionId,
      report.id,
      report.audience,
      report.week,
      report.format,
      report.contentType,
      report.fileName,
      report.bytes,
      report.sha256,
      report.size,
      report.madeAt,
      report.madeBy,
      report.scheduleId,
    ],
  );
}

/** Where a page of the archive starts: after this report, newest first. */
export interface ArchivePosition {
  madeAt: Date;
  id: string;
}

/** A jurisdiction's archived reports of the given audiences, newest first, after `after`. */
export async function listArchivedReports(
  db: Queryable,
  jurisdictionId: string,
  audiences: readonly Audience[],
  limit: number,
  after: ArchivePosition | null,
): Promise<ArchivedReport[]> {
  const params: unknown[] = [jurisdictionId, audiences, limit];
  let page = '';
  if (after) {
    params.push(after.madeAt, after.id);
    page = 'and (made_at, id) < ($4, $5::uuid)';
  }
  return db.query<ArchivedReport>(
    `select ${REPORT_COLUMNS},
       (select s.name from report_schedules s
        where s.jurisdiction_id = report_archive.jurisdiction_id and s.id = report_archive.schedule_id) as "scheduleName"
     from report_archive
     where jurisdiction_id = $1 and audience = any($2::text[]) ${page}
     order by made_at desc, id desc limit $3`,
    params,
  );
}

/** One archived report, with its file. */
export async function findArchivedFile(
  db: Queryable,
  jurisdictionId: string,
  id: string,
): Promise<ArchivedFile | null> {
  const [row] = await db.query<ArchivedFile>(
    `select ${REPORT_COLUMNS}, bytes from report_archive where jurisdiction_id = $1 and id = $2`,
    [jurisdictionId, id],
  );
  return row ?? null;
}
