import { z } from 'zod';
import { archivedReportSchema } from '../archive/archive-presenter.js';
import { describeCron } from './cron-description.js';
import { willRetry } from './report-delivery.js';
import type { ReportDelivery, ReportSchedule } from './report-schedule.js';

/** A schedule as it leaves the server. */
export const scheduleSchema = z.object({
  id: z.string(),
  name: z.string(),
  audience: z.string(),
  format: z.string(),
  cron: z.string(),
  cron_description: z
    .string()
    .describe('The cron pattern in words, on the jurisdiction\'s clock: "every Monday at 07:00"'),
  recipients: z.array(z.string()),
  enabled: z.boolean(),
  created_by: z.string(),
  created_at: z.string(),
  last_run_at: z.string().nullable(),
  next_run_at: z.string(),
  last_error: z.string().nullable(),
});

/** A schedule as it leaves the server. */
export type PresentedSchedule = z.infer<typeof scheduleSchema>;

/** The jurisdiction's schedules and the time zone their cron patterns run in. */
export const scheduleListSchema = z.object({ time_zone: z.string(), schedules: z.array(scheduleSchema) });

/** A cron pattern checked: in words, and its next three runs on the jurisdiction's clock. */
export const cronPreviewSchema = z.object({
  cron: z.string(),
  description: z.string(),
  time_zone: z.string(),
  next_runs: z.array(z.string()),
});

const iso = (d: Date | null) => (d === null ? null : new Date(d).toISOString());

/** The fields of a schedule that leave (all of them: managers see everything they set). */
export function presentSchedule(s: ReportSchedule): PresentedSchedule {
  return {
    id: s.id,
    name: s.name,
    audience: s.audience,
    format: s.format,
    cron: s.cron,
    cron_description: describeCron(s.cron),
    recipients: s.recipients,
    enabled: s.enabled,
    created_by: s.createdBy,
    created_at: new Date(s.createdAt).toISOString(),
    last_run_at: iso(s.lastRunAt),
    next_run_at: new Date(s.nextRunAt).toISOString(),
    last_error: s.lastError,
  };
}

/** One email of a report as it leaves the server. */
export const deliverySchema = z.object({
  recipient: z.string(),
  status: z.string(),
  attempts: z.number().int(),
  last_error: z.string().nullable(),
  sent_at: z.string().nullable(),
  will_retry: z.boolean().describe('Whether a later tick will try it again'),
});

/** One email of a report as it leaves the server. */
export type PresentedDelivery = z.infer<typeof deliverySchema>;

/** A schedule run now: the archived report and its emails. */
export const scheduleRunSchema = z.object({
  report: archivedReportSchema,
  deliveries: z.array(deliverySchema),
});

/** The fields of a delivery that leave. */
export function presentDelivery(d: ReportDelivery): PresentedDelivery {
  return {
    recipient: d.recipient,
    status: d.status,
    attempts: d.attempts,
    last_error: d.lastError,
    sent_at: iso(d.sentAt),
    will_retry: willRetry(d),
  };
}
