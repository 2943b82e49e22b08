import type { FastifyInstance } from 'fastify';
import { actorMay } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import { noRoute } from '../platform/http/no-route.js';

/** Whether the policy lets the actor manage or read some fatality review (the annual summary aside). */
export function reachesReviews(actor: Actor): boolean {
  return actorMay(actor, 'fatality_review.manage') || actorMay(actor, 'fatality_review.read');
}

/**
 * Hides the review routes from signed-in actors the policy grants neither managing nor reading a review
 * (public safety, harm reduction partners, submitters, administrators, API keys): 404 with the message of
 * a route that does not exist, as outreach does, so that not even a review's existence can be learned
 * from a status code. Registered in the scope of the review routes, before the request is validated.
 */
export function hideReviewsFromOthers(scope: FastifyInstance): void {
  scope.addHook('onRequest', async (request) => {
    const actor = request.actor;
    if (actor.kind === 'public' || reachesReviews(actor)) return;
    throw noRoute(request);
  });
}
