import type { Actor } from '../access/roles.js';
import type { CaseSummary } from '../outreach/case-presenter.js';
import { assignCase, listCases } from '../outreach/case-service.js';
import type { OutreachDependencies } from '../outreach/outreach-dependencies.js';

/** How many of the most recent open cases the demo hands to its worker, so her queue is not empty. */
export const DEMO_ASSIGNED_CASES = 3;

/**
 * The demo's coordinator gives the program's most recent open, unassigned cases (those the outbox has
 * opened by now) to the worker, through the case services (each read and assignment audited), and
 * returns their ids, most recent first.
 */
export async function assignRecentCases(
  deps: OutreachDependencies,
  coordinator: Actor,
  target: { programId: string; workerId: string; count: number },
): Promise<string[]> {
  const unassigned: CaseSummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await listCases(deps, coordinator, {
      program_id: target.programId,
      status: 'open',
      assigned: 'unassigned',
      limit: 200,
      cursor,
      purpose: 'operations',
    });
    unassigned.push(...page.cases);
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  const recent = unassigned
    .sort((a, b) => b.clock_started_at.localeCompare(a.clock_started_at) || a.id.localeCompare(b.id))
    .slice(0, target.count);
  for (const c of recent) await assignCase(deps, coordinator, c.id, target.workerId);
  return recent.map((c) => c.id);
}
