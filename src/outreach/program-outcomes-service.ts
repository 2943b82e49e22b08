import { decideAccess } from '../access/access-decision.js';
import { authorize } from '../access/authorize.js';
import { findJurisdiction } from '../access/jurisdictions/jurisdiction-service.js';
import type { Actor } from '../access/roles.js';
import { addDays } from '../platform/calendar-days.js';
import { SosError } from '../platform/errors.js';
import { instantOfWallTime, localDateOf } from '../platform/time-zones.js';
import { countSurvivorOverdosesInAreas, overdoseDemographics } from '../surveillance/overdose-facts.js';
import { findProgram } from './case-repository.js';
import { programResource, withPrograms } from './outreach-access.js';
import {
  type CoerciveActTally,
  coerciveActsUnknown,
  type OutreachDependencies,
} from './outreach-dependencies.js';
import { countOutcomes, type OutcomeCase, type OutcomeCounts } from './program-outcomes.js';
import { type PublishedOutcomes, publishOutcomes } from './program-outcomes-publication.js';
import { type CohortCase, readCohort } from './program-outcomes-repository.js';

/** The days the outcomes cover: the cases whose clock started from `from` to `to`, both whole days of the jurisdiction. */
export interface OutcomesRange {
  from?: string | undefined;
  to?: string | undefined;
}

/** A program's outcomes over a range of days, as published. */
export interface ProgramOutcomes extends PublishedOutcomes {
  programId: string;
  programName: string;
  from: string;
  to: string;
  /** When they were computed (windows not over by then are left out). */
  generatedAt: Date;
}

/**
 * A program's funnel, de-identified and suppressed (analysts; the program's coordinators and
 * oversight). A program the actor may not read metrics of answers 404, as if absent. The range
 * defaults to the year to today.
 */
export async function readProgramOutcomes(
  deps: OutreachDependencies,
  actor: Actor,
  programId: string,
  range: OutcomesRange,
): Promise<ProgramOutcomes> {
  const { counts, coerciveActs, ...about } = await countProgramOutcomes(deps, actor, programId, range);
  return { ...about, ...publishOutcomes(counts, coerciveActs) };
}

/** A program's true funnel counts before suppression: never sent as they are (readProgramOutcomes publishes them). */
export interface ProgramOutcomeCounts {
  programId: string;
  programName: string;
  from: string;
  to: string;
  generatedAt: Date;
  counts: OutcomeCounts;
  coerciveActs: CoerciveActTally | null;
}

/** The true counts of a program's funnel, under the same permission as the published ones. */
export async function countProgramOutcomes(
  deps: OutreachDependencies,
  actor: Actor,
  programId: string,
  range: OutcomesRange,
): Promise<ProgramOutcomeCounts> {
  const reader = await withPrograms(deps.db, actor);
  authorize(reader, 'outreach.read_metrics');
  if (reader.kind !== 'user') throw new SosError('FORBIDDEN', 'Only signed-in users read program outcomes');
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
  const now = deps.clock.now();
  const { jurisdictionId } = program;
  const [cohort, eligibleOverdoses, coerciveActs] = await Promise.all([
    readCohort(deps.db, jurisdictionId, program.id, start, end),
    countSurvivorOverdosesInAreas(deps.db, jurisdictionId, program.serviceAreas, start, end),
    (deps.coerciveActCounts ?? coerciveActsUnknown)(jurisdictionId, program.id, start, end),
  ]);
  const demographics = await overdoseDemographics(
    deps.db,
    jurisdictionId,
    cohort.flatMap((c) => c.overdoses.slice(0, 1).map((o) => o.overdoseId)),
  );
  const cases = cohort.map((c): OutcomeCase => outcomeCase(c, demographics));
  return {
    programId: program.id,
    programName: program.name,
    from,
    to,
    generatedAt: now,
    counts: countOutcomes({ eligibleOverdoses, cases, now }),
    coerciveActs,
  };
}

/** The funnel's facts of one case: its person only as a key, its first overdose's demographics. */
function outcomeCase(
  c: CohortCase,
  demographics: ReadonlyMap<string, OutcomeCase['demographics'] & object>,
): OutcomeCase {
  const first = c.overdoses[0];
  return {
    personKey: c.matchKey ?? c.personId,
    pathway: c.pathway,
    clockStartedAt: c.clockStartedAt,
    closeReason: c.closeReason,
    attempts: c.attempts,
    visits: c.visits,
    referrals: c.referrals,
    overdoseTimes: c.overdoses.map((o) => o.occurredAt),
    demographics: first ? (demographics.get(first.overdoseId) ?? null) : null,
  };
}

/** The instant a day ('YYYY-MM-DD') starts in a time zone. */
function localMidnight(day: string, timeZone: string): Date {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return instantOfWallTime({ year, month, day: date, hour: 0, minute: 0, second: 0 }, timeZone);
}
