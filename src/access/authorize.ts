import { SosError } from '../platform/errors.js';
import { type AccessDecision, decideAccess } from './access-decision.js';
import { type GlassBreak, glassBreakCovers } from './break-the-glass/glass-break.js';
import type { Action } from './policy.js';
import type { Purpose } from './purpose.js';
import type { Resource } from './resource.js';
import type { Actor } from './roles.js';

/** An emergency read: the purpose, the actor's open glass break for the record (if any), and now. */
export interface EmergencyUse {
  purpose: 'emergency';
  glassBreak: GlassBreak | null;
  now: Date;
}

/**
 * Asks the policy whether the actor may do the action to the record (or, without a record, to some
 * record) for a purpose, and throws the catalog error unless it may: FORBIDDEN with the reason
 * (UNAUTHENTICATED for the public), BREAK_THE_GLASS_REQUIRED when only a broken glass would allow it
 * and none covers the record. The first line of every service method.
 */
export function authorize(
  actor: Actor,
  action: Action,
  resource?: Resource,
  use?: Purpose | EmergencyUse,
): AccessDecision {
  const purpose = typeof use === 'object' ? use.purpose : use;
  const decision = decideAccess(actor, action, resource, purpose);
  if (decision.effect === 'allow') return decision;
  if (decision.effect === 'deny') {
    // The public is asked to sign in, with the catalog's message, as before.
    if (decision.code === 'UNAUTHENTICATED') throw new SosError('UNAUTHENTICATED');
    if (decision.code === 'MFA_REQUIRED') throw new SosError('MFA_REQUIRED', decision.reason);
    throw new SosError('FORBIDDEN', decision.reason);
  }
  if (
    typeof use === 'object' &&
    resource &&
    glassBreakCovers(use.glassBreak, actor, action, resource, use.now)
  ) {
    return decision;
  }
  throw new SosError(
    'BREAK_THE_GLASS_REQUIRED',
    `Only an emergency read may open this ${resource?.type ?? 'record'}: state your reason to break the glass (it lasts ${decision.minutes} minutes and is audited)`,
  );
}

/** A signed-in user: the actor of every request made in one's own jurisdiction. */
export type SignedInUser = Extract<Actor, { kind: 'user' }>;

/**
 * `authorize` for the actions done in the actor's own jurisdiction, which only a signed-in user has:
 * the host's command line names a jurisdiction through other commands, and an API key only submits.
 * Throws FORBIDDEN with `refusal` for any other actor the policy lets through.
 */
export function authorizeUser(
  actor: Actor,
  action: Action,
  refusal = `Only signed-in users may do this (${action})`,
): asserts actor is SignedInUser {
  authorize(actor, action);
  if (actor.kind !== 'user') throw new SosError('FORBIDDEN', refusal);
}
