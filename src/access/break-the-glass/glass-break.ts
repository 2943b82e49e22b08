import type { Action } from '../policy.js';
import type { Resource } from '../resource.js';
import type { Actor } from '../roles.js';

/** A broken glass: one user's emergency access to one record for one action, with its reason, until it expires. */
export interface GlassBreak {
  id: string;
  jurisdictionId: string;
  userId: string;
  action: Action;
  resourceType: string;
  resourceId: string;
  reason: string;
  openedAt: Date;
  expiresAt: Date;
}

/** Whether a broken glass lets the actor do the action to the record now (its own record, not expired). */
export function glassBreakCovers(
  glassBreak: GlassBreak | null,
  actor: Actor,
  action: Action,
  resource: Resource,
  now: Date,
): boolean {
  return (
    glassBreak !== null &&
    actor.kind === 'user' &&
    glassBreak.userId === actor.userId &&
    glassBreak.jurisdictionId === resource.jurisdictionId &&
    glassBreak.action === action &&
    glassBreak.resourceType === resource.type &&
    glassBreak.resourceId === resource.id &&
    now.getTime() < glassBreak.expiresAt.getTime()
  );
}
