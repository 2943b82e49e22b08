import { recordAuditEntries } from '../access/audit/audit-log.js';
import { auditActor } from '../access/roles.js';
import type { Database } from '../platform/database.js';
import { demoActor } from './demo-program.js';

/** How many of the most recent open cases the demo hands to its worker, so her queue is not empty. */
export const DEMO_ASSIGNED_CASES = 3;

/**
 * Assigns the program's most recent open, unassigned cases to a worker (the cases the outbox has
 * opened by now), each with its audit entry, and returns their ids, most recent first.
 *
 * Until the case service (issue 14, package queue) is on main, the assignment is written here; at
 * merge it gives way to that service's assign (test/architecture/known-violations.ts lists this SQL).
 */
export async function assignRecentCases(
  db: Database,
  now: Date,
  target: { jurisdictionId: string; programId: string; userId: string; count: number },
): Promise<string[]> {
  return db.transaction(async (tx) => {
    const rows = await tx.query<{ id: string; clockStartedAt: Date }>(
      `update outreach_cases set assigned_to = $3, assigned_at = $4
       where jurisdiction_id = $1 and id in (
         select id from outreach_cases
         where jurisdiction_id = $1 and program_id = $2 and status = 'open' and assigned_to is null
         order by clock_started_at desc, id limit $5)
       returning id, clock_started_at as "clockStartedAt"`,
      [target.jurisdictionId, target.programId, target.userId, now, target.count],
    );
    const ids = rows
      .sort((a, b) => b.clockStartedAt.getTime() - a.clockStartedAt.getTime() || a.id.localeCompare(b.id))
      .map((r) => r.id);
    if (ids.length === 0) return ids;
    await recordAuditEntries(
      tx,
      target.jurisdictionId,
      now,
      ids.map((id) => ({
        ...auditActor(demoActor),
        action: 'outreach_case.assign',
        subjectType: 'outreach_case',
        subjectId: id,
        purpose: 'treatment',
        details: { assigned_to: target.userId },
      })),
    );
    return ids;
  });
}
