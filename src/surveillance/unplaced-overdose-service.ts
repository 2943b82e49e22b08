import { z } from 'zod';
import { auditRead } from '../access/audit/read-audit.js';
import { authorizeUser } from '../access/authorize.js';
import type { Actor } from '../access/roles.js';
import type { Clock } from '../platform/clock.js';
import type { Database } from '../platform/database.js';
import { decodePageCursor, encodePageCursor } from '../platform/page-cursor.js';
import { presentOverdose } from './overdose-presenter.js';
import { countUnplacedOverdoses, listUnplacedOverdoses } from './overdose-query.js';
import { overdosePageSchema } from './overdose-service.js';

/** A page of unplaced overdoses: the line-level page's shape, with how many there are in all. */
export const unplacedOverdosePageSchema = overdosePageSchema
  .extend({ total: z.number().int().describe('How many overdoses of the jurisdiction are unplaced') })
  .describe(
    'Overdoses no point was found for (location_precision none), newest first; next is the cursor of the next page',
  );

/** A page of unplaced overdoses as it leaves the server. */
export type UnplacedOverdosePage = z.infer<typeof unplacedOverdosePageSchema>;

/**
 * The overdoses of the actor's jurisdiction that geocoding could not place, for analysts (T2) to
 * review: newest first, paginated, each page read audited like the line-level list. Kept and counted
 * everywhere else; only maps and areas miss them.
 */
export async function readUnplacedOverdosePage(
  deps: { db: Database; clock: Clock },
  actor: Actor,
  query: { limit: number; cursor: string | null },
): Promise<UnplacedOverdosePage> {
  authorizeUser(actor, 'overdose.read_line_level');
  let before: { occurredAt: string; id: string } | null = null;
  if (query.cursor) {
    const position = decodePageCursor(query.cursor);
    before = { occurredAt: position.at.toISOString(), id: position.id };
  }
  const [rows, total] = await Promise.all([
    listUnplacedOverdoses(deps.db, actor.jurisdictionId, { before, limit: query.limit + 1 }),
    countUnplacedOverdoses(deps.db, actor.jurisdictionId),
  ]);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const next =
    rows.length > query.limit && last
      ? encodePageCursor({ at: new Date(last.occurred_at), id: last.id })
      : null;
  await auditRead(deps, actor, {
    action: 'overdoses.read',
    subjectType: 'overdose',
    purpose: 'surveillance',
    details: { unplaced: true, page_after: before !== null, records: page.length },
  });
  return { overdoses: page.map((row) => presentOverdose(row)), next, total };
}
