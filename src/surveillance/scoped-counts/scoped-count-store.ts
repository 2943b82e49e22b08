import type { Queryable } from '../../platform/database.js';
import type { OverdoseScope } from './overdose-scope.js';

const DAY_MS = 24 * 3_600_000;

/**
 * Overdoses in scope per 24-hour window back from `at`: window k is (at − (k+1)·24 h, at − k·24 h],
 * k = 0 the current one, for k < `windows`. One statement; windows with none are left out.
 */
export function countWindows(
  db: Queryable,
  jurisdictionId: string,
  scope: OverdoseScope,
  at: Date,
  windows: number,
): Promise<Map<number, number>> {
  return countBuckets(db, jurisdictionId, scope, at, windows, DAY_MS);
}

/**
 * Overdoses in scope per bucket of `bucketMs` back from `at`: bucket k is (at − (k+1)·width,
 * at − k·width], for k < `buckets`. The live evaluator asks for 31 days, the backtest for every hour
 * of its range (and the 31 days before it). One statement; buckets with none are left out.
 */
export async function countBuckets(
  db: Queryable,
  jurisdictionId: string,
  scope: OverdoseScope,
  at: Date,
  buckets: number,
  bucketMs: number,
): Promise<Map<number, number>> {
  const rows = await bucketRows(db, jurisdictionId, scope, at, buckets, bucketMs, false);
  return new Map(rows.map((r) => [r.k, r.n]));
}

/**
 * `countBuckets` for each primary source type apart (overdoses without one are left out, as the live
 * two-source check leaves them): a backtest's evidence for two-source corroboration.
 */
export async function countBucketsBySourceType(
  db: Queryable,
  jurisdictionId: string,
  scope: OverdoseScope,
  at: Date,
  buckets: number,
  bucketMs: number,
): Promise<Map<string, Map<number, number>>> {
  const byType = new Map<string, Map<number, number>>();
  for (const r of await bucketRows(db, jurisdictionId, scope, at, buckets, bucketMs, true)) {
    if (r.type === null) continue;
    byType.set(r.type, (byType.get(r.type) ?? new Map()).set(r.k, r.n));
  }
  return byType;
}

async function bucketRows(
  db: Queryable,
  jurisdictionId: string,
  scope: OverdoseScope,
  at: Date,
  buckets: number,
  bucketMs: number,
  bySourceType: boolean,
): Promise<{ k: number; type: string | null; n: number }[]> {
  const since = new Date(at.getTime() - buckets * bucketMs);
  const params: unknown[] = [jurisdictionId, at, since, bucketMs / 1000];
  const where = scopeConditions(scope, params);
  const type = bySourceType ? 'o.source_types[1]' : 'null::text';
  return db.query<{ k: number; type: string | null; n: number }>(
    `select floor(extract(epoch from ($2::timestamptz - o.occurred_at)) / $4::float8)::int as k,
       ${type} as type, count(*)::int as n
     from overdoses o where ${where.join(' and ')} group by 1, 2`,
    params,
  );
}

/**
 * The conditions on `overdoses o` of overdoses in scope that occurred in ($3, $2] of jurisdiction $1;
 * adds the scope's values to `params` (which holds those three first).
 */
function scopeConditions(scope: OverdoseScope, params: unknown[]): string[] {
  const where = [
    'o.jurisdiction_id = $1',
    'o.occurred_at <= $2',
    'o.occurred_at > $3',
    // The day index narrows the rows first; two spare days cover every time zone.
    `o.occurred_date >= ($3::timestamptz - interval '2 days')::date`,
  ];
  if (scope.layerId && scope.areaId) {
    params.push(scope.areaId);
    if (scope.layerId === 'h3r7') where.push(`o.h3_r7 = $${params.length}`);
    else {
      params.push(scope.layerId);
      where.push(
        `exists (select 1 from overdose_areas a where a.jurisdiction_id = o.jurisdiction_id
           and a.overdose_id = o.id and a.layer_id = $${params.length} and a.area_id = $${params.length - 1})`,
      );
    }
  }
  if (scope.sourceTypes?.length) {
    params.push(scope.sourceTypes);
    where.push(`o.source_types[1] = any($${params.length}::text[])`);
  }
  if (scope.substance) {
    params.push(scope.substance);
    where.push(`$${params.length} = any(o.substances)`);
  }
  if (scope.caseDefinition) {
    params.push(scope.caseDefinition);
    where.push(`$${params.length} = any(o.case_definitions)`);
  }
  return where;
}

/**
 * When the jurisdiction's newest overdose occurred, or null: a backtest's default range ends there.
 * The day index finds the newest day first.
 */
export async function newestOverdoseAt(db: Queryable, jurisdictionId: string): Promise<Date | null> {
  const [row] = await db.query<{ at: Date | null }>(
    `select max(occurred_at) as at from overdoses
     where jurisdiction_id = $1
       and occurred_date >= (select max(occurred_date) from overdoses where jurisdiction_id = $1) - 1`,
    [jurisdictionId],
  );
  return row?.at ? new Date(row.at) : null;
}

/** Distinct primary source types of the overdoses in scope that occurred in (from, to]. */
export async function countSourceTypes(
  db: Queryable,
  jurisdictionId: string,
  scope: OverdoseScope,
  from: Date,
  to: Date,
): Promise<number> {
  const params: unknown[] = [jurisdictionId, to, from];
  const where = scopeConditions(scope, params);
  const [row] = await db.query<{ n: number }>(
    `select count(distinct o.source_types[1])::int as n from overdoses o where ${where.join(' and ')}`,
    params,
  );
  return row?.n ?? 0;
}
