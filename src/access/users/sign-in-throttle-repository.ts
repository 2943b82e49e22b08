import type { Queryable } from '../../platform/database.js';
import type { FailureCount } from './sign-in-throttle-rule.js';

/** The failure count stored under a key, or null when there is none. */
export async function readFailureCount(db: Queryable, key: string): Promise<FailureCount | null> {
  const [row] = await db.query<FailureCount>(
    'select failures, last_failure_at as "lastFailureAt" from sign_in_throttles where key = $1',
    [key],
  );
  return row ?? null;
}

/**
 * Stores `next` under the key only if it still holds `previous` (compare-and-set), so that two
 * attempts at once are both counted; false when another attempt changed it first.
 */
export async function replaceFailureCount(
  db: Queryable,
  key: string,
  previous: FailureCount | null,
  next: FailureCount,
): Promise<boolean> {
  const rows = previous
    ? await db.query(
        `update sign_in_throttles set failures = $2, last_failure_at = $3
         where key = $1 and failures = $4 and last_failure_at = $5 returning key`,
        [key, next.failures, next.lastFailureAt, previous.failures, previous.lastFailureAt],
      )
    : await db.query(
        `insert into sign_in_throttles (key, failures, last_failure_at) values ($1, $2, $3)
         on conflict (key) do nothing returning key`,
        [key, next.failures, next.lastFailureAt],
      );
  return rows.length === 1;
}

/** Takes one failure back from a key (an attempt counted in advance that succeeded). */
export async function forgiveFailure(db: Queryable, key: string): Promise<void> {
  await db.query('update sign_in_throttles set failures = greatest(failures - 1, 0) where key = $1', [key]);
}

/** Forgets every failure of the keys. */
export async function clearFailureCounts(db: Queryable, keys: readonly string[]): Promise<void> {
  await db.query('delete from sign_in_throttles where key = any($1::text[])', [keys]);
}

/** Deletes the counts whose last failure is before `before`: the rules have forgotten them. */
export async function deleteFailureCountsBefore(db: Queryable, before: Date): Promise<void> {
  await db.query('delete from sign_in_throttles where last_failure_at < $1', [before]);
}
