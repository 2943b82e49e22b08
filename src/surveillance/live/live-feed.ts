import { randomUUID } from 'node:crypto';
import type { Database } from '../../platform/database.js';

/**
 * A change to a jurisdiction's overdoses: new ones, or ones whose facts changed. `truncated` marks a
 * change heard from another process whose ids did not fit in its message (readers reload instead).
 */
export interface OverdoseChange {
  jurisdictionId: string;
  overdoseIds: readonly string[];
  truncated?: boolean;
  /**
   * The days whose counts changed (an overdose's old and new days; none when no count changed), so
   * cached answers about other days stay; absent when unknown, which changes every day.
   */
  days?: readonly DayRange[];
}

/** A range of local days, first and last included (ISO dates). */
export interface DayRange {
  first: string;
  last: string;
}

/** Something listening for changes in one jurisdiction. */
export type ChangeListener = (change: OverdoseChange) => void;

/** The NOTIFY channel that carries changes between processes sharing one PostgreSQL. */
const CHANNEL = 'sos_overdose_changes';
/** NOTIFY payloads must stay under 8,000 bytes: about 190 ids fit, more are sent as a count. */
const MAX_NOTIFIED_IDS = 150;
/** Changes remembered per jurisdiction for `changedDaysSince`; an older question gets "unknown". */
const KEPT_CHANGES = 500;

/**
 * The event bus between intake and open dashboards: intake announces committed changes, each open
 * live stream hears those of its jurisdiction. Listeners never block intake: they are called on a
 * later tick, and one that throws does not stop the others. On PostgreSQL, changes also travel to
 * and from the other processes on the same database (more server instances, `sos import`) through
 * LISTEN/NOTIFY.
 */
export class LiveFeed {
  private readonly listeners = new Map<string, Set<ChangeListener>>();
  private readonly everywhere = new Set<ChangeListener>();
  private readonly versions = new Map<string, number>();
  private readonly recent = new Map<string, { version: number; days: readonly DayRange[] | null }[]>();
  private readonly origin = randomUUID();
  private publish: ((payload: string) => void) | null = null;
  private stopListening: (() => Promise<void>) | null = null;
  private readonly sending = new Set<Promise<unknown>>();

  /** Joins the other processes of the database, when the engine has any (PostgreSQL). */
  async connect(db: Database): Promise<void> {
    if (!db.listen) return;
    this.stopListening = await db.listen(CHANNEL, (payload) => this.receive(payload));
    this.publish = (payload) => {
      const sent = db.query('select pg_notify($1, $2)', [CHANNEL, payload]).catch(() => {});
      this.sending.add(sent);
      sent.finally(() => this.sending.delete(sent));
    };
  }

  /** Leaves the other processes (before the database closes), once every message has gone out. */
  async disconnect(): Promise<void> {
    this.publish = null;
    await Promise.all(this.sending);
    await this.stopListening?.();
    this.stopListening = null;
  }

  /** A number that changes whenever the jurisdiction's overdoses change (for caches). */
  versionOf(jurisdictionId: string): number {
    return this.versions.get(jurisdictionId) ?? 0;
  }

  /**
   * The days changed in a jurisdiction since it was at `version`, or null when that is not known
   * (a change that did not say, or one too long ago to be remembered).
   */
  changedDaysSince(jurisdictionId: string, version: number): DayRange[] | null {
    if (version === this.versionOf(jurisdictionId)) return [];
    const log = this.recent.get(jurisdictionId) ?? [];
    if (log.length === 0 || (log[0] as { version: number }).version > version + 1) return null;
    const days: DayRange[] = [];
    for (const change of log) {
      if (change.version <= version) continue;
      if (change.days === null) return null;
      days.push(...change.days);
    }
    return days;
  }

  /** Starts listening to a jurisdiction; returns the function that stops it. */
  subscribe(jurisdictionId: string, listener: ChangeListener): () => void {
    let set = this.listeners.get(jurisdictionId);
    if (!set) {
      set = new Set();
      this.listeners.set(jurisdictionId, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(jurisdictionId);
    };
  }

  /**
   * Starts listening to every jurisdiction (alert evaluation); returns the function that stops it.
   * Changes heard from other processes come too.
   */
  subscribeAll(listener: ChangeListener): () => void {
    this.everywhere.add(listener);
    return () => {
      this.everywhere.delete(listener);
    };
  }

  /** Tells this process's listeners and the other processes about a committed change. */
  announce(change: OverdoseChange): void {
    if (change.overdoseIds.length === 0) return;
    this.dispatch(change);
    if (!this.publish) return;
    const fits = change.overdoseIds.length <= MAX_NOTIFIED_IDS;
    this.publish(
      JSON.stringify({
        origin: this.origin,
        jurisdictionId: change.jurisdictionId,
        overdoseIds: fits ? change.overdoseIds : [],
        truncated: !fits,
        days: change.days,
      }),
    );
  }

  /** How many streams are listening (for health and tests). */
  get listenerCount(): number {
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }

  private receive(payload: string): void {
    let message: {
      origin?: string;
      jurisdictionId?: string;
      overdoseIds?: string[];
      truncated?: boolean;
      days?: DayRange[];
    };
    try {
      message = JSON.parse(payload);
    } catch {
      return;
    }
    if (message.origin === this.origin || typeof message.jurisdictionId !== 'string') return;
    this.dispatch({
      jurisdictionId: message.jurisdictionId,
      overdoseIds: Array.isArray(message.overdoseIds) ? message.overdoseIds : [],
      truncated: message.truncated === true,
      ...(Array.isArray(message.days) ? { days: message.days } : {}),
    });
  }

  private dispatch(change: OverdoseChange): void {
    const version = this.versionOf(change.jurisdictionId) + 1;
    this.versions.set(change.jurisdictionId, version);
    let log = this.recent.get(change.jurisdictionId);
    if (!log) {
      log = [];
      this.recent.set(change.jurisdictionId, log);
    }
    log.push({ version, days: change.days ?? null });
    if (log.length > KEPT_CHANGES) log.shift();
    const set = this.listeners.get(change.jurisdictionId) ?? [];
    for (const listener of [...set, ...this.everywhere]) {
      setImmediate(() => {
        try {
          listener(change);
        } catch {
          // A broken stream is closed by its own error handling; the others still hear the change.
        }
      });
    }
  }
}
