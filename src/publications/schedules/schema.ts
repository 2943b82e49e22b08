import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Report schedules: which weekly report (audience, format) a jurisdiction makes when (a five-field
 * cron pattern on its wall clock) and to whom it is emailed. `next_run_at` is the claim: a run moves
 * it forward only if it still holds the value read, so two servers never run one schedule twice.
 */
export const reportSchedules = pgTable(
  'report_schedules',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    audience: text('audience').notNull(),
    format: text('format').notNull(),
    cron: text('cron').notNull(),
    recipients: text('recipients').array().notNull(),
    enabled: boolean('enabled').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastRunAt: timestamp('last_run_at', { withTimezone: true }),
    nextRunAt: timestamp('next_run_at', { withTimezone: true }).notNull(),
    /** Why the last run made no report, or whom it did not email; null after a run without trouble. */
    lastError: text('last_error'),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.id] }),
    // The scheduler's tick asks every jurisdiction for its enabled schedules that are due.
    index('report_schedules_due_idx').on(t.nextRunAt).where(sql`${t.enabled}`),
  ],
);

/** One email of an archived report to one recipient, and how it went (retried up to 3 attempts). */
export const reportDeliveries = pgTable(
  'report_deliveries',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    archiveId: uuid('archive_id').notNull(),
    scheduleId: uuid('schedule_id'),
    recipient: text('recipient').notNull(),
    /**
     * 'pending' (not sent yet), 'sent', 'failed' (retried while attempts < 3) or 'cancelled' (its
     * schedule was deleted, or its recipient may not receive the report: `last_error` says why). An
     * attempt is claimed by raising `attempts` from the value read.
     */
    status: text('status').notNull(),
    attempts: integer('attempts').notNull(),
    lastError: text('last_error'),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.id] }),
    index('report_deliveries_archive_idx').on(t.jurisdictionId, t.archiveId),
    // Each tick looks for deliveries still to retry.
    index('report_deliveries_open_idx').on(t.lastAttemptAt).where(sql`${t.status} in ('pending', 'failed')`),
  ],
);

/**
 * A jurisdiction's settings for its reports' recipients: the email domains (exact, lower case) whose
 * addresses may receive internal reports besides its analysts. Set only by an analyst.
 */
export const reportRecipientSettings = pgTable(
  'report_recipient_settings',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    internalReportDomains: text('internal_report_domains').array().notNull().default(sql`'{}'::text[]`),
    updatedBy: text('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionId] })],
);
