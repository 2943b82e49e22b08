import { z } from 'zod';
import { auditRead } from '../../access/audit/read-audit.js';
import { authorizeUser } from '../../access/authorize.js';
import type { Actor } from '../../access/roles.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/database.js';
import type { AggregateRequest } from './aggregate-service.js';
import { resolveAggregateQuery } from './aggregate-service.js';
import { overdoseFilter } from './aggregate-sql.js';

/** The most points one map answer carries; past it the map says so and shows the areas. */
export const MAX_POINTS = 20_000;

/** The map points of the overdoses the filters keep, as they leave the server. */
export const overdosePointsSchema = z.object({
  points: z.array(
    z.object({ id: z.string(), latitude: z.number(), longitude: z.number(), fatal: z.boolean().nullable() }),
  ),
  truncated: z
    .boolean()
    .describe(
      `True when more than ${MAX_POINTS.toLocaleString('en-US')} overdoses matched: the newest are given`,
    ),
});

/** An analyst's map point: where, and whether it was fatal. */
export type OverdosePoint = z.infer<typeof overdosePointsSchema>['points'][number];

/** Exact points of the overdoses the dashboard filters keep, for analysts (T2) only; each read is audited. */
export async function readOverdosePoints(
  deps: { db: Database; clock: Clock },
  actor: Actor,
  request: Omit<AggregateRequest, 'period' | 'by'>,
): Promise<z.infer<typeof overdosePointsSchema>> {
  authorizeUser(actor, 'overdose.read_line_level');
  const { db } = deps;
  const query = await resolveAggregateQuery(db, actor.jurisdictionId, {
    ...request,
    period: 'all',
    by: 'none',
  });
  // A ZIP's, place's or county's centroid is no overdose's exact point: those stay off the map.
  const { joins, where, params } = overdoseFilter({ ...query, exactPointsOnly: true });
  const rows = await db.query<OverdosePoint>(
    `select o.id, o.latitude, o.longitude, o.fatal from overdoses o ${joins.join(' ')}
     where ${where.join(' and ')} and o.latitude is not null
     order by o.occurred_at desc limit ${MAX_POINTS + 1}`,
    params,
  );
  const points = rows.slice(0, MAX_POINTS);
  await auditRead(deps, actor, {
    action: 'overdoses.read_points',
    subjectType: 'overdose',
    purpose: 'surveillance',
    details: { ...request, from: query.from, to: query.to, records: points.length },
  });
  return { points, truncated: rows.length > MAX_POINTS };
}
