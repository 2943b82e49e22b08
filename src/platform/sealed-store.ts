import type { Queryable } from './database.js';
import type { Keyring } from './keyring.js';

/**
 * A kind of row that holds values sealed with the keyring (persons, alert webhook secrets), as a key
 * rotation sees it: how many rows each key sealed, and re-sealing a batch of the rows not yet sealed
 * with the current key. Each module that seals implements it; the composition root lists them all.
 */
export interface SealedStore {
  /** What the rows are, for progress and the security page ("persons"). */
  readonly name: string;
  /** Rows per key id. */
  countByKey(db: Queryable): Promise<Record<string, number>>;
  /**
   * Re-seals at most `limit` rows not sealed with the current key, inside the caller's transaction
   * (rows locked, each jurisdiction's change audited); returns how many. 0: none is left.
   */
  resealBatch(tx: Queryable, keyring: Keyring, now: Date, limit: number): Promise<number>;
}
