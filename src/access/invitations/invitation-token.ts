import { createHash, randomBytes } from 'node:crypto';

/** A new invitation token: 32 random bytes in base64url (43 characters), sent once in the link. */
export function newInvitationToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored of a token: its SHA-256 in hex, so a copy of the database opens no invitation. */
export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The shape of a token, checked before any lookup. */
export const INVITATION_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** An invitation as the rules see it. */
export interface InvitationState {
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
  /** The invited user was disabled since. */
  userDisabled: boolean;
}

/** Whether an invitation may still be taken up at `now`: not used, not replaced, not expired, its user not disabled. */
export function invitationUsable(invitation: InvitationState, now: Date): boolean {
  return (
    invitation.usedAt === null &&
    invitation.revokedAt === null &&
    !invitation.userDisabled &&
    now.getTime() < invitation.expiresAt.getTime()
  );
}

/** The link an invitation is mailed as: the token in the fragment, which browsers never send, so no server log holds it. */
export function invitationLink(siteUrl: string, token: string): string {
  return `${siteUrl.replace(/\/+$/, '')}/welcome#token=${token}`;
}
