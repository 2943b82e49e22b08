import { decideAccess } from '../access/access-decision.js';
import type { Actor } from '../access/roles.js';
import type { Queryable } from '../platform/database.js';
import { SosError } from '../platform/errors.js';
import { programResource, withPrograms } from './outreach-access.js';
import { reachesOutreach } from './outreach-guard.js';

/**
 * Who sees a program's configuration and team (not its cases): whoever may manage it (administrators,
 * its coordinators), whoever reads its metrics (analysts), and its own team (a worker is a member).
 * The actor must have been read through `withPrograms`.
 */
export function mayViewProgram(actor: Actor, program: { id: string; jurisdictionId: string }): boolean {
  if (actor.kind !== 'user' || actor.jurisdictionId !== program.jurisdictionId) return false;
  const resource = programResource(program);
  return (
    decideAccess(actor, 'outreach_program.manage', resource).effect === 'allow' ||
    decideAccess(actor, 'outreach.read_metrics', resource).effect === 'allow' ||
    (actor.programIds ?? []).includes(program.id)
  );
}

/** Refuses actors who are not signed-in users with some outreach action (the routes' guard, restated). */
export function assertOutreachUser(actor: Actor): asserts actor is Extract<Actor, { kind: 'user' }> {
  if (actor.kind === 'public') throw new SosError('UNAUTHENTICATED');
  if (actor.kind !== 'user' || !reachesOutreach(actor))
    throw new SosError('FORBIDDEN', 'Outreach is for signed-in users of its roles');
}

/** NOT_FOUND for a program the actor may not see, so that its existence does not leak. */
export function programNotFound(): SosError {
  return new SosError('NOT_FOUND', 'No outreach program by that id');
}

/** A signed-in user with some outreach action, read with her programs (`withPrograms`): every outreach service's reader. */
export async function outreachReader(db: Queryable, actor: Actor): Promise<Extract<Actor, { kind: 'user' }>> {
  assertOutreachUser(actor);
  return { ...actor, programIds: ((await withPrograms(db, actor)) as typeof actor).programIds ?? [] };
}
