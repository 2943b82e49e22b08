import { z } from 'zod';
import { roles } from '../roles.js';
import type { ProgramName } from './program-membership.js';
import type { UserAccount } from './user-account-repository.js';
import { userStatus, userStatuses } from './user-status.js';

/** A user as the administration sees one: never a password hash or an invitation token. */
export const userAccountSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  display_name: z.string(),
  role: z.enum(roles),
  organization: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  programs: z.array(z.object({ id: z.uuid(), name: z.string() })),
  status: z.enum(userStatuses).describe('invited: the invitation is not taken up yet'),
  has_password: z.boolean(),
  invitation_expires_at: z
    .string()
    .nullable()
    .describe('When the open invitation link expires (null: none open)'),
  last_sign_in_at: z.string().nullable(),
  disabled_at: z.string().nullable(),
  created_at: z.string(),
});

/** A user as it leaves the server. */
export type PresentedUserAccount = z.infer<typeof userAccountSchema>;

/** The fields of a user that leave, with the programs the user works in. */
export function presentUserAccount(
  user: UserAccount,
  programs: readonly ProgramName[],
): PresentedUserAccount {
  return {
    id: user.id,
    email: user.email,
    display_name: user.displayName,
    role: user.role,
    organization:
      user.organizationId && user.organizationName
        ? { id: user.organizationId, name: user.organizationName }
        : null,
    programs: programs.map((p) => ({ id: p.id, name: p.name })),
    status: userStatus(user),
    has_password: user.hasPassword,
    invitation_expires_at: user.invitationExpiresAt?.toISOString() ?? null,
    last_sign_in_at: user.lastSignInAt?.toISOString() ?? null,
    disabled_at: user.disabledAt?.toISOString() ?? null,
    created_at: user.createdAt.toISOString(),
  };
}
