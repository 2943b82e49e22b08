import type { Resource } from '../access/resource.js';
import type { Actor } from '../access/roles.js';
import type { Queryable } from '../platform/database.js';

/**
 * The actor as the outreach policy sees it: a user's programs are where her team membership says (an
 * active member row naming her), read fresh on each request so that leaving a team takes effect at once.
 */
export async function withPrograms(db: Queryable, actor: Actor): Promise<Actor> {
  if (actor.kind !== 'user') return actor;
  const rows = await db.query<{ program_id: string }>(
    `select distinct program_id from outreach_program_members
     where jurisdiction_id = $1 and user_id = $2 and active`,
    [actor.jurisdictionId, actor.userId],
  );
  return { ...actor, programIds: rows.map((r) => r.program_id) };
}

/** What the policy tests of an outreach case: its jurisdiction, program and assigned worker (T3). */
export function caseResource(outreachCase: {
  id: string;
  jurisdictionId: string;
  programId: string;
  assignedTo: string | null;
}): Resource {
  return {
    type: 'outreach_case',
    id: outreachCase.id,
    jurisdictionId: outreachCase.jurisdictionId,
    programId: outreachCase.programId,
    ...(outreachCase.assignedTo ? { assignedTo: outreachCase.assignedTo } : {}),
    tier: 'T3',
  };
}

/** What the policy tests of a program: its jurisdiction and id (its configuration is not T3). */
export function programResource(program: { id: string; jurisdictionId: string }): Resource {
  return {
    type: 'outreach_program',
    id: program.id,
    jurisdictionId: program.jurisdictionId,
    programId: program.id,
  };
}
