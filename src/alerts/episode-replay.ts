import type { EpisodeState, EpisodeStep } from './threshold-decision.js';

/** One alert episode a backtest replayed: from the window that crossed to the last one that did. */
export interface ReplayedEpisode {
  /** The end of the window that opened it (the alert's window end). */
  start: number;
  /** The end of the last window with the signal. */
  end: number;
  /** The count that opened it, and the threshold that applied then. */
  count: number;
  threshold: number;
  /** The highest count while it was open. */
  peak: number;
}

/**
 * Episodes folded from a backtest's evaluations in time order, pure: each step of the shared decision
 * is applied as the live path stores it (an alert row opened, continued, ended), so a replay and the
 * live path keep the same episode state.
 */
export class EpisodeReplay {
  /** The episodes so far, oldest first. */
  readonly episodes: ReplayedEpisode[] = [];
  private endedAt: number | null = null;

  /** The latest episode as the decisions read it, or null before the first. */
  get state(): EpisodeState | null {
    const latest = this.episodes.at(-1);
    return latest ? { lastSignalAt: latest.end, endedAt: this.endedAt } : null;
  }

  /** Applies one evaluation at `at` with its window's count and the threshold that applied. */
  apply(step: EpisodeStep, at: number, count: number, threshold: number | null): void {
    const latest = this.episodes.at(-1);
    if (step === 'open') {
      this.episodes.push({ start: at, end: at, count, threshold: threshold ?? 0, peak: count });
      this.endedAt = null;
    } else if (step === 'continue' && latest) {
      latest.end = at;
      latest.peak = Math.max(latest.peak, count);
      this.endedAt = null;
    } else if (step === 'end') {
      this.endedAt = at;
    }
  }
}
