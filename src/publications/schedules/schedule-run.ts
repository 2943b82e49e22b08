import type { Jurisdiction } from '../../access/jurisdictions/jurisdiction.js';
import type { Actor } from '../../access/roles.js';
import { SosError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { localDateOf } from '../../platform/time-zones.js';
import { archiveMadeReport } from '../archive/archive-writing.js';
import { type ArchivedReport, archivedFile } from '../archive/archived-report.js';
import { lastCompleteWeek } from '../weekly/report-week.js';
import { insertDeliveries } from './delivery-repository.js';
import { checkMadeReport } from './made-report-check.js';
import { attemptDelivery, type DeliveryDependencies, REFUSED_PREFIX } from './report-delivery.js';
import type { ReportMaker } from './report-maker.js';
import type { ReportDelivery, ReportSchedule } from './report-schedule.js';
import { recordRunError } from './schedule-repository.js';

/** What running a schedule needs: the deliveries' needs and the injected report maker. */
export interface ScheduleRunDependencies extends DeliveryDependencies {
  makeReport: ReportMaker;
}

/** A run's report, as archived, and how each of its emails went. */
export interface ScheduleRunResult {
  report: ArchivedReport;
  deliveries: ReportDelivery[];
}

/** An error as the schedule records it: the catalog code first when there is one. */
function describeError(error: unknown): string {
  if (error instanceof SosError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs a schedule once at `at`: makes the report of the last complete MMWR week before the
 * jurisdiction's local day, archives it with one pending delivery per recipient (one transaction,
 * with its audit entry), then emails it to each. A report that could not be made is recorded on the
 * schedule and thrown; emails that fail are recorded on their deliveries and retried on later ticks;
 * recipients who may not receive the report get nothing, recorded on their deliveries and the schedule.
 */
export async function runSchedule(
  deps: ScheduleRunDependencies,
  schedule: ReportSchedule,
  jurisdiction: Jurisdiction,
  at: Date,
  actor: Actor,
): Promise<ScheduleRunResult> {
  const week = lastCompleteWeek(localDateOf(at, jurisdiction.timeZone));
  let made: ReturnType<typeof checkMadeReport>;
  try {
    made = checkMadeReport(
      await deps.makeReport({
        jurisdictionId: schedule.jurisdictionId,
        week,
        audience: schedule.audience,
        format: schedule.format,
      }),
      schedule.format,
    );
  } catch (error) {
    await recordRunError(deps.db, schedule.jurisdictionId, schedule.id, describeError(error));
    throw error;
  }
  const file = archivedFile(made, {
    jurisdictionId: schedule.jurisdictionId,
    id: newId(at.getTime()),
    audience: schedule.audience,
    week: week.label,
    format: schedule.format,
    madeAt: at,
    madeBy: actor.kind === 'user' ? actor.userId : null,
    scheduleId: schedule.id,
  });
  const deliveries: ReportDelivery[] = schedule.recipients.map((recipient) => ({
    jurisdictionId: schedule.jurisdictionId,
    id: newId(at.getTime()),
    archiveId: file.id,
    scheduleId: schedule.id,
    recipient,
    status: 'pending',
    attempts: 0,
    lastError: null,
    // As if just tried: another server's tick retries it only after the retry wait, so the first
    // attempt is this run's (a tick at the same moment would otherwise send it and leave this run's
    // answer saying "pending"); if this server stops first, a later tick sends it.
    lastAttemptAt: at,
    sentAt: null,
  }));
  await deps.db.transaction(async (tx) => {
    await archiveMadeReport(tx, actor, file, { recipients: schedule.recipients });
    await insertDeliveries(tx, deliveries);
    await recordRunError(tx, schedule.jurisdictionId, schedule.id, null);
  });
  const sent = await Promise.all(
    deliveries.map((d) => attemptDelivery(deps, file, jurisdiction.name, d, at)),
  );
  const outcomes = sent.map((d, i) => d ?? (deliveries[i] as ReportDelivery));
  // Recipients refused at delivery show on the schedule too, where whoever manages it looks.
  const refused = outcomes.filter((d) => d.status === 'cancelled' && d.lastError?.startsWith(REFUSED_PREFIX));
  if (refused.length > 0)
    await recordRunError(
      deps.db,
      schedule.jurisdictionId,
      schedule.id,
      `${REFUSED_PREFIX}not emailed to ${refused.map((d) => d.recipient).join(', ')}: internal reports go only to active analysts of the jurisdiction or to its internal report domains`,
    );
  const { bytes: _bytes, ...report } = file;
  return { report, deliveries: outcomes };
}
