import { describeCron } from './cron-description.js';
import { willRetry } from './report-delivery.js';
import type { ReportDelivery, ReportSchedule } from './report-schedule.js';

/** A schedule as it leaves the server. */
export interface PresentedSchedule {
  id: string;
  name: string;
  audience: string;
  format: string;
  cron: string;
  /** The cron pattern in words, on the jurisdiction's clock: "every Monday at 07:00". */
  cron_description: string;
  recipients: string[];
  enabled: boolean;
  created_by: string;
  created_at: string;
  last_run_at: string | null;
  next_run_at: string;
  last_error: string | null;
}

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
export interface PresentedDelivery {
  recipient: string;
  status: string;
  attempts: number;
  last_error: string | null;
  sent_at: string | null;
  /** Whether a later tick will try it again. */
  will_retry: boolean;
}

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
