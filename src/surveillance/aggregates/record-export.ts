import { recordAuditEntries } from '../../access/audit/audit-log.js';
import { authorizeUser } from '../../access/authorize.js';
import { type Actor, auditActor } from '../../access/roles.js';
import { assertRecentlyAuthenticated } from '../../access/sessions/reauthentication.js';
import type { Clock } from '../../platform/clock.js';
import { csvLine } from '../../platform/csv/csv-escape.js';
import type { Database } from '../../platform/database.js';
import { SosError } from '../../platform/errors.js';
import { LINE_LEVEL_FIELDS, type OverdoseRow, presentOverdose } from '../overdose-presenter.js';
import { type AggregateRequest, resolveAggregateQuery } from './aggregate-service.js';
import { overdoseFilter } from './aggregate-sql.js';

/** The most overdoses one export holds; a larger one is refused with a request to narrow the filters. */
export const MAX_EXPORTED_OVERDOSES = 100_000;

/** The exported columns: the line-level fields of the presenter but the areas (lists become `a;b`). */
const COLUMNS = LINE_LEVEL_FIELDS.filter((field) => field !== 'areas');

/**
 * The de-identified overdoses the dashboard filters keep, as CSV, for analysts (T2): the fields the
 * line-level presenter lets out, nothing else. Every export is audited with its filters and size.
 */
export async function exportOverdosesCsv(
  deps: { db: Database; clock: Clock },
  actor: Actor,
  request: Omit<AggregateRequest, 'period' | 'by'>,
): Promise<{ fileName: string; csv: string }> {
  authorizeUser(actor, 'overdose.export');
  assertRecentlyAuthenticated(actor, deps.clock.now());
  const query = await resolveAggregateQuery(deps.db, actor.jurisdictionId, {
    ...request,
    period: 'all',
    by: 'none',
  });
  const { joins, where, params } = overdoseFilter(query);
  const rows = await deps.db.query<OverdoseRow>(
    `select o.*, '[]'::json as areas from overdoses o ${joins.join(' ')} where ${where.join(' and ')}
     order by o.occurred_at, o.id limit ${MAX_EXPORTED_OVERDOSES + 1}`,
    params,
  );
  if (rows.length > MAX_EXPORTED_OVERDOSES) {
    throw new SosError(
      'VALIDATION_FAILED',
      `More than ${MAX_EXPORTED_OVERDOSES.toLocaleString('en-US')} overdoses: narrow the date range or the filters`,
      { field: 'from' },
    );
  }
  let csv = csvLine(COLUMNS);
  for (const row of rows) {
    const presented = presentOverdose(row);
    csv += csvLine(
      COLUMNS.map((c) => {
        const value = presented[c];
        return Array.isArray(value) ? value.join(';') : (value as string | number | boolean | null);
      }),
    );
  }
  await deps.db.transaction((tx) =>
    recordAuditEntries(tx, actor.jurisdictionId, deps.clock.now(), [
      {
        ...auditActor(actor),
        action: 'overdoses.export',
        subjectType: 'overdose',
        subjectId: null,
        purpose: 'surveillance',
        details: { ...request, from: query.from, to: query.to, records: rows.length },
      },
    ]),
  );
  return { fileName: `sos-overdoses-${query.from}-to-${query.to}.csv`, csv };
}
