import type { DayRange } from '../live/live-feed.js';
import type { AggregateRow } from './aggregate-query.js';
import type { AggregateStatement } from './aggregate-sql.js';

/** What the cache learns of changes: a version per jurisdiction, and which days changed since one. */
export interface ChangeLog {
  versionOf(jurisdictionId: string): number;
  /** The days changed since `version`, or null when unknown (then every day may have). */
  changedDaysSince(jurisdictionId: string, version: number): readonly DayRange[] | null;
}

interface Entry {
  version: number;
  expires: number;
  rows: Promise<AggregateRow[]>;
}

/**
 * Recent aggregate answers, per jurisdiction and statement. Many open dashboards ask the same
 * questions; an answer is reused until a change in its jurisdiction touches one of the days it
 * counts (reports for today leave last month's answers alone) or until it is `ttlMs` old, which
 * bounds what a change nobody announced can leave stale. Requests that arrive while an answer is being
 * computed wait for that one instead of asking the database again.
 */
export class AggregateCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly changes: ChangeLog,
    private readonly ttlMs = 5_000,
    private readonly maxEntries = 1_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The rows of a statement for a jurisdiction, from the cache when still current. */
  rows(
    jurisdictionId: string,
    statement: AggregateStatement,
    compute: () => Promise<AggregateRow[]>,
  ): Promise<AggregateRow[]> {
    const key = `${jurisdictionId}\u0000${statement.text}\u0000${JSON.stringify(statement.params)}`;
    const version = this.changes.versionOf(jurisdictionId);
    const now = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.expires > now && this.unchanged(jurisdictionId, hit.version, statement.days)) {
      // Still right at the current version: later checks need only look at later changes.
      hit.version = version;
      return hit.rows;
    }
    const rows = compute();
    this.entries.delete(key);
    this.entries.set(key, { version, expires: now + this.ttlMs, rows });
    // A failed query is not remembered: the next request tries again.
    rows.catch(() => {
      if (this.entries.get(key)?.rows === rows) this.entries.delete(key);
    });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return rows;
  }

  /** Whether no change since `version` touched the days an answer counts. */
  private unchanged(jurisdictionId: string, version: number, days: DayRange): boolean {
    const changed = this.changes.changedDaysSince(jurisdictionId, version);
    return changed !== null && !changed.some((c) => c.first <= days.last && c.last >= days.first);
  }
}
