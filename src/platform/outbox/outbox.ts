import type { Database } from '../database.js';
import { claimEvents, markFailed, markHandled, OUTBOX_CHANNEL, type OutboxEvent } from './outbox-store.js';

/** Handles one event's payload; must be idempotent, since an event may be handled more than once. */
export type OutboxHandler = (payload: unknown) => Promise<void>;

/** How long a claim holds an event by default before another server may take it (5 minutes). */
export const DEFAULT_OUTBOX_HOLD_MS = 5 * 60_000;

/** How long a round waits after its first wake-up for the events committed right after. */
const GATHER_MS = 20;

/** Events claimed at once; the rest are claimed as these are done. */
const CLAIMED_AT_ONCE = 50;
/** The first retry's wait; doubled at each failure up to LONGEST_RETRY_MS. */
const FIRST_RETRY_MS = 5_000;
const LONGEST_RETRY_MS = 60 * 60_000;

/** How long an event that failed its `attempts`-th handling waits before the next: 5 s, doubled each time, at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), LONGEST_RETRY_MS);
}

/**
 * Hands the events of the durable outbox (see outbox-store.ts) to their topics' handlers, at least
 * once: an event is marked handled only after its handler resolved, so one whose server died is
 * handled again by another. Woken by this process after it commits events and, on PostgreSQL, by
 * NOTIFY from the others; a periodic `drain` picks up what no wake-up announced (events of a dead
 * server, retries whose wait ended).
 */
export class Outbox {
  private readonly handlers = new Map<string, OutboxHandler>();
  private round: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private stopListening: (() => Promise<void>) | null = null;

  constructor(
    private readonly db: Database,
    private readonly options: { holdMs?: number; gatherMs?: number; onError?: (error: unknown) => void } = {},
  ) {}

  /** Names the handler of a topic (one per topic). */
  handle(topic: string, handler: OutboxHandler): void {
    if (this.handlers.has(topic)) throw new Error(`The outbox topic ${topic} already has a handler`);
    this.handlers.set(topic, handler);
  }

  /** Hears the other processes' wake-ups, when the engine has any (PostgreSQL). */
  async connect(): Promise<void> {
    if (!this.db.listen || this.stopListening) return;
    this.stopListening = await this.db.listen(OUTBOX_CHANNEL, () => this.wake());
  }

  /**
   * Handles the available events soon (once more after the round under way, if any). A round starts
   * a moment after its first wake-up, so the events committed meanwhile (a busy server commits many
   * a second, each with its own wake-up) are claimed together rather than one claim each.
   */
  wake(): void {
    if (this.stopped) return;
    this.again = true;
    if (this.round) return;
    this.round = (async () => {
      await new Promise((resolve) => setTimeout(resolve, this.options.gatherMs ?? GATHER_MS));
      while (this.again && !this.stopped) {
        this.again = false;
        await this.drain().catch((error) => this.options.onError?.(error));
      }
    })().finally(() => {
      this.round = null;
    });
  }

  /** Handles available events until none is left; returns how many were handled. */
  async drain(): Promise<number> {
    const topics = [...this.handlers.keys()];
    if (topics.length === 0) return 0;
    let handled = 0;
    while (!this.stopped) {
      const events = await claimEvents(
        this.db,
        topics,
        CLAIMED_AT_ONCE,
        this.options.holdMs ?? DEFAULT_OUTBOX_HOLD_MS,
      );
      if (events.length === 0) break;
      const outcomes = await Promise.all(events.map((event) => this.handleOne(event)));
      handled += outcomes.filter(Boolean).length;
    }
    return handled;
  }

  /** Settles when no round is under way. */
  async idle(): Promise<void> {
    while (this.round) await this.round;
  }

  /** Stops taking events and waits for the round under way; unhandled events stay for the next server. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.stopListening?.();
    this.stopListening = null;
    await this.idle();
  }

  private async handleOne(event: OutboxEvent): Promise<boolean> {
    const handler = this.handlers.get(event.topic) as OutboxHandler;
    try {
      await handler(event.payload);
    } catch (error) {
      this.options.onError?.(error);
      const reason = error instanceof Error ? error.message : String(error);
      await markFailed(this.db, event.id, reason, retryDelayMs(event.attempts));
      return false;
    }
    await markHandled(this.db, event.id);
    return true;
  }
}
