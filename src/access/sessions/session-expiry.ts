import type { Queryable } from '../../platform/database.js';
import type { Role } from '../roles.js';
import { lifetimeFor } from './session-lifetime.js';
import { readLifetimes } from './session-repository.js';

/**
 * When a session opened now for a user of this role ends at the latest: the role's absolute lifetime
 * in the jurisdiction. Every way of opening a session (password, single sign-on) stores it as
 * `expires_at`.
 */
export async function sessionExpiresAt(
  db: Queryable,
  jurisdictionId: string,
  role: Role,
  now: Date,
): Promise<Date> {
  const lifetime = lifetimeFor(role, await readLifetimes(db, jurisdictionId));
  return new Date(now.getTime() + lifetime.absoluteMinutes * 60_000);
}
