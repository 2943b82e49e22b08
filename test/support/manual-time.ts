import type { Clock } from '../../src/platform/clock.js';
import type { Sleep } from '../../src/platform/jobs/job-runner.js';

/**
 * A clock and a timer that move only when a test says: `sleep` waits until `advance` has moved the
 * clock past its end (or its signal aborts), so a job runner can be driven through hours at once.
 */
export class ManualTime implements Clock {
  private current: number;
  private sleepers: { until: number; wake: () => void }[] = [];
  private waitingFor: { ms: number; heard: () => void }[] = [];
  /** Every wait asked for, in milliseconds, in order. */
  readonly requested: number[] = [];

  constructor(start: Date) {
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  /** The runner's timer. */
  readonly sleep: Sleep = (ms, signal) =>
    new Promise((resolve) => {
      this.requested.push(ms);
      for (const w of this.waitingFor.filter((w) => w.ms === ms)) w.heard();
      this.waitingFor = this.waitingFor.filter((w) => w.ms !== ms);
      if (signal.aborted) return resolve();
      const sleeper = { until: this.current + ms, wake: () => resolve() };
      this.sleepers.push(sleeper);
      signal.addEventListener('abort', () => resolve(), { once: true });
    });

  /** Moves the clock on by `ms` and wakes the waits that have ended. */
  advance(ms: number): void {
    this.current += ms;
    const woken = this.sleepers.filter((s) => s.until <= this.current);
    this.sleepers = this.sleepers.filter((s) => s.until > this.current);
    for (const s of woken) s.wake();
  }

  /** Settles when (or once) a wait of exactly `ms` is asked for. */
  askedToWait(ms: number): Promise<void> {
    if (this.requested.includes(ms)) return Promise.resolve();
    return new Promise((heard) => this.waitingFor.push({ ms, heard }));
  }
}
