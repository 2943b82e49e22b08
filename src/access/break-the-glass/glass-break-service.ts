import type { Clock } from '../../platform/clock.js';
import type { Database, Queryable } from '../../platform/database.js';
import { SosError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { decideAccess } from '../access-decision.js';
import { appendAuditEntries } from '../audit/audit-repository.js';
import type { EmergencyUse } from '../authorize.js';
import type { Action } from '../policy.js';
import type { Resource } from '../resource.js';
import { type Actor, auditActor } from '../roles.js';
import { assertRecentlyAuthenticated } from '../sessions/reauthentication.js';
import type { GlassBreak } from './glass-break.js';
import { findOpenGlassBreak, insertGlassBreak } from './glass-break-repository.js';

/** The shortest reason accepted: a few words saying why, not a click-through. */
export const GLASS_REASON_MIN_LENGTH = 10;
const GLASS_REASON_MAX_LENGTH = 1000;

/**
 * Breaks the glass: when the policy answers break-the-glass for the actor, the action and the record,
 * opens emergency access to that record for the rule's time, with the reason written to the
 * jurisdiction's audit chain in the same transaction. Refused without a reason, when the policy
 * allows the action anyway or denies it outright, and (REAUTHENTICATION_REQUIRED) when the session's
 * user has not proved who they are in the last 10 minutes.
 */
export function breakTheGlass(
  deps: { db: Database; clock: Clock },
  actor: Actor,
  action: Action,
  resource: Resource & { id: string },
  reason: string,
): Promise<GlassBreak> {
  return deps.db.transaction((tx) => breakTheGlassIn(tx, deps.clock, actor, action, resource, reason));
}

/**
 * `breakTheGlass` inside the caller's transaction, for a break that must commit with what goes with it
 * (the notice to a privacy contact) or not at all.
 */
export async function breakTheGlassIn(
  tx: Queryable,
  clock: Clock,
  actor: Actor,
  action: Action,
  resource: Resource & { id: string },
  reason: string,
): Promise<GlassBreak> {
  const decision = decideAccess(actor, action, resource, 'emergency');
  if (decision.effect === 'deny') {
    throw decision.code === 'UNAUTHENTICATED'
      ? new SosError('UNAUTHENTICATED')
      : new SosError('FORBIDDEN', decision.reason);
  }
  if (decision.effect === 'allow' || actor.kind !== 'user') {
    throw new SosError('VALIDATION_FAILED', 'You may already do this: there is no glass to break', {
      field: 'action',
    });
  }
  // An emergency read of identifiable data asks for a recent proof of who is at the keyboard.
  assertRecentlyAuthenticated(actor, clock.now());
  const stated = reason.trim();
  if (stated.length < GLASS_REASON_MIN_LENGTH || stated.length > GLASS_REASON_MAX_LENGTH) {
    throw new SosError(
      'VALIDATION_FAILED',
      `Say why you break the glass (${GLASS_REASON_MIN_LENGTH} to ${GLASS_REASON_MAX_LENGTH} characters)`,
      { field: 'reason' },
    );
  }
  const now = clock.now();
  const glassBreak: GlassBreak = {
    id: newId(now.getTime()),
    jurisdictionId: resource.jurisdictionId,
    userId: actor.userId,
    action,
    resourceType: resource.type,
    resourceId: resource.id,
    reason: stated,
    openedAt: now,
    expiresAt: new Date(now.getTime() + decision.minutes * 60_000),
  };
  await insertGlassBreak(tx, glassBreak);
  await appendAuditEntries(tx, resource.jurisdictionId, now, [
    {
      ...auditActor(actor),
      action: 'access.break_the_glass',
      subjectType: resource.type,
      subjectId: resource.id,
      purpose: 'emergency',
      details: { action, reason: stated, expires_at: glassBreak.expiresAt.toISOString() },
    },
  ]);
  return glassBreak;
}

/** The emergency use to hand `authorize`: the actor's open glass break on the record, if any, and now. */
export async function emergencyUse(
  deps: { db: Queryable; clock: Clock },
  actor: Actor,
  action: Action,
  resource: Resource & { id: string },
): Promise<EmergencyUse> {
  const now = deps.clock.now();
  const glassBreak =
    actor.kind === 'user'
      ? await findOpenGlassBreak(
          deps.db,
          {
            jurisdictionId: resource.jurisdictionId,
            userId: actor.userId,
            action,
            resourceType: resource.type,
            resourceId: resource.id,
          },
          now,
        )
      : null;
  return { purpose: 'emergency', glassBreak, now };
}
