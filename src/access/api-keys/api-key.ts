import { SosError } from '../../platform/errors.js';

/** API keys start with this, so they are recognisable in logs and secret scanners. */
export const API_KEY_PREFIX = 'sos_';
/** The overlap of a rotation when the administrator names none: a day for senders to switch. */
export const DEFAULT_OVERLAP_HOURS = 24;
/** The longest overlap of a rotation: 30 days. */
export const MAX_OVERLAP_HOURS = 30 * 24;
/** How stale a key's last use may be: it is written at most once per this many milliseconds. */
export const LAST_USE_RESOLUTION_MS = 60_000;

/** An API key as stored, without its hash. */
export interface ApiKeyRecord {
  jurisdictionId: string;
  id: string;
  organizationId: string;
  name: string;
  scopes: string[];
  createdAt: Date;
  createdBy: string | null;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  replacedBy: string | null;
  revokedAt: Date | null;
}

/** Where a key stands: in use, in a rotation's overlap, ended by a revocation, or past its expiry. */
export const apiKeyStatuses = ['active', 'expiring', 'revoked', 'expired'] as const;
/** One status of a key. */
export type ApiKeyStatus = (typeof apiKeyStatuses)[number];

/** A key's status at a time (a revocation wins over an expiry). Pure. */
export function apiKeyStatus(key: Pick<ApiKeyRecord, 'revokedAt' | 'expiresAt'>, now: Date): ApiKeyStatus {
  if (key.revokedAt) return 'revoked';
  if (key.expiresAt === null) return 'active';
  return key.expiresAt.getTime() > now.getTime() ? 'expiring' : 'expired';
}

/**
 * When a rotated key stops working: `overlapHours` (whole hours, 0 to 30 days) after now; 0 ends it at
 * once. Throws VALIDATION_FAILED on `overlap_hours` otherwise. Pure.
 */
export function overlapEnd(now: Date, overlapHours: number): Date {
  if (!Number.isInteger(overlapHours) || overlapHours < 0 || overlapHours > MAX_OVERLAP_HOURS) {
    throw new SosError(
      'VALIDATION_FAILED',
      `The overlap is a whole number of hours from 0 to ${MAX_OVERLAP_HOURS} (30 days), not ${overlapHours}`,
      { field: 'overlap_hours' },
    );
  }
  return new Date(now.getTime() + overlapHours * 3_600_000);
}

/**
 * Whether a use of the key at `now` should be written down: never written, or written at least a minute
 * ago. So a busy key costs one update a minute, not one per request. Pure.
 */
export function lastUseDue(lastUsedAt: Date | null, now: Date): boolean {
  return lastUsedAt === null || now.getTime() - lastUsedAt.getTime() >= LAST_USE_RESOLUTION_MS;
}
