import type { FastifyInstance } from 'fastify';
import { type Action, actorMay } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import { noRoute } from '../platform/http/no-route.js';

/** Every action of the outreach module; an actor the policy grants none of has no outreach at all. */
export const outreachActions: readonly Action[] = [
  'outreach.read',
  'outreach.write',
  'outreach.assign',
  'outreach.override_cap',
  'outreach.read_metrics',
  'outreach_program.manage',
];

/** Whether the policy grants the actor any outreach action (on some record). */
export function reachesOutreach(actor: Actor): boolean {
  return outreachActions.some((action) => actorMay(actor, action));
}

/**
 * Hides the outreach routes from signed-in users the policy grants no outreach action (public safety,
 * harm reduction partners, submitters): they answer 404 with the very message of a route that does not exist, so that not
 * even the existence of a survivor's case can be learned from a status code. Registered in the scope
 * of the outreach routes, after the actor is known and before the request is validated.
 */
export function hideOutreachFromOthers(scope: FastifyInstance): void {
  scope.addHook('onRequest', async (request) => {
    const actor = request.actor;
    if (actor.kind === 'public' || reachesOutreach(actor)) return;
    throw noRoute(request);
  });
}

/**
 * Hides the receiving side of referrals and their FHIR reads from signed-in actors who neither receive
 * referrals nor reach outreach (public safety, harm reduction partners, submitters, API keys without
 * the referrals scope): 404 as for a route that does not exist, before the request is validated, so a
 * body refused would not tell the route is there. Registered in the scope of those routes.
 */
export function hideReferralsFromOthers(scope: FastifyInstance): void {
  scope.addHook('onRequest', async (request) => {
    const actor = request.actor;
    if (actor.kind === 'public' || actorMay(actor, 'referral.receive') || reachesOutreach(actor)) return;
    throw noRoute(request);
  });
}
