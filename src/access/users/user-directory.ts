import type { Queryable } from '../../platform/database.js';
import type { Role } from '../roles.js';
import {
  findActiveAnalystEmails,
  findActiveUserEmails,
  findActiveUserRoles,
  findActiveUsersWithRoles,
  findUserNames,
} from './user-repository.js';

// What other modules ask of users. No actor is checked here: each caller is a service that has
// already checked its own reader's permission.

/**
 * Which of these emails belong to active (not disabled) analysts of the jurisdiction, normalized:
 * who may receive the jurisdiction's internal (analyst-tier) reports by name.
 */
export async function activeAnalystEmails(
  db: Queryable,
  jurisdictionId: string,
  emails: readonly string[],
): Promise<Set<string>> {
  return findActiveAnalystEmails(db, jurisdictionId, emails);
}

/** The name shown for each of these users of the jurisdiction (display name, else email), by user id. */
export async function userNames(
  db: Queryable,
  jurisdictionId: string,
  userIds: readonly string[],
): Promise<Map<string, string>> {
  return findUserNames(db, jurisdictionId, userIds);
}

/** The role of each of these users of the jurisdiction that is active (not disabled), by user id. */
export async function activeUserRoles(
  db: Queryable,
  jurisdictionId: string,
  userIds: readonly string[],
): Promise<Map<string, Role>> {
  return findActiveUserRoles(db, jurisdictionId, userIds);
}

/**
 * The email of each of these users who is active (not disabled) and has one of the roles, by user id: who
 * may be mailed as, say, a program's coordinator (a disabled account or a changed role hears nothing).
 */
export async function activeUserEmails(
  db: Queryable,
  jurisdictionId: string,
  userIds: readonly string[],
  roles: readonly Role[],
): Promise<Map<string, string>> {
  return findActiveUserEmails(db, jurisdictionId, userIds, roles);
}

/** The active users of the jurisdiction who have one of the roles (id, shown name, role), by name. */
export async function activeUsersWithRoles(
  db: Queryable,
  jurisdictionId: string,
  roles: readonly Role[],
): Promise<{ id: string; name: string; role: Role }[]> {
  return findActiveUsersWithRoles(db, jurisdictionId, roles);
}
