import { randomBytes } from 'node:crypto';
import { argon2id, argon2Verify } from 'hash-wasm';
import { passwordWeakness } from './password-policy.js';

// OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): slow for an attacker, ~tens of ms for us.
const PARAMETERS = { parallelism: 1, iterations: 2, memorySize: 19_456, hashLength: 32 } as const;

/** Hashes a password with argon2id into the standard encoded form ($argon2id$v=19$...). */
export function hashPassword(password: string): Promise<string> {
  return argon2id({ ...PARAMETERS, password, salt: randomBytes(16), outputType: 'encoded' });
}

/** Checks a password against an encoded argon2id hash. */
export function verifyPassword(password: string, encoded: string): Promise<boolean> {
  return argon2Verify({ password, hash: encoded });
}

/**
 * A random password for generated accounts: 24 characters of base64url, drawn again in the rare case
 * that it breaks a password rule for one of the emails it is for (it could contain "harm" by chance).
 */
export function generatePassword(emails: readonly string[] = []): string {
  for (;;) {
    const password = randomBytes(18).toString('base64url');
    if ([...emails, ''].every((email) => passwordWeakness(password, email) === null)) return password;
  }
}
