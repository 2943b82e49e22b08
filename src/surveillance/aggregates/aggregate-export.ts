import { recordAuditEntries } from '../../access/audit/audit-log.js';
import { authorizeUser } from '../../access/authorize.js';
import { type Actor, auditActor } from '../../access/roles.js';
import type { Clock } from '../../platform/clock.js';
import { csvLine, spreadsheetSafe } from '../../platform/csv/csv-escape.js';
import type { Database } from '../../platform/database.js';
import { type AggregateRequest, readAggregates } from './aggregate-service.js';
import { isUnreliableRate } from './rate-reliability.js';

/**
 * The counts behind a dashboard view as CSV, with area names, populations and rates per 100,000 when
 * counted by area (flagged unreliable under 20 overdoses, as the reports flag them). Every export is written to the audit trail with the query that made it.
 */
export async function exportAggregatesCsv(
  deps: { db: Database; clock: Clock },
  actor: Actor,
  request: AggregateRequest,
): Promise<{ fileName: string; csv: string }> {
  authorizeUser(actor, 'aggregate.read_partner');
  const view = await readAggregates(deps.db, actor, request);
  const areas = new Map((view.areas ?? []).map((a) => [a.id, a]));
  const byArea = view.by === 'area';
  let csv = csvLine([
    'period_start',
    byArea ? 'area_id' : view.by,
    ...(byArea ? ['area_name', 'population', 'rate_per_100k', 'rate_unreliable'] : []),
    'count',
  ]);
  for (const row of view.rows) {
    const area = byArea && row.key !== null ? areas.get(row.key) : undefined;
    const population = area?.population ?? null;
    const rate = population ? ((row.count / population) * 100_000).toFixed(1) : null;
    csv += csvLine([
      row.period,
      spreadsheetSafe(row.key),
      ...(byArea
        ? [
            spreadsheetSafe(area?.name ?? null),
            population,
            rate,
            rate === null ? null : isUnreliableRate(row.count) ? 'yes' : 'no',
          ]
        : []),
      row.count,
    ]);
  }
  await deps.db.transaction((tx) =>
    recordAuditEntries(tx, actor.jurisdictionId, deps.clock.now(), [
      {
        ...auditActor(actor),
        action: 'aggregates.export',
        subjectType: 'aggregate',
        subjectId: null,
        purpose: 'surveillance',
        details: { ...request, rows: view.rows.length },
      },
    ]),
  );
  // An area view's file names its area (reduced to characters safe in a header and a file name).
  const area = view.area === null ? '' : `-${view.area.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
  return { fileName: `sos-counts-${view.by}-${view.period}${area}-${view.from}-to-${view.to}.csv`, csv };
}
