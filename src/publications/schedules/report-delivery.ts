import { recordAuditEntries } from '../../access/audit/audit-log.js';
import { findJurisdiction } from '../../access/jurisdictions/jurisdiction-service.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/database.js';
import { findArchivedFile } from '../archive/archive-repository.js';
import type { ArchivedFile } from '../archive/archived-report.js';
import { parseReportWeek } from '../weekly/report-week.js';
import {
  claimDeliveryAttempt,
  openDeliveries,
  recordDeliveryOutcome,
  refuseDelivery,
} from './delivery-repository.js';
import { refusedRecipients } from './internal-recipients.js';
import { reportMailText } from './report-mail-text.js';
import type { ReportMailer } from './report-mailer.js';
import { MAX_DELIVERY_ATTEMPTS, type ReportDelivery } from './report-schedule.js';

/** What sending a report needs. */
export interface DeliveryDependencies {
  db: Database;
  clock: Clock;
  mailer: ReportMailer;
}

/** The audit trail's name for the part of SOS that emails reports. */
const MAILER_ACTOR = { actorType: 'system', actorId: 'report-mailer' } as const;

/** The code that starts the reason of a delivery refused to its recipient. */
export const REFUSED_PREFIX = 'REPORT_RECIPIENT_NOT_ALLOWED: ';

/**
 * Cancels a delivery whose recipient may not receive the report now, recording why on it and in the
 * audit trail. Returns the delivery as it now stands, or null when another server got to it first.
 */
async function refuse(
  deps: DeliveryDependencies,
  file: ArchivedFile,
  delivery: ReportDelivery,
  reason: string,
): Promise<ReportDelivery | null> {
  const lastError = `${REFUSED_PREFIX}${reason}`;
  const refused = await deps.db.transaction(async (tx) => {
    if (!(await refuseDelivery(tx, delivery, lastError))) return false;
    await recordAuditEntries(tx, delivery.jurisdictionId, deps.clock.now(), [
      {
        ...MAILER_ACTOR,
        action: 'report_archive.email_refused',
        subjectType: 'report_archive',
        subjectId: file.id,
        purpose: null,
        details: { recipient: delivery.recipient, reason, audience: file.audience, week: file.week },
      },
    ]);
    return true;
  });
  return refused ? { ...delivery, status: 'cancelled', lastError } : null;
}

/**
 * Makes one attempt of a delivery: checks that its recipient may still receive the report (an
 * internal report's recipient may have lost the analyst role, been disabled, or left the
 * allowlisted domains since the schedule was set: then nothing is sent and the delivery is
 * cancelled with the reason), claims it (so no other server sends the same attempt), emails the
 * file as an attachment, and records the outcome; a sent email is written to the audit trail, as
 * the report has left SOS. Returns the delivery as it now stands, or null when another server
 * claimed the attempt first.
 */
export async function attemptDelivery(
  deps: DeliveryDependencies,
  file: ArchivedFile,
  jurisdictionName: string,
  delivery: ReportDelivery,
  now: Date,
): Promise<ReportDelivery | null> {
  const [refused] = await refusedRecipients(deps.db, delivery.jurisdictionId, file.audience, [
    delivery.recipient,
  ]);
  if (refused) return refuse(deps, file, delivery, refused.reason);
  if (!(await claimDeliveryAttempt(deps.db, delivery, now))) return null;
  const attempts = delivery.attempts + 1;
  const text = reportMailText({
    jurisdictionName,
    week: parseReportWeek(file.week),
    audience: file.audience,
    format: file.format,
    fileName: file.fileName,
  });
  try {
    await deps.mailer.send(delivery.recipient, text, file, file.id);
  } catch (error) {
    const lastError = error instanceof Error ? error.message : String(error);
    const outcome = { status: 'failed' as const, lastError, sentAt: null };
    await recordDeliveryOutcome(deps.db, delivery, outcome);
    return { ...delivery, ...outcome, attempts, lastAttemptAt: now };
  }
  const outcome = { status: 'sent' as const, lastError: null, sentAt: deps.clock.now() };
  await deps.db.transaction(async (tx) => {
    await recordDeliveryOutcome(tx, delivery, outcome);
    await recordAuditEntries(tx, delivery.jurisdictionId, outcome.sentAt, [
      {
        ...MAILER_ACTOR,
        action: 'report_archive.email',
        subjectType: 'report_archive',
        subjectId: file.id,
        purpose: null,
        details: { recipient: delivery.recipient, attempts, audience: file.audience, week: file.week },
      },
    ]);
  });
  return { ...delivery, ...outcome, attempts, lastAttemptAt: now };
}

/**
 * Tries again every delivery of every jurisdiction that is not sent, has had fewer than three
 * attempts and was last tried at or before `triedBefore`. Returns the deliveries this call tried.
 */
export async function retryOpenDeliveries(
  deps: DeliveryDependencies,
  now: Date,
  triedBefore: Date,
): Promise<ReportDelivery[]> {
  const tried: ReportDelivery[] = [];
  const files = new Map<string, { file: ArchivedFile; jurisdictionName: string } | null>();
  for (const delivery of await openDeliveries(deps.db, triedBefore, 500)) {
    const key = `${delivery.jurisdictionId}/${delivery.archiveId}`;
    if (!files.has(key)) {
      const file = await findArchivedFile(deps.db, delivery.jurisdictionId, delivery.archiveId);
      const jurisdiction = await findJurisdiction(deps.db, delivery.jurisdictionId);
      files.set(key, file ? { file, jurisdictionName: jurisdiction?.name ?? 'the jurisdiction' } : null);
    }
    const found = files.get(key);
    if (!found) {
      // The archive keeps every report, so this is a row written by hand; stop retrying it.
      const outcome = { status: 'failed' as const, lastError: 'The archived report is gone', sentAt: null };
      await recordDeliveryOutcome(deps.db, delivery, outcome);
      continue;
    }
    const result = await attemptDelivery(deps, found.file, found.jurisdictionName, delivery, now);
    if (result) tried.push(result);
  }
  return tried;
}

/** Whether a delivery will be tried again on a later tick. */
export function willRetry(delivery: ReportDelivery): boolean {
  return (
    delivery.status !== 'sent' && delivery.status !== 'cancelled' && delivery.attempts < MAX_DELIVERY_ATTEMPTS
  );
}
