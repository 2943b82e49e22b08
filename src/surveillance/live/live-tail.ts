import type { Queryable } from '../../platform/database.js';
import type { LiveFeed } from './live-feed.js';
import { type LoggedChange, readChangesAfter } from './live-log.js';

/** Someone following a jurisdiction's live log. */
export type LoggedChangeListener = (change: LoggedChange) => void;

/** How often the log is read even when no change was heard (a NOTIFY lost with a killed server). */
const POLL_MS = 5_000;

interface Follow {
  listeners: Set<LoggedChangeListener>;
  /** The last position this server read from the log. */
  position: number;
  reading: boolean;
  again: boolean;
}

/**
 * One server's reader of the live log: for each jurisdiction someone streams, it reads the log's new
 * changes once (not once per stream) whenever the live feed hears of a change, here or on another
 * server, and every few seconds in case a wake-up was lost, and hands them to the streams in order.
 */
export class LiveTail {
  private readonly follows = new Map<string, Follow>();
  private readonly poll: NodeJS.Timeout;

  constructor(
    private readonly db: Queryable,
    private readonly feed: LiveFeed,
    pollMs = POLL_MS,
  ) {
    this.poll = setInterval(() => {
      for (const jurisdictionId of this.follows.keys()) this.wake(jurisdictionId);
    }, pollMs);
    this.poll.unref();
  }

  /**
   * Hands `listener` the jurisdiction's changes read from now on. `from` is the position the
   * listener has reached; a first follower starts the reading there.
   */
  subscribe(jurisdictionId: string, from: number, listener: LoggedChangeListener): () => void {
    let follow = this.follows.get(jurisdictionId);
    if (!follow) {
      const created: Follow = {
        listeners: new Set(),
        position: from,
        reading: false,
        again: false,
      };
      this.follows.set(jurisdictionId, created);
      follow = created;
    }
    const followed = follow;
    followed.listeners.add(listener);
    // Heard per stream, so the feed counts open streams; wake-ups while a read runs join it.
    const stopHearing = this.feed.subscribe(jurisdictionId, () => this.wake(jurisdictionId));
    return () => {
      stopHearing();
      followed.listeners.delete(listener);
      if (followed.listeners.size === 0 && this.follows.get(jurisdictionId) === followed) {
        this.follows.delete(jurisdictionId);
      }
    };
  }

  /** Stops polling (the server is closing). */
  close(): void {
    clearInterval(this.poll);
  }

  private wake(jurisdictionId: string): void {
    const follow = this.follows.get(jurisdictionId);
    if (!follow) return;
    if (follow.reading) {
      follow.again = true;
      return;
    }
    follow.reading = true;
    void this.read(jurisdictionId, follow).finally(() => {
      follow.reading = false;
    });
  }

  /** Reads until the log has nothing newer, handing each change to every listener in position order. */
  private async read(jurisdictionId: string, follow: Follow): Promise<void> {
    do {
      follow.again = false;
      let changes: LoggedChange[];
      try {
        changes = await readChangesAfter(this.db, jurisdictionId, follow.position);
      } catch {
        return; // The next wake-up or poll reads again.
      }
      for (const change of changes) {
        follow.position = change.position;
        for (const listener of follow.listeners) {
          try {
            listener(change);
          } catch {
            // A broken stream is closed by its own error handling; the others still hear the change.
          }
        }
      }
      if (changes.length > 0) follow.again = true;
    } while (follow.again && this.follows.get(jurisdictionId) === follow);
  }
}
