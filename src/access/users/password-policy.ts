import { dictionary } from '@zxcvbn-ts/language-common';
import { SosError } from '../../platform/errors.js';

/** The fewest characters a password may have. */
export const MINIMUM_PASSWORD_LENGTH = 12;
// Fewer different characters than this is a repetition whatever its order (aaaaaaaaaaab, 1122112211).
const MINIMUM_DISTINCT_CHARACTERS = 5;
// Email name parts shorter than this are too common inside ordinary words to refuse them.
const MINIMUM_NAME_PART = 4;

/** Why a password is refused. */
export type PasswordWeakness = 'too_short' | 'common' | 'repeated' | 'sequence' | 'contains_email';

// zxcvbn-ts's list of the passwords most often found in breaches, all lower case, ranked by frequency.
const commonPasswords: ReadonlySet<string> = new Set(dictionary['passwords-common']);

/** Case- and width-insensitive form of a password or email, so "PASSWORD" and "ｐａｓｓｗｏｒｄ" match "password". */
function normalized(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** Whether the password, or its letters without digits and symbols around them ("Dragon2024!"), is a common one. */
function isCommon(password: string): boolean {
  const core = password.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  return [password, password.replace(/\s+/g, ''), core].some(
    (candidate) => candidate.length > 0 && commonPasswords.has(candidate),
  );
}

/** Whether the password is one short pattern said again and again, or uses only a few characters. */
function isRepeated(password: string): boolean {
  return /^(.+?)\1+$/su.test(password) || new Set(password).size < MINIMUM_DISTINCT_CHARACTERS;
}

/** Whether every character follows the one before it up or down by one (abcdefghijkl, 987654321...). */
function isSequence(password: string): boolean {
  const codes = [...password].map((c) => c.codePointAt(0) as number);
  const step = (codes[1] ?? 0) - (codes[0] ?? 0);
  return (
    Math.abs(step) === 1 && codes.every((code, i) => i === 0 || code - (codes[i - 1] as number) === step)
  );
}

/** The part of the email's name (before @), or of its dotted pieces, that the password contains. */
function emailNameIn(password: string, email: string): string | undefined {
  const name = normalized(email.trim()).split('@')[0] ?? '';
  return [name, ...name.split(/[._+-]+/)].find(
    (part) => [...part].length >= MINIMUM_NAME_PART && password.includes(part),
  );
}

/** The first rule the password breaks and a sentence saying why, or null when it passes them all. */
export function passwordWeakness(
  password: string,
  email: string,
): { reason: PasswordWeakness; message: string } | null {
  const length = [...password].length;
  if (length < MINIMUM_PASSWORD_LENGTH) {
    return {
      reason: 'too_short',
      message: `it has ${length} characters and needs at least ${MINIMUM_PASSWORD_LENGTH}`,
    };
  }
  const text = normalized(password);
  if (isCommon(text)) {
    return {
      reason: 'common',
      message: 'it is a commonly used password, or one with digits or symbols added around it',
    };
  }
  if (isRepeated(text)) {
    return {
      reason: 'repeated',
      message: `it repeats a short pattern or uses fewer than ${MINIMUM_DISTINCT_CHARACTERS} different characters`,
    };
  }
  if (isSequence(text)) {
    return { reason: 'sequence', message: 'it is a run of consecutive characters such as abcdef or 654321' };
  }
  const name = emailNameIn(text, email);
  if (name !== undefined) {
    return { reason: 'contains_email', message: `it contains "${name}" from the email address` };
  }
  return null;
}

/**
 * Refuses a password that breaks a rule with PASSWORD_TOO_WEAK; `source` names where it came from
 * (an environment variable, a form field) so that the person who set it knows what to change.
 */
export function assertStrongPassword(password: string, email: string, source = 'The password'): void {
  const weakness = passwordWeakness(password, email);
  if (weakness) {
    throw new SosError('PASSWORD_TOO_WEAK', `${source} is too weak: ${weakness.message}`, {
      reason: weakness.reason,
    });
  }
}
