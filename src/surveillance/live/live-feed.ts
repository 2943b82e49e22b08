/** A change to a jurisdiction's overdoses: new ones, or ones whose facts changed. */
export interface OverdoseChange {
  jurisdictionId: string;
  overdoseIds: readonly string[];
}

/** Something listening for changes in one jurisdiction. */
export type ChangeListener = (change: OverdoseChange) => void;

/**
 * The in-process event bus between intake and open dashboards: intake announces committed changes,
 * each open live stream hears those of its jurisdiction. Listeners never block intake: they are
 * called on a later tick, and one that throws does not stop the others.
 */
export class LiveFeed {
  private readonly listeners = new Map<string, Set<ChangeListener>>();
  private readonly versions = new Map<string, number>();

  /** A number that changes whenever the jurisdiction's overdoses change in this process (for caches). */
  versionOf(jurisdictionId: string): number {
    return this.versions.get(jurisdictionId) ?? 0;
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

  /** Tells the listeners of the jurisdiction about a committed change. */
  announce(change: OverdoseChange): void {
    if (change.overdoseIds.length === 0) return;
    this.versions.set(change.jurisdictionId, this.versionOf(change.jurisdictionId) + 1);
    const set = this.listeners.get(change.jurisdictionId);
    if (!set) return;
    for (const listener of [...set]) {
      setImmediate(() => {
        try {
          listener(change);
        } catch {
          // A broken stream is closed by its own error handling; the others still hear the change.
        }
      });
    }
  }

  /** How many streams are listening (for health and tests). */
  get listenerCount(): number {
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }
}
