import type { AggregateRow } from './aggregate-query.js';
import type { AggregateStatement } from './aggregate-sql.js';

interface Entry {
  version: number;
  expires: number;
  rows: Promise<AggregateRow[]>;
}

/**
 * Recent aggregate answers, per jurisdiction and statement. Many open dashboards ask the same
 * questions; an answer is reused until the jurisdiction's data changes (intake in this process bumps
 * its version) or, for changes made by another process, until it is `ttlMs` old. Requests that
 * arrive while an answer is being computed wait for that one instead of asking the database again.
 */
export class AggregateCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly versionOf: (jurisdictionId: string) => number,
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
    const version = this.versionOf(jurisdictionId);
    const now = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.version === version && hit.expires > now) return hit.rows;
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
}
