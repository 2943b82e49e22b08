import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * One row per named job: the due time last claimed, so each due time runs on one server only, and
 * until when that run holds the job (a server that died mid-run lets it go when the time passes).
 */
export const scheduledJobs = pgTable('scheduled_jobs', {
  name: text('name').primaryKey(),
  dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
  runningUntil: timestamp('running_until', { withTimezone: true }),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  lastError: text('last_error'),
});
