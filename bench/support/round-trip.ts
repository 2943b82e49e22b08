/** The floor under every request: how long the smallest statement takes to go to the database and back. */
import { performance } from 'node:perf_hooks';
import type { Database } from '../../src/platform/database.js';

/** Mean microseconds of `select $1::int`, one at a time, after a short warm-up. */
export async function meanRoundTripMicros(db: Database, count = 2000): Promise<number> {
  for (let i = 0; i < 200; i++) await db.query('select $1::int as n', [i]);
  const started = performance.now();
  for (let i = 0; i < count; i++) await db.query('select $1::int as n', [i]);
  return ((performance.now() - started) * 1000) / count;
}
