import { findJurisdiction } from '../../access/jurisdictions/jurisdiction-service.js';
import type { Actor } from '../../access/roles.js';
import { SosError } from '../../platform/errors.js';
import { nextRunAfter } from './report-cron.js';
import { retryOpenDeliveries } from './report-delivery.js';
import type { ReportSchedule } from './report-schedule.js';
import { claimScheduleRun, dueSchedules, recordRunError } from './schedule-repository.js';
import { runSchedule, type ScheduleRunDependencies, type ScheduleRunResult } from './schedule-run.js';

/** How often the scheduler looks for due schedules by default (SOS_REPORT_SCHEDULE_SECONDS). */
export const DEFAULT_REPORT_SCHEDULE_SECONDS = 60;

/** The audit trail's name for scheduled runs. */
const SCHEDULER: Actor = { kind: 'system', label: 'report-scheduler' };

/** Schedules looked at in one tick; the rest wait for the next. */
const DUE_PER_TICK = 100;

/** What one due schedule's run came to: its report, or why there is none. */
export type DueRun = { scheduleId: string } & ({ result: ScheduleRunResult } | { error: unknown });

/**
 * Runs the report schedules of every jurisdiction, a tick at a time (the job runner ticks every
 * config.reportScheduleSeconds). Each tick first retries the emails that failed on earlier ticks,
 * then runs every enabled schedule whose next run is due, after claiming it: the claim moves
 * `next_run_at` to the cron's next time after now (a server that was down runs a missed week once,
 * not once per missed week), and only one server's claim succeeds. One schedule's failure never stops the others.
 */
export class ReportScheduler {
  constructor(
    private readonly deps: ScheduleRunDependencies,
    private readonly options: {
      /** The job runner's interval, which sets the default retry wait. */
      intervalMs?: number;
      /** How long a failed email waits before its retry (half the interval by default). */
      retryAfterMs?: number;
      onError?: (error: unknown) => void;
    } = {},
  ) {}

  /** The report maker the schedules use, for reports asked for by hand. */
  get makeReport(): ScheduleRunDependencies['makeReport'] {
    return this.deps.makeReport;
  }

  /** One tick at `now`: retries of earlier emails, then every due schedule. */
  async runDue(now: Date): Promise<DueRun[]> {
    const retryAfterMs = this.options.retryAfterMs ?? this.intervalMs() / 2;
    await retryOpenDeliveries(this.deps, now, new Date(now.getTime() - retryAfterMs));
    const runs: DueRun[] = [];
    for (const schedule of await dueSchedules(this.deps.db, now, DUE_PER_TICK)) {
      try {
        const result = await this.runIfClaimed(schedule, now);
        if (result) runs.push({ scheduleId: schedule.id, result });
      } catch (error) {
        this.options.onError?.(error);
        runs.push({ scheduleId: schedule.id, error });
      }
    }
    return runs;
  }

  /** Runs a schedule now, outside its times (its next run stays), as the actor who asked. */
  async runNow(schedule: ReportSchedule, actor: Actor): Promise<ScheduleRunResult> {
    const jurisdiction = await this.jurisdictionOf(schedule);
    return runSchedule(this.deps, schedule, jurisdiction, this.deps.clock.now(), actor);
  }

  private async runIfClaimed(schedule: ReportSchedule, now: Date): Promise<ScheduleRunResult | null> {
    const jurisdiction = await this.jurisdictionOf(schedule);
    let next: Date;
    try {
      next = nextRunAfter(schedule.cron, jurisdiction.timeZone, now);
    } catch (error) {
      await recordRunError(this.deps.db, schedule.jurisdictionId, schedule.id, String(error));
      throw error;
    }
    if (!(await claimScheduleRun(this.deps.db, schedule, next, now))) return null;
    return runSchedule(this.deps, schedule, jurisdiction, now, SCHEDULER);
  }

  private async jurisdictionOf(schedule: ReportSchedule) {
    const jurisdiction = await findJurisdiction(this.deps.db, schedule.jurisdictionId);
    if (!jurisdiction) throw new SosError('UNKNOWN_JURISDICTION');
    return jurisdiction;
  }

  private intervalMs(): number {
    return this.options.intervalMs ?? DEFAULT_REPORT_SCHEDULE_SECONDS * 1000;
  }
}
