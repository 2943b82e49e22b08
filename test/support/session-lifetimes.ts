import { lifetimeBounds } from '../../src/access/sessions/session-lifetime.js';
import type { Queryable } from '../../src/platform/database.js';

/**
 * Sets every session lifetime of a jurisdiction to the longest a jurisdiction may set (7 days), for
 * tests that move the clock through hours to test something else than sessions (those are tested in
 * src/access/sessions).
 */
export async function keepSessionsAlive(db: Queryable, jurisdictionId: string): Promise<void> {
  const minutes = lifetimeBounds.maxMinutes;
  await db.query(
    `update jurisdictions set session_idle_minutes_t3 = $2, session_absolute_minutes_t3 = $2,
       session_idle_minutes_t2 = $2, session_absolute_minutes_t2 = $2,
       session_idle_minutes_other = $2, session_absolute_minutes_other = $2
     where id = $1`,
    [jurisdictionId, minutes],
  );
}
