import { roleTier } from '../policy.js';
import type { Role } from '../roles.js';

/**
 * The groups of roles whose sessions live alike: `t3` the roles that read identifiable data, `t2` the
 * analysts and the administrators (who hand out T2 and T3 access), `other` everyone else.
 */
export const lifetimeGroups = ['t3', 't2', 'other'] as const;
/** One group of roles with its own session lifetimes. */
export type LifetimeGroup = (typeof lifetimeGroups)[number];

/** How long a session lives: ended after `idleMinutes` unused, and `absoluteMinutes` after sign-in whatever happens. */
export interface SessionLifetime {
  idleMinutes: number;
  absoluteMinutes: number;
}

/** A jurisdiction's lifetimes per group (each null: the group's default). */
export type LifetimeOverrides = Record<
  LifetimeGroup,
  { idleMinutes: number | null; absoluteMinutes: number | null }
>;

/**
 * The defaults. CJIS Security Policy 5.5.5 locks a session after at most 30 minutes unused: T2 roles
 * and administrators get that; identifiable (T3) data gets half of it and a working day (8 hours);
 * the others, who see only aggregates or submit, an hour idle. Absolute lifetimes stop a stolen
 * cookie from living on however busy it is kept.
 */
export const defaultLifetimes: Readonly<Record<LifetimeGroup, SessionLifetime>> = {
  t3: { idleMinutes: 15, absoluteMinutes: 8 * 60 },
  t2: { idleMinutes: 30, absoluteMinutes: 12 * 60 },
  other: { idleMinutes: 60, absoluteMinutes: 12 * 60 },
};

/** The bounds a jurisdiction may set: at least 5 minutes idle, at most 7 days of absolute lifetime. */
export const lifetimeBounds = { minMinutes: 5, maxMinutes: 7 * 24 * 60 } as const;

/** The group a role's sessions belong to. */
export function lifetimeGroupOf(role: Role): LifetimeGroup {
  if (roleTier[role] === 'T3') return 't3';
  if (roleTier[role] === 'T2' || role === 'administrator') return 't2';
  return 'other';
}

/** The lifetime of a role's sessions in a jurisdiction: its overrides, else the defaults. Pure. */
export function lifetimeFor(role: Role, overrides: LifetimeOverrides | null): SessionLifetime {
  const group = lifetimeGroupOf(role);
  const set = overrides?.[group];
  return {
    idleMinutes: set?.idleMinutes ?? defaultLifetimes[group].idleMinutes,
    absoluteMinutes: set?.absoluteMinutes ?? defaultLifetimes[group].absoluteMinutes,
  };
}

/** Why a session is no longer alive, or `alive`. */
export type SessionState = 'alive' | 'revoked' | 'expired' | 'idle';

/**
 * Whether a session is alive at `now` under a lifetime. Pure. The lifetime is read at every request,
 * so shortening it ends the sessions already older than the new limit; `expiresAt` (set at sign-in)
 * still caps a session whose lifetime was lengthened since.
 */
export function sessionState(
  session: { createdAt: Date; lastUsedAt: Date; expiresAt: Date; revokedAt: Date | null },
  lifetime: SessionLifetime,
  now: Date,
): SessionState {
  if (session.revokedAt !== null && session.revokedAt <= now) return 'revoked';
  const t = now.getTime();
  if (t >= session.expiresAt.getTime()) return 'expired';
  if (t >= session.createdAt.getTime() + lifetime.absoluteMinutes * 60_000) return 'expired';
  if (t >= session.lastUsedAt.getTime() + lifetime.idleMinutes * 60_000) return 'idle';
  return 'alive';
}

/** How stale `last_used_at` may be before a request writes it again: one write a minute, not one per request. */
export const LAST_USED_PRECISION_MS = 60_000;

/** Whether a request at `now` should record the session's use. Pure. */
export function lastUseDue(lastUsedAt: Date, now: Date): boolean {
  return now.getTime() - lastUsedAt.getTime() >= LAST_USED_PRECISION_MS;
}
