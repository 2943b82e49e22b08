import type { Database } from '../../platform/database.js';
import { EventBus } from '../../platform/event-bus.js';

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

/** The live feed's one topic on the event bus. */
type LiveEvents = { 'overdoses.changed': OverdoseChange };

/** A change as it travels between processes: its ids only when they fit, its days when known. */
const changeWire = {
  encode: (change: OverdoseChange) => {
    const fits = change.overdoseIds.length <= MAX_NOTIFIED_IDS;
    return {
      jurisdictionId: change.jurisdictionId,
      overdoseIds: fits ? change.overdoseIds : [],
      truncated: !fits,
      days: change.days,
    };
  },
  decode: (message: unknown): OverdoseChange | null => {
    const m = (message ?? {}) as {
      jurisdictionId?: unknown;
      overdoseIds?: unknown;
      truncated?: unknown;
      days?: unknown;
    };
    if (typeof m.jurisdictionId !== 'string') return null;
    return {
      jurisdictionId: m.jurisdictionId,
      overdoseIds: Array.isArray(m.overdoseIds) ? (m.overdoseIds as string[]) : [],
      truncated: m.truncated === true,
      ...(Array.isArray(m.days) ? { days: m.days as DayRange[] } : {}),
    };
  },
};

/**
 * Committed changes to overdoses, for open dashboards and caches: intake announces them, each open
 * live stream hears those of its jurisdiction. A user of the platform's event bus, so changes also
 * travel to and from the other processes on the same PostgreSQL (more server instances,
 * `sos import`); a change lost on the way only delays a dashboard, which re-reads.
 */
export class LiveFeed {
  private readonly bus = new EventBus<LiveEvents>(CHANNEL, { 'overdoses.changed': changeWire });
  private readonly listeners = new Map<string, Set<ChangeListener>>();
  private readonly versions = new Map<string, number>();
  private readonly recent = new Map<string, { version: number; days: readonly DayRange[] | null }[]>();

  constructor() {
    this.bus.subscribe('overdoses.changed', (change, origin) => {
      // A change made here was counted when announced, so caches never miss it; others as they arrive.
      if (origin === 'elsewhere') this.count(change);
      for (const listener of this.listeners.get(change.jurisdictionId) ?? []) {
        try {
          listener(change);
        } catch {
          // A broken stream is closed by its own error handling; the others still hear the change.
        }
      }
    });
  }

  /** Joins the other processes of the database, when the engine has any (PostgreSQL). */
  connect(db: Database): Promise<void> {
    return this.bus.connect(db);
  }

  /** Leaves the other processes (before the database closes), once every message has gone out. */
  disconnect(): Promise<void> {
    return this.bus.disconnect();
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

  /** Tells this process's listeners and the other processes about a committed change. */
  announce(change: OverdoseChange): void {
    if (change.overdoseIds.length === 0) return;
    this.count(change);
    this.bus.publish('overdoses.changed', change);
  }

  /** How many streams are listening (for health and tests). */
  get listenerCount(): number {
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }

  private count(change: OverdoseChange): void {
    const version = this.versionOf(change.jurisdictionId) + 1;
    this.versions.set(change.jurisdictionId, version);
    let log = this.recent.get(change.jurisdictionId);
    if (!log) {
      log = [];
      this.recent.set(change.jurisdictionId, log);
    }
    log.push({ version, days: change.days ?? null });
    if (log.length > KEPT_CHANGES) log.shift();
  }
}
