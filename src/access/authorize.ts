import { SosError } from '../platform/errors.js';
import { type Action, actorMay } from './policy.js';
import type { Actor } from './roles.js';

/** Throws FORBIDDEN (or UNAUTHENTICATED for the public) unless the actor may perform the action. */
export function authorize(actor: Actor, action: Action): void {
  if (actorMay(actor, action)) return;
  if (actor.kind === 'public') throw new SosError('UNAUTHENTICATED');
  throw new SosError('FORBIDDEN', `Your role may not do this (${action})`);
}

/**
 * Throws FORBIDDEN unless the actor may act for the organization: the system may act for any; an API
 * key only for its own; a user for their own, or any in their jurisdiction when not tied to one.
 */
export function authorizeOrganization(actor: Actor, jurisdictionId: string, organizationId: string): void {
  if (actor.kind === 'system') return;
  if (
    actor.kind === 'api_key' &&
    actor.jurisdictionId === jurisdictionId &&
    actor.organizationId === organizationId
  )
    return;
  if (
    actor.kind === 'user' &&
    actor.jurisdictionId === jurisdictionId &&
    (actor.organizationId === null || actor.organizationId === organizationId)
  )
    return;
  throw new SosError('FORBIDDEN', 'You may not act for this organization');
}
