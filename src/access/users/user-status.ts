/** Where a user's account stands: invited (no password set from the link yet), active, or disabled. */
export type UserStatus = 'invited' | 'active' | 'disabled';

/** The statuses, for filters and schemas. */
export const userStatuses = ['invited', 'active', 'disabled'] as const satisfies readonly UserStatus[];

/**
 * A user's status: disabled wins; a user without a password who was sent an invitation has not taken it
 * up yet; everyone else can sign in (with a password, or through single sign-on without one).
 */
export function userStatus(user: {
  disabledAt: Date | null;
  hasPassword: boolean;
  invited: boolean;
}): UserStatus {
  if (user.disabledAt !== null) return 'disabled';
  if (!user.hasPassword && user.invited) return 'invited';
  return 'active';
}

/**
 * Whether taking this user out of the active administrators (disabling or demoting them) leaves the
 * jurisdiction with none, so that nobody could manage its users from the web page any more.
 */
export function leavesNoAdministrator(activeAdministratorIds: readonly string[], userId: string): boolean {
  return activeAdministratorIds.includes(userId) && activeAdministratorIds.every((id) => id === userId);
}
