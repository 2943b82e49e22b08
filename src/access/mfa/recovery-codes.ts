import { createHash, randomBytes } from 'node:crypto';

/** How many recovery codes a user gets at a time. */
export const RECOVERY_CODE_COUNT = 10;
// Letters and digits that cannot be mistaken for each other when copied from paper.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** New recovery codes: 16 characters (about 79 bits) each, in groups of four to copy by hand. */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const chars = [...randomBytes(16)].map((b) => ALPHABET[b % ALPHABET.length]).join('');
    return chars.match(/.{4}/g)?.join('-') ?? chars;
  });
}

/**
 * What is stored for a user's recovery code: SHA-256 of the user id and the code as typed, with case,
 * spaces and dashes ignored. The user id makes one table of guesses useless for every other user; the
 * code's length makes guessing one user's codes from a stolen hash impractical.
 */
export function recoveryCodeHash(userId: string, code: string): string {
  const normalized = code.toLowerCase().replace(/[\s-]/g, '');
  return createHash('sha256').update(`${userId}:${normalized}`).digest('hex');
}
