import type { Queryable } from '../../platform/database.js';
import type { ReportSchedule } from './report-schedule.js';

const SCHEDULE_COLUMNS = `jurisdiction_id as "jurisdictionId", id, name, audience, format, cron, recipients, enabled,
  created_by as "createdBy", created_at as "createdAt", last_run_at as "lastRunAt", next_run_at as "nextRunAt",
  last_error as "lastError"`;

/** Stores a new schedule. */
export async function insertSchedule(db: Queryable, s: ReportSchedule): Promise<void> {
  await db.query(
    `insert into report_schedules (jurisdiction_id, id, name, audience, format, cron, recipients, enabled,
       created_by, created_at, last_run_at, next_run_at, last_error)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [
      s.jurisdictionId,
      s.id,
      s.name,
      s.audience,
      s.format,
      s.cron,
      s.recipients,
      s.enabled,
      s.createdBy,
      s.createdAt,
      s.lastRunAt,
      s.nextRunAt,
      s.lastError,
    ],
  );
}

/** A jurisdiction's schedules, oldest first. */
export async function listSchedules(db: Queryable, jurisdictionId: string): Promise<ReportSchedule[]> {
  return db.query<ReportSchedule>(
    `select ${SCHEDULE_COLUMNS} from report_schedules where jurisdiction_id = $1 order by created_at, id`,
    [jurisdictionId],
  );
}

/** One schedule of a jurisdiction; `lock` holds its row until the transaction ends. */
export async function findSchedule(
  db: Queryable,
  jurisdictionId: string,
  id: string,
  options: { lock?: boolean } = {},
): Promise<ReportSchedule | null> {
  const [row] = await db.query<ReportSchedule>(
    `select ${SCHEDULE_COLUMNS} from report_schedules where jurisdiction_id = $1 and id = $2
     ${options.lock ? 'for update' : ''}`,
    [jurisdictionId, id],
  );
  return row ?? null;
}

/** Writes what a manager may change: name, audience, recipients, cron, enabled and the next run they imply. */
export async function updateSchedule(db: Queryable, s: ReportSchedule): Promise<void> {
  await db.query(
    `update report_schedules set name = $3, recipients = $4, cron = $5, enabled = $6, next_run_at = $7,
       audience = $8
     where jurisdiction_id = $1 and id = $2`,
    [s.jurisdictionId, s.id, s.name, s.recipients, s.cron, s.enabled, s.nextRunAt, s.audience],
  );
}

/** Removes a schedule (its archived reports stay). */
export async function deleteSchedule(db: Queryable, jurisdictionId: string, id: string): Promise<void> {
  await db.query('delete from report_schedules where jurisdiction_id = $1 and id = $2', [jurisdictionId, id]);
}

/** Every jurisdiction's enabled schedules due at `now`, the longest overdue first. */
export async function dueSchedules(db: Queryable, now: Date, limit: number): Promise<ReportSchedule[]> {
  return db.query<ReportSchedule>(
    `select ${SCHEDULE_COLUMNS} from report_schedules where enabled and next_run_at <= $1
     order by next_run_at, id limit $2`,
    [now, limit],
  );
}

/**
 * Claims a due run: moves `next_run_at` from the value the caller read to the next one, and notes
 * the run. Only one of several servers that read the same value gets true: the others' updates
 * find it changed and touch nothing.
 */
export async function claimScheduleRun(
  db: Queryable,
  schedule: Pick<ReportSchedule, 'jurisdictionId' | 'id' | 'nextRunAt'>,
  nextRunAt: Date,
  now: Date,
): Promise<boolean> {
  const rows = await db.query(
    `update report_schedules set next_run_at = $4, last_run_at = $5
     where jurisdiction_id = $1 and id = $2 and enabled and next_run_at = $3 returning id`,
    [schedule.jurisdictionId, schedule.id, schedule.nextRunAt, nextRunAt, now],
  );
  return rows.length === 1;
}

/** Records how a run went: null when it made its report, else why not. */
export async function recordRunError(
  db: Queryable,
  jurisdictionId: string,
  id: string,
  lastError: string | null,
): Promise<void> {
  await db.query('update report_schedules set last_error = $3 where jurisdiction_id = $1 and id = $2', [
    jurisdictionId,
    id,
    lastError,
  ]);
}
