import { recordAuditEntries } from '../../access/audit/audit-log.js';
import { authorizeUser } from '../../access/authorize.js';
import type { Jurisdiction } from '../../access/jurisdictions/jurisdiction.js';
import { findJurisdiction } from '../../access/jurisdictions/jurisdiction-service.js';
import { type Actor, auditActor } from '../../access/roles.js';
import type { Clock } from '../../platform/clock.js';
import type { Database, Queryable } from '../../platform/database.js';
import { SosError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { readableAudiences } from '../archive/archive-access.js';
import { type PresentedArchivedReport, presentArchivedReport } from '../archive/archive-presenter.js';
import type { Audience } from '../weekly/weekly-report.js';
import { describeCron } from './cron-description.js';
import { cancelOpenDeliveries } from './delivery-repository.js';
import { assertRecipientsAllowed } from './internal-recipients.js';
import { checkCron, nextRunAfter, nextRuns } from './report-cron.js';
import type { ReportFormat } from './report-maker.js';
import type { ReportSchedule } from './report-schedule.js';
import type { ReportScheduler } from './report-scheduler.js';
import {
  type PresentedDelivery,
  type PresentedSchedule,
  presentDelivery,
  presentSchedule,
} from './schedule-presenter.js';
import {
  deleteSchedule,
  findSchedule,
  insertSchedule,
  listSchedules,
  updateSchedule,
} from './schedule-repository.js';

/** What the schedule service needs. */
export interface ScheduleServiceDependencies {
  db: Database;
  clock: Clock;
  scheduler: Pick<ReportScheduler, 'runNow'>;
}

/** A new schedule as asked for. */
export interface NewReportSchedule {
  name: string;
  audience: Audience;
  format: ReportFormat;
  cron: string;
  recipients: string[];
  enabled: boolean;
}

/** What a manager may change on a schedule; absent fields stay. */
export interface ReportScheduleChange {
  name?: string | undefined;
  audience?: Audience | undefined;
  cron?: string | undefined;
  recipients?: string[] | undefined;
  enabled?: boolean | undefined;
}

/** Why the host's command line or an API key may not do this. */
const SIGNED_IN_ONLY = 'Report schedules are managed by signed-in users';

async function jurisdictionOf(db: Queryable, id: string): Promise<Jurisdiction> {
  const jurisdiction = await findJurisdiction(db, id);
  if (!jurisdiction) throw new SosError('UNKNOWN_JURISDICTION');
  return jurisdiction;
}

/** Recipients trimmed, each address once (compared without case), in the order given. */
export function distinctRecipients(recipients: readonly string[]): string[] {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const recipient of recipients.map((r) => r.trim())) {
    const key = recipient.toLowerCase();
    if (!recipient || seen.has(key)) continue;
    seen.add(key);
    kept.push(recipient);
  }
  return kept;
}

async function audit(
  tx: Queryable,
  actor: Actor,
  schedule: ReportSchedule,
  at: Date,
  action: string,
  details: Record<string, unknown>,
): Promise<void> {
  await recordAuditEntries(tx, schedule.jurisdictionId, at, [
    {
      ...auditActor(actor),
      action,
      subjectType: 'report_schedule',
      subjectId: schedule.id,
      purpose: null,
      details: { name: schedule.name, ...details },
    },
  ]);
}

/** The schedules of the actor's jurisdiction, and the time zone their cron patterns run in. */
export async function readSchedules(
  deps: ScheduleServiceDependencies,
  actor: Actor,
): Promise<{ time_zone: string; schedules: PresentedSchedule[] }> {
  authorizeUser(actor, 'report_schedule.manage', SIGNED_IN_ONLY);
  const jurisdiction = await jurisdictionOf(deps.db, actor.jurisdictionId);
  const schedules = await listSchedules(deps.db, actor.jurisdictionId);
  return { time_zone: jurisdiction.timeZone, schedules: schedules.map(presentSchedule) };
}

/** Creates a schedule in the actor's jurisdiction; its first run is the cron's next time from now. */
export async function createSchedule(
  deps: ScheduleServiceDependencies,
  actor: Actor,
  input: NewReportSchedule,
): Promise<PresentedSchedule> {
  authorizeUser(actor, 'report_schedule.manage', SIGNED_IN_ONLY);
  const jurisdiction = await jurisdictionOf(deps.db, actor.jurisdictionId);
  const now = deps.clock.now();
  const cron = checkCron(input.cron);
  const recipients = distinctRecipients(input.recipients);
  await assertRecipientsAllowed(deps.db, jurisdiction.id, input.audience, recipients);
  const schedule: ReportSchedule = {
    jurisdictionId: jurisdiction.id,
    id: newId(now.getTime()),
    name: input.name,
    audience: input.audience,
    format: input.format,
    cron,
    recipients,
    enabled: input.enabled,
    createdBy: actor.userId,
    createdAt: now,
    lastRunAt: null,
    nextRunAt: nextRunAfter(cron, jurisdiction.timeZone, now),
    lastError: null,
  };
  await deps.db.transaction(async (tx) => {
    await insertSchedule(tx, schedule);
    await audit(tx, actor, schedule, now, 'report_schedule.create', {
      audience: schedule.audience,
      format: schedule.format,
      cron: schedule.cron,
      recipients: schedule.recipients,
      enabled: schedule.enabled,
    });
  });
  return presentSchedule(schedule);
}

/**
 * Changes a schedule's name, audience, cron, recipients or on/off. A new cron, or turning it on, sets
 * the next run to the cron's next time from now: a schedule off for a month does not run at once when
 * on. A change of recipients or audience is refused when the schedule would then mail an internal
 * report to someone it may not go to; other changes leave such a schedule as it is (its deliveries
 * refuse those recipients).
 */
export async function changeSchedule(
  deps: ScheduleServiceDependencies,
  actor: Actor,
  id: string,
  change: ReportScheduleChange,
): Promise<PresentedSchedule> {
  authorizeUser(actor, 'report_schedule.manage', SIGNED_IN_ONLY);
  const jurisdiction = await jurisdictionOf(deps.db, actor.jurisdictionId);
  const now = deps.clock.now();
  const cron = change.cron === undefined ? undefined : checkCron(change.cron);
  const updated = await deps.db.transaction(async (tx) => {
    const found = await findSchedule(tx, actor.jurisdictionId, id, { lock: true });
    if (!found) throw new SosError('NOT_FOUND', 'No report schedule by that id');
    const next: ReportSchedule = {
      ...found,
      name: change.name ?? found.name,
      audience: change.audience ?? found.audience,
      cron: cron ?? found.cron,
      recipients: change.recipients === undefined ? found.recipients : distinctRecipients(change.recipients),
      enabled: change.enabled ?? found.enabled,
    };
    if (change.recipients !== undefined || change.audience !== undefined)
      await assertRecipientsAllowed(tx, next.jurisdictionId, next.audience, next.recipients);
    const turnedOn = next.enabled && !found.enabled;
    if (next.cron !== found.cron || turnedOn)
      next.nextRunAt = nextRunAfter(next.cron, jurisdiction.timeZone, now);
    const changed = Object.fromEntries(
      (['name', 'audience', 'cron', 'recipients', 'enabled'] as const)
        .filter((field) => JSON.stringify(next[field]) !== JSON.stringify(found[field]))
        .map((field) => [field, next[field]]),
    );
    if (Object.keys(changed).length > 0) {
      await updateSchedule(tx, next);
      await audit(tx, actor, next, now, 'report_schedule.update', changed);
    }
    return next;
  });
  return presentSchedule(updated);
}

/**
 * Deletes a schedule. Its archived reports stay (they are the record of what was sent); its emails
 * not yet sent are cancelled, so a schedule deleted for a wrong address stops mailing it.
 */
export async function removeSchedule(
  deps: ScheduleServiceDependencies,
  actor: Actor,
  id: string,
): Promise<void> {
  authorizeUser(actor, 'report_schedule.manage', SIGNED_IN_ONLY);
  await deps.db.transaction(async (tx) => {
    const found = await findSchedule(tx, actor.jurisdictionId, id, { lock: true });
    if (!found) throw new SosError('NOT_FOUND', 'No report schedule by that id');
    await deleteSchedule(tx, actor.jurisdictionId, id);
    await cancelOpenDeliveries(tx, actor.jurisdictionId, id);
    await audit(tx, actor, found, deps.clock.now(), 'report_schedule.delete', {});
  });
}

/**
 * Runs a schedule at once, on or off, to try it out: the report of the last complete week, archived
 * and emailed to its recipients; the schedule's own times do not move. Refused, with nothing made,
 * while any recipient may not receive the schedule's audience.
 */
export async function runScheduleNow(
  deps: ScheduleServiceDependencies,
  actor: Actor,
  id: string,
): Promise<{ report: PresentedArchivedReport; deliveries: PresentedDelivery[] }> {
  authorizeUser(actor, 'report_schedule.manage', SIGNED_IN_ONLY);
  const schedule = await findSchedule(deps.db, actor.jurisdictionId, id);
  if (!schedule) throw new SosError('NOT_FOUND', 'No report schedule by that id');
  await assertRecipientsAllowed(deps.db, schedule.jurisdictionId, schedule.audience, schedule.recipients);
  const { report, deliveries } = await deps.scheduler.runNow(schedule, actor);
  // An administrator runs an internal schedule but may not open the report it made.
  const readable = readableAudiences(actor, schedule.jurisdictionId).includes(report.audience);
  return { report: presentArchivedReport(report, { readable }), deliveries: deliveries.map(presentDelivery) };
}

/** A cron pattern checked and read back: in words, and its next runs on the jurisdiction's clock. */
export async function previewCron(
  deps: ScheduleServiceDependencies,
  actor: Actor,
  cron: string,
): Promise<{ cron: string; description: string; time_zone: string; next_runs: string[] }> {
  authorizeUser(actor, 'report_schedule.manage', SIGNED_IN_ONLY);
  const jurisdiction = await jurisdictionOf(deps.db, actor.jurisdictionId);
  const checked = checkCron(cron);
  return {
    cron: checked,
    description: describeCron(checked),
    time_zone: jurisdiction.timeZone,
    next_runs: nextRuns(checked, jurisdiction.timeZone, deps.clock.now(), 3).map((d) => d.toISOString()),
  };
}
