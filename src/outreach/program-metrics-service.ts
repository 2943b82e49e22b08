import { decideAccess } from '../access/access-decision.js';
import { authorize } from '../access/authorize.js';
import { findJurisdiction } from '../access/jurisdictions/jurisdiction-service.js';
import type { Actor } from '../access/roles.js';
import { addDays } from '../platform/calendar-days.js';
import type { Queryable } from '../platform/database.js';
import { SosError } from '../platform/errors.js';
import { instantOfWallTime, localDateOf } from '../platform/time-zones.js';
import { findProgram } from './case-repository.js';
import { programResource, withPrograms } from './outreach-access.js';
import type { OutreachDependencies } from './outreach-dependencies.js';
import type { ContactOutcome, DeflectionPathway } from './outreach-vocabulary.js';
import type { CaseFacts } from './program-metrics.js';
import { type PublishedMetrics, publishMetrics } from './program-metrics-publication.js';

/** The days the metrics cover: the cases whose clock started from `from` to `to`, both whole days of the jurisdiction. */
export interface MetricsRange {
  from?: string | undefined;
  to?: string | undefined;
}

/** A program's metrics over a range of days. */
export interface ProgramMetrics extends PublishedMetrics {
  programId: string;
  from: string;
  to: string;
}

/**
 * A program's de-identified, suppressed metrics (analysts; the program's coordinators). A program the
 * actor may not read metrics of answers 404, as if absent. The range defaults to the year to today.
 */
export async function readProgramMetrics(
  deps: OutreachDependencies,
  actor: Actor,
  programId: string,
  range: MetricsRange,
): Promise<ProgramMetrics> {
  const reader = await withPrograms(deps.db, actor);
  authorize(reader, 'outreach.read_metrics');
  if (reader.kind !== 'user') throw new SosError('FORBIDDEN', 'Only signed-in users read program metrics');
  const program = await findProgram(deps.db, reader.jurisdictionId, programId);
  if (
    !program ||
    decideAccess(reader, 'outreach.read_metrics', programResource(program)).effect !== 'allow'
  ) {
    throw new SosError('NOT_FOUND', 'No program by that id');
  }
  authorize(reader, 'outreach.read_metrics', programResource(program));
  // Days are the jurisdiction's, as every count SOS publishes: an evening case in Connecticut is not
  // counted in the next day's (UTC) figures.
  const timeZone = (await findJurisdiction(deps.db, program.jurisdictionId))?.timeZone ?? 'UTC';
  const today = localDateOf(deps.clock.now(), timeZone);
  const to = range.to ?? today;
  // No case has started on a day to come (and the year 9999's next day is no date at all).
  if (to > today) {
    throw new SosError('VALIDATION_FAILED', `"to" (${to}) is after today (${today})`, { field: 'to' });
  }
  const from = range.from ?? addDays(to, -364);
  if (from > to)
    throw new SosError('VALIDATION_FAILED', `"from" (${from}) is after "to" (${to})`, { field: 'from' });
  const start = localMidnight(from, timeZone);
  const end = localMidnight(addDays(to, 1), timeZone);
  const cases = await caseFacts(deps.db, program.jurisdictionId, program.id, start, end);
  return { programId: program.id, from, to, ...publishMetrics(cases) };
}

/** The instant a day ('YYYY-MM-DD') starts in a time zone. */
function localMidnight(day: string, timeZone: string): Date {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return instantOfWallTime({ year, month, day: date, hour: 0, minute: 0, second: 0 }, timeZone);
}

/** The facts of the program's survivor cases whose clock started in [start, end): nothing identifying. */
async function caseFacts(
  db: Queryable,
  jurisdictionId: string,
  programId: string,
  start: Date,
  end: Date,
): Promise<CaseFacts[]> {
  const params = [jurisdictionId, programId, start, end];
  const inRange = `select id from outreach_cases where jurisdiction_id = $1 and program_id = $2
    and kind = 'post_overdose' and clock_started_at >= $3 and clock_started_at < $4`;
  const [cases, attempts, visits] = await Promise.all([
    db.query<{ id: string; pathway: DeflectionPathway | null; clockStartedAt: Date }>(
      `select id, pathway, clock_started_at as "clockStartedAt" from outreach_cases where id in (${inRange})
       and jurisdiction_id = $1`,
      params,
    ),
    db.query<{ caseId: string; attemptedAt: Date; outcome: ContactOutcome }>(
      `select case_id as "caseId", attempted_at as "attemptedAt", outcome from outreach_contact_attempts
       where jurisdiction_id = $1 and case_id in (${inRange})`,
      params,
    ),
    db.query<{ caseId: string }>(
      `select case_id as "caseId" from outreach_visits where jurisdiction_id = $1 and case_id in (${inRange})`,
      params,
    ),
  ]);
  const attemptsOf = new Map<string, CaseFacts['attempts'][number][]>();
  for (const a of attempts) {
    const list = attemptsOf.get(a.caseId) ?? [];
    list.push({ attemptedAt: new Date(a.attemptedAt), outcome: a.outcome });
    attemptsOf.set(a.caseId, list);
  }
  const visitsOf = new Map<string, number>();
  for (const v of visits) visitsOf.set(v.caseId, (visitsOf.get(v.caseId) ?? 0) + 1);
  return cases.map((c) => ({
    pathway: c.pathway,
    clockStartedAt: new Date(c.clockStartedAt),
    attempts: attemptsOf.get(c.id) ?? [],
    visits: visitsOf.get(c.id) ?? 0,
  }));
}
