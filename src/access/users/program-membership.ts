import type { Queryable } from '../../platform/database.js';
import type { Role } from '../roles.js';

/** An outreach program as the users administration names one. */
export interface ProgramName {
  id: string;
  name: string;
}

/**
 * The outreach programs' team membership, as the users administration needs it. Outreach owns the
 * programs and their members (and imports access), so the composition root hands this in rather than
 * access importing outreach. No actor is checked: the caller has checked `user.manage`.
 */
export interface ProgramMembership {
  /** The jurisdiction's programs, by name. */
  programs(db: Queryable, jurisdictionId: string): Promise<ProgramName[]>;
  /** The programs each of these users is an active member of, by user id (users of none are absent). */
  programsOfUsers(
    db: Queryable,
    jurisdictionId: string,
    userIds: readonly string[],
  ): Promise<Map<string, ProgramName[]>>;
  /**
   * Makes the user an active member of exactly these programs (joining the new ones, leaving the
   * others), in the caller's transaction; VALIDATION_FAILED on `program_ids` for a program that is not
   * the jurisdiction's, or programs for a role that works in none. Answers the programs joined and left.
   */
  setUserPrograms(
    tx: Queryable,
    jurisdictionId: string,
    user: { id: string; displayName: string; role: Role; agency: string },
    programIds: readonly string[],
    now: Date,
  ): Promise<{ joined: string[]; left: string[] }>;
}

/** The roles that work in outreach programs (the policy's program_member condition is theirs). */
export const programRoles: readonly Role[] = [
  'outreach_coordinator',
  'outreach_worker',
  'outreach_oversight',
];
