import { decideAccess } from '../access/access-decision.js';
import { authorize, type EmergencyUse } from '../access/authorize.js';
import { type Action, principalsOf, rulesFor } from '../access/policy.js';
import type { Purpose } from '../access/purpose.js';
import type { Actor } from '../access/roles.js';
import { SosError } from '../platform/errors.js';
import type { OutreachCase } from './case-repository.js';
import { caseResource } from './outreach-access.js';

/**
 * Which of a jurisdiction's cases one allow rule of the policy opens to the actor: those of her
 * programs, those assigned to her, or both at once; `all` when the rule asks nothing of the case.
 */
export type CaseScope = { programIds?: readonly string[]; assignedTo?: string };

/**
 * The policy's meaning of `outreach.read` for the actor, as filters the queue's SQL applies (a case
 * matching any one is readable): the rules' conditions turned into columns, so that the list never
 * fetches a case `authorize` would refuse. An empty list reads nothing. Pure.
 */
export function caseScopesOf(actor: Actor, purpose: Purpose): CaseScope[] {
  if (actor.kind !== 'user') return [];
  const scopes: CaseScope[] = [];
  for (const rule of rulesFor(principalsOf(actor), 'outreach.read')) {
    // As the decision does: an emergency read of a case one may read anyway is an ordinary read.
    const forPurpose = purpose === 'emergency' || (rule.purposes?.includes(purpose) ?? true);
    if (rule.effect !== 'allow' || !forPurpose) continue;
    const scope: CaseScope = {};
    let possible = true;
    for (const condition of rule.conditions) {
      if (condition === 'program_member') scope.programIds = actor.programIds ?? [];
      else if (condition === 'assigned_to_actor') scope.assignedTo = actor.userId;
      // A case belongs to no organization: a rule held to one opens none.
      else if (condition === 'own_organization') possible = false;
    }
    if (possible) scopes.push(scope);
  }
  return scopes;
}

/**
 * `authorize` of an action on a case, with the 404 of the contract: a case the actor may not read
 * answers NOT_FOUND, so its existence does not leak; one she reads but may not do this to, FORBIDDEN.
 * A break-the-glass refusal stands (only a coordinator of the jurisdiction asking an emergency read gets it).
 */
export function authorizeOnCase(
  actor: Actor,
  action: Action,
  outreachCase: OutreachCase,
  use: Purpose | EmergencyUse = 'treatment',
): void {
  const resource = caseResource(outreachCase);
  try {
    authorize(actor, action, resource, use);
  } catch (error) {
    if (!(error instanceof SosError) || error.code !== 'FORBIDDEN') throw error;
    const purpose = typeof use === 'object' ? use.purpose : use;
    const readable = decideAccess(actor, 'outreach.read', resource, purpose).effect === 'allow';
    if (readable && action !== 'outreach.read') throw error;
    throw caseNotFound();
  }
}

/** NOT_FOUND for a case that does not exist or that the actor may not read: the same answer for both. */
export function caseNotFound(): SosError {
  return new SosError('NOT_FOUND', 'No outreach case by that id');
}
