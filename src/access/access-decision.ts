import {
  type Action,
  actionTier,
  actorTier,
  awaitsSecondFactor,
  type Condition,
  type PolicyRule,
  principalsOf,
  rulesFor,
} from './policy.js';
import type { Purpose } from './purpose.js';
import type { Resource } from './resource.js';
import { type Actor, organizationBoundRoles, type Tier } from './roles.js';

/**
 * What the policy answers: allow (by which rule); deny, with the catalog code and a reason saying
 * what failed; or break the glass: allowed only with a stated reason, for `minutes`, audited.
 */
export type AccessDecision =
  | { effect: 'allow'; rule: PolicyRule }
  | { effect: 'deny'; code: 'FORBIDDEN' | 'UNAUTHENTICATED' | 'MFA_REQUIRED'; reason: string }
  | { effect: 'break_the_glass'; rule: PolicyRule; minutes: number };

const tierRank: Record<Tier, number> = { T0: 0, T1: 1, T2: 2, T3: 3 };

/** Whether the record meets a condition for the actor (a missing record field never meets one). */
function meets(condition: Condition, actor: Actor, resource: Resource): boolean {
  if (actor.kind !== 'user' && actor.kind !== 'api_key') return false;
  const sameJurisdiction = actor.jurisdictionId === resource.jurisdictionId;
  switch (condition) {
    case 'same_jurisdiction':
      return sameJurisdiction;
    case 'own_organization':
      if (!sameJurisdiction || resource.organizationId === undefined) return false;
      return actor.kind === 'api_key'
        ? actor.organizationId === resource.organizationId
        : actor.organizationId === null
          ? !organizationBoundRoles.includes(actor.role)
          : actor.organizationId === resource.organizationId;
    case 'assigned_to_actor':
      return (
        actor.kind === 'user' && resource.assignedTo !== undefined && resource.assignedTo === actor.userId
      );
    case 'program_member':
      return (
        actor.kind === 'user' &&
        resource.programId !== undefined &&
        (actor.programIds ?? []).includes(resource.programId)
      );
    case 'review_member':
      return (
        actor.kind === 'user' &&
        resource.reviewMembers !== undefined &&
        resource.reviewMembers.includes(actor.userId)
      );
  }
}

/** What a failed condition tells the user. */
function refusal(condition: Condition, resource: Resource): string {
  switch (condition) {
    case 'same_jurisdiction':
      return `This ${resource.type} belongs to another jurisdiction`;
    case 'own_organization':
      return 'You may not act for this organization';
    case 'assigned_to_actor':
      return `This ${resource.type} is not assigned to you`;
    case 'program_member':
      return `This ${resource.type} belongs to a program you do not work in`;
    case 'review_member':
      return `You are not a member of this ${resource.type} with a signed confidentiality agreement`;
  }
}

/** The first thing that keeps a rule from applying, or null when it applies. */
function unmet(rule: PolicyRule, actor: Actor, resource?: Resource, purpose?: Purpose): string | null {
  // An emergency read of a record one may read anyway is an ordinary read; only a break-the-glass
  // rule reaches further, and only for an emergency.
  const forPurpose =
    purpose === undefined ||
    (rule.effect === 'allow' && purpose === 'emergency') ||
    (rule.purposes?.includes(purpose) ?? rule.effect === 'allow');
  if (!forPurpose) return `Not for the purpose "${purpose}"`;
  // Without a record, the question is whether the actor may do this to some record (role level).
  if (resource === undefined) return null;
  const failed = rule.conditions.find((condition) => !meets(condition, actor, resource));
  return failed === undefined ? null : refusal(failed, resource);
}

/**
 * The policy's answer for an actor doing an action to a record (or, without one, to some record) for a
 * purpose. Pure. A record above the actor's tier is refused whatever the rules, so a rule added by
 * mistake still cannot hand T3 data to a T1 role.
 */
export function decideAccess(
  actor: Actor,
  action: Action,
  resource?: Resource,
  purpose?: Purpose,
): AccessDecision {
  const rules = rulesFor(principalsOf(actor), action);
  const code = actor.kind === 'public' ? 'UNAUTHENTICATED' : 'FORBIDDEN';
  if (rules.length === 0) return { effect: 'deny', code, reason: `Your role may not do this (${action})` };
  if (awaitsSecondFactor(actor, action)) {
    return {
      effect: 'deny',
      code: 'MFA_REQUIRED',
      reason: `Your jurisdiction requires a second factor before ${actionTier[action]} data: set one up under Account`,
    };
  }
  if (resource?.tier !== undefined && tierRank[resource.tier] > tierRank[actorTier(actor)]) {
    return {
      effect: 'deny',
      code,
      reason: `This ${resource.type} is ${resource.tier} data, above your role's tier`,
    };
  }
  let reason: string | null = null;
  for (const rule of rules.filter((r) => r.effect === 'allow')) {
    const failed = unmet(rule, actor, resource, purpose);
    if (failed === null) return { effect: 'allow', rule };
    reason ??= failed;
  }
  for (const rule of rules.filter((r) => r.effect === 'break_the_glass')) {
    if (unmet(rule, actor, resource, purpose ?? 'emergency') === null) {
      return { effect: 'break_the_glass', rule, minutes: rule.glassMinutes ?? 60 };
    }
  }
  return { effect: 'deny', code, reason: reason ?? `Your role may not do this (${action})` };
}
