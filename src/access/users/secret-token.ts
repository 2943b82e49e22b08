import { createHash, randomBytes } from 'node:crypto';

/** A new random secret (session token or API key body), 256 bits in base64url. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored for a secret: its SHA-256. The secret itself is shown once and never kept. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
