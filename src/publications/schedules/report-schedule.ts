import type { Audience } from '../weekly/weekly-report.js';
import type { ReportFormat } from './report-maker.js';

/** A schedule as stored: which report, when (cron on the jurisdiction's wall clock), and to whom. */
export interface ReportSchedule {
  jurisdictionId: string;
  id: string;
  name: string;
  audience: Audience;
  format: ReportFormat;
  cron: string;
  recipients: string[];
  enabled: boolean;
  createdBy: string;
  createdAt: Date;
  lastRunAt: Date | null;
  nextRunAt: Date;
  /** Why the last run made no report, or whom it did not email; null after a run without trouble. */
  lastError: string | null;
}

/** How an email of a report went. */
export type DeliveryStatus = 'pending' | 'sent' | 'failed' | 'cancelled';

/** One email of an archived report to one recipient. */
export interface ReportDelivery {
  jurisdictionId: string;
  id: string;
  archiveId: string;
  scheduleId: string | null;
  recipient: string;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  /** When it was last tried or, before its first attempt, written (null on rows older than that rule). */
  lastAttemptAt: Date | null;
  sentAt: Date | null;
}

/** A delivery is tried at most this many times: the first send and two retries on later ticks. */
export const MAX_DELIVERY_ATTEMPTS = 3;
