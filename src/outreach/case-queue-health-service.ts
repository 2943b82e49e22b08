import { authorize } from '../access/authorize.js';
import type { Actor } from '../access/roles.js';
import { type QueueHealth, queueHealthOf, RECENT_VISIT_DAYS } from './case-queue-health.js';
import { openCasesOfProgram, visitTeamsSince } from './case-queue-repository.js';
import { findProgram } from './case-repository.js';
import { programResource } from './outreach-access.js';
import type { OutreachDependencies } from './outreach-dependencies.js';
import { mayViewProgram, outreachReader, programNotFound } from './program-access.js';
import { findMembers } from './program-repository.js';

const DAY_MS = 86_400_000;

/**
 * A program's queue health, for those who assign its cases (its coordinators): counts of open,
 * unassigned, overdue and soon-due cases, per worker, and the team composition of recent visits.
 */
export async function readQueueHealth(
  deps: Pick<OutreachDependencies, 'db' | 'clock'>,
  actor: Actor,
  programId: string,
): Promise<QueueHealth> {
  const reader = await outreachReader(deps.db, actor);
  const program = await findProgram(deps.db, reader.jurisdictionId, programId);
  if (!program || !mayViewProgram(reader, program)) throw programNotFound();
  authorize(reader, 'outreach.assign', programResource(program), 'operations');
  const now = deps.clock.now();
  const openCases = await openCasesOfProgram(deps.db, reader.jurisdictionId, programId);
  const members = await findMembers(deps.db, reader.jurisdictionId, [programId]);
  const recentVisits = await visitTeamsSince(
    deps.db,
    reader.jurisdictionId,
    programId,
    new Date(now.getTime() - RECENT_VISIT_DAYS * DAY_MS),
  );
  return queueHealthOf(
    {
      windowHours: program.responseWindowHours,
      openCases,
      workers: members.flatMap((m) =>
        m.active && m.userId ? [{ userId: m.userId, displayName: m.displayName }] : [],
      ),
      recentVisits,
    },
    now,
  );
}
