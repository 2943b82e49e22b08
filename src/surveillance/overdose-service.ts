import { z } from 'zod';
import { auditRead } from '../access/audit/read-audit.js';
import { authorizeUser } from '../access/authorize.js';
import type { Actor } from '../access/roles.js';
import { overdoseSources } from '../linkage/overdose-source-service.js';
import type { Clock } from '../platform/clock.js';
import type { Database } from '../platform/database.js';
import { SosError } from '../platform/errors.js';
import { decodePageCursor, encodePageCursor } from '../platform/page-cursor.js';
import { type AggregateRequest, resolveAggregateQuery } from './aggregates/aggregate-service.js';
import { lineLevelOverdoseSchema, presentOverdose } from './overdose-presenter.js';
import { findOverdose, listOverdoses } from './overdose-query.js';
import { type PresentedOverdoseRecord, presentOverdoseRecord } from './overdose-record-presenter.js';

/** A page of line-level overdoses and the cursor of the next page (null on the last page). */
export const overdosePageSchema = z.object({
  overdoses: z.array(lineLevelOverdoseSchema),
  next: z.string().nullable().describe('The cursor of the next page; null on the last page'),
});

/** A page of line-level overdoses as it leaves the server. */
export type OverdosePage = z.infer<typeof overdosePageSchema>;

/**
 * Line-level overdoses of the actor's jurisdiction for analysts (T2), newest first, paginated. Each
 * page read is audited with its filters and the number of overdoses it held.
 */
export async function readOverdosePage(
  deps: { db: Database; clock: Clock },
  actor: Actor,
  query: Omit<AggregateRequest, 'period' | 'by'> & { limit: number; cursor: string | null },
): Promise<OverdosePage> {
  authorizeUser(actor, 'overdose.read_line_level');
  const { db } = deps;
  let before: { occurredAt: string; id: string } | null = null;
  if (query.cursor) {
    const position = decodePageCursor(query.cursor);
    before = { occurredAt: position.at.toISOString(), id: position.id };
  }
  const { limit, cursor: _cursor, ...filters } = query;
  const resolved = await resolveAggregateQuery(db, actor.jurisdictionId, {
    ...filters,
    from: filters.from ?? '1990-01-01',
    to: filters.to ?? '2999-12-31',
    period: 'all',
    by: 'none',
  });
  const rows = await listOverdoses(db, resolved, { before, limit: limit + 1 });
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
    details: { ...filters, page_after: before !== null, records: page.length },
  });
  return { overdoses: page.map((row) => presentOverdose(row)), next };
}

/**
 * One overdose of the actor's jurisdiction for the analyst's record view (T2): its line-level fields
 * and its sources with how each was linked. Audited like the line-level list; NOT_FOUND when the
 * jurisdiction has no overdose by that id (merged away since, or another jurisdiction's).
 */
export async function readOverdoseRecord(
  deps: { db: Database; clock: Clock },
  actor: Actor,
  overdoseId: string,
): Promise<PresentedOverdoseRecord> {
  authorizeUser(actor, 'overdose.read_line_level');
  const row = await findOverdose(deps.db, actor.jurisdictionId, overdoseId);
  if (!row) throw new SosError('NOT_FOUND', 'No overdose by that id (it may have been merged into another)');
  const sources = await overdoseSources(deps.db, actor.jurisdictionId, overdoseId);
  await auditRead(deps, actor, {
    action: 'overdoses.read',
    subjectType: 'overdose',
    purpose: 'surveillance',
    details: { overdose_id: overdoseId, records: 1, sources: sources.length },
  });
  return presentOverdoseRecord(row, sources);
}
