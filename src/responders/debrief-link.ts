import { createHash, randomBytes } from 'node:crypto';

/** How long a supervisor's link may be answered, counted from the prompt. */
export const DEBRIEF_LINK_DAYS = 14;

/** A new one-time link token: 32 random bytes, base64url (43 characters). */
export function newDebriefToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored of a token: its SHA-256 in hex, so a copy of the database opens no link. */
export function hashDebriefToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The shape of a token, checked before any lookup. */
export const DEBRIEF_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Whether a link prompted at `promptSentAt` has expired at `now`. */
export function debriefLinkExpired(promptSentAt: Date, now: Date): boolean {
  return now.getTime() > promptSentAt.getTime() + DEBRIEF_LINK_DAYS * 86_400_000;
}
