import { setMaxListeners } from 'node:events';
import type { Clock } from '../clock.js';
import type { Queryable } from '../database.js';
import { claimDueTime, releaseDueTime } from './job-claims.js';
import { dueTimeAt, type JobSchedule, nextDueTime } from './job-schedule.js';

/** A named piece of work the runner does at its schedule's due times. */
export interface Job {
  /** Unique among the runner's jobs, and the same on every server (it names the job's claim row). */
  name: string;
  schedule: JobSchedule;
  /** The work; told the time it starts. A failure is retried as `retry` says, then waits for the next due time. */
  run(now: Date): Promise<unknown>;
  /** Tries in all for one due time (1 by default) and the wait before the second (doubled each time after). */
  retry?: { attempts: number; firstDelayMs: number };
}

/** Waits `ms` milliseconds, or less when `signal` aborts (injectable so tests move time themselves). */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

/** Node's timers cap a wait at about 24.8 days; a longer one is slept in pieces. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/** How long a claimed run holds its job by default before another server may presume its server dead. */
export const DEFAULT_HOLD_MS = 30 * 60_000;

/** The real timer, which never keeps the process alive by itself. */
export const timerSleep: Sleep = (ms, signal) =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    timer.unref();
    signal.addEventListener('abort', done, { once: true });
  });

/**
 * Runs named jobs at their due times (an interval or a cron), each at most once per due time across
 * every server sharing the database: a run first claims its due time on the job's row (see
 * job-claims.ts), and a job is never run twice at once, here or elsewhere. A started runner wakes
 * for each job's next due time; a due time that passed while a run was under way is dropped (as a
 * busy timer skips a tick). Failures are retried with a doubling backoff, then wait for the next due
 * time; one job's failure never stops the others.
 */
export class JobRunner {
  private readonly jobs = new Map<string, Job>();
  private readonly lastDue = new Map<string, number>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly loops = new Set<Promise<void>>();
  private readonly stopping = new AbortController();
  private started = false;

  constructor(
    private readonly db: Queryable,
    private readonly clock: Clock,
    private readonly options: {
      sleep?: Sleep;
      /** How long a run holds its job (DEFAULT_HOLD_MS): longer than any run should take. */
      holdMs?: number;
      onError?: (job: string, error: unknown) => void;
    } = {},
  ) {}

  /** Adds a job; started at once when the runner already is. */
  register(job: Job): void {
    if (this.jobs.has(job.name)) throw new Error(`A job named ${job.name} is already registered`);
    this.jobs.set(job.name, job);
    // Each job's loop waits on the stop signal, one listener per job: more jobs than Node's default
    // of 10 is no leak, while a second listener per job would still be reported as one.
    setMaxListeners(Math.max(10, this.jobs.size), this.stopping.signal);
    if (this.started) this.loop(job);
  }

  /** Runs every job whose due time has come (and not yet run), then each at its next due times. */
  start(): void {
    if (this.started || this.stopping.signal.aborted) return;
    this.started = true;
    for (const job of this.jobs.values()) this.loop(job);
  }

  /** Stops waking jobs and cuts retry waits short; settles once the runs under way have ended. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await Promise.all(this.loops);
    await Promise.all(this.running.values());
  }

  /**
   * Settles when no job is running and, for a started runner, none is due at the clock's now (those
   * are run first): tests move a fake clock, then wait for what became due.
   */
  async idle(): Promise<void> {
    for (;;) {
      if (this.started && !this.stopping.signal.aborted) {
        for (const job of this.jobs.values()) this.runIfDue(job, this.clock.now());
      }
      if (this.running.size === 0) return;
      await Promise.all(this.running.values());
    }
  }

  private loop(job: Job): void {
    const signal = this.stopping.signal;
    const sleep = this.options.sleep ?? timerSleep;
    const loop = (async () => {
      while (!signal.aborted) {
        await this.runIfDue(job, this.clock.now());
        const now = this.clock.now();
        const next = nextDueTime(job.schedule, now);
        if (!next) return;
        await sleep(Math.min(next.getTime() - now.getTime(), LONGEST_TIMER_MS), signal);
      }
    })();
    this.loops.add(loop);
    loop.finally(() => this.loops.delete(loop));
  }

  /** Runs the job for its due time at `now` unless that due time was taken; never rejects. */
  private runIfDue(job: Job, now: Date): Promise<void> {
    const under = this.running.get(job.name);
    if (under) return under;
    const due = dueTimeAt(job.schedule, now);
    if (!due || due.getTime() <= (this.lastDue.get(job.name) ?? Number.NEGATIVE_INFINITY)) {
      return Promise.resolve();
    }
    this.lastDue.set(job.name, due.getTime());
    const run = this.runDueTime(job, due, now).finally(() => this.running.delete(job.name));
    this.running.set(job.name, run);
    return run;
  }

  private async runDueTime(job: Job, due: Date, now: Date): Promise<void> {
    const onError = (error: unknown) => this.options.onError?.(job.name, error);
    const holdUntil = new Date(now.getTime() + (this.options.holdMs ?? DEFAULT_HOLD_MS));
    try {
      if (!(await claimDueTime(this.db, job.name, due, now, holdUntil))) return;
    } catch (error) {
      onError(error);
      return;
    }
    const attempts = Math.max(1, job.retry?.attempts ?? 1);
    const sleep = this.options.sleep ?? timerSleep;
    let failure: unknown = null;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        await job.run(this.clock.now());
        failure = null;
        break;
      } catch (error) {
        failure = error;
        onError(error);
        if (attempt === attempts || this.stopping.signal.aborted) break;
        await sleep((job.retry?.firstDelayMs ?? 0) * 2 ** (attempt - 1), this.stopping.signal);
        if (this.stopping.signal.aborted) break;
      }
    }
    const lastError = failure === null ? null : String(failure instanceof Error ? failure.message : failure);
    await releaseDueTime(this.db, job.name, due, this.clock.now(), lastError).catch(onError);
  }
}
