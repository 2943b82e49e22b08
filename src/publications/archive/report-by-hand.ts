import { z } from 'zod';
import { authorize } from '../../access/authorize.js';
import type { Jurisdiction } from '../../access/jurisdictions/jurisdiction.js';
import { findJurisdiction } from '../../access/jurisdictions/jurisdiction-service.js';
import { actorMay } from '../../access/policy.js';
import type { Actor } from '../../access/roles.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/database.js';
import { SosError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { localDateOf } from '../../platform/time-zones.js';
import { publicAsOfWeek } from '../public/public-service.js';
import { checkMadeReport } from '../schedules/made-report-check.js';
import { type ReportFormat, type ReportMaker, reportFormats } from '../schedules/report-maker.js';
import { lastCompleteWeek, parseReportWeek } from '../weekly/report-week.js';
import { type Audience, audiences } from '../weekly/weekly-report.js';
import { AUDIENCE_ACTION } from '../weekly/weekly-report-service.js';
import { type PresentedArchivedReport, presentArchivedReport } from './archive-presenter.js';
import { archiveMadeReport } from './archive-writing.js';
import { archivedFile } from './archived-report.js';

/** What making a report by hand needs: the database, the clock and the schedules' report maker. */
export interface ReportByHandDependencies {
  db: Database;
  clock: Clock;
  makeReport: ReportMaker;
}

/** A weekly report asked for on the Reports page. */
export interface ReportByHandRequest {
  /** An MMWR week, `2024-W05`. */
  week: string;
  audience: Audience;
  format: ReportFormat;
}

function userOf(actor: Actor): Extract<Actor, { kind: 'user' }> {
  if (actor.kind !== 'user') throw new SosError('UNAUTHENTICATED', 'Sign in to make a report');
  return actor;
}

async function ownJurisdiction(db: Database, userJurisdictionId: string): Promise<Jurisdiction> {
  const jurisdiction = await findJurisdiction(db, userJurisdictionId);
  if (!jurisdiction) throw new SosError('UNKNOWN_JURISDICTION');
  return jurisdiction;
}

/** The audiences whose reports an actor may make: those whose content their tier may read. */
export function makeableAudiences(actor: Actor): Audience[] {
  return audiences.filter((audience) => actorMay(actor, AUDIENCE_ACTION[audience]));
}

/** What the Reports page offers a signed-in user, as it leaves the server. */
export const reportByHandChoicesSchema = z.object({
  default_week: z.string().describe('The last complete MMWR week with data, as the public figures run to'),
  last_complete_week: z.string(),
  audiences: z.array(z.enum(audiences)).describe('The audiences their role may make'),
  formats: z.array(z.enum(reportFormats)),
});

/**
 * What the Reports page offers a signed-in user: the week to make by default (the last complete
 * MMWR week with data, as the public figures run to), the last complete week, the audiences their
 * role may make and the formats.
 */
export async function reportByHandChoices(
  deps: ReportByHandDependencies,
  actor: Actor,
): Promise<z.infer<typeof reportByHandChoicesSchema>> {
  authorize(actor, 'aggregate.read_public');
  const user = userOf(actor);
  const jurisdiction = await ownJurisdiction(deps.db, user.jurisdictionId);
  const today = localDateOf(deps.clock.now(), jurisdiction.timeZone);
  return {
    default_week: (await publicAsOfWeek(deps.db, jurisdiction, deps.clock)).label,
    last_complete_week: lastCompleteWeek(today).label,
    audiences: makeableAudiences(actor),
    formats: [...reportFormats],
  };
}

/**
 * Makes the weekly report of a chosen complete week for an audience the actor's tier may read,
 * archives it "by hand" (no schedule, made by the user) with its audit entry, and answers where to
 * download it. The report is drawn by the schedules' maker; the permission is checked here first.
 */
export async function makeReportByHand(
  deps: ReportByHandDependencies,
  actor: Actor,
  request: ReportByHandRequest,
): Promise<PresentedArchivedReport> {
  authorize(actor, AUDIENCE_ACTION[request.audience]);
  const user = userOf(actor);
  const jurisdiction = await ownJurisdiction(deps.db, user.jurisdictionId);
  const week = parseReportWeek(request.week);
  const at = deps.clock.now();
  const today = localDateOf(at, jurisdiction.timeZone);
  if (week.last >= today) {
    throw new SosError(
      'VALIDATION_FAILED',
      `Week ${week.label} ends on ${week.last}: only complete weeks are reported (the last is ${lastCompleteWeek(today).label})`,
      { field: 'week' },
    );
  }
  const made = checkMadeReport(
    await deps.makeReport({
      jurisdictionId: jurisdiction.id,
      week,
      audience: request.audience,
      format: request.format,
    }),
    request.format,
  );
  const file = archivedFile(made, {
    jurisdictionId: jurisdiction.id,
    id: newId(at.getTime()),
    audience: request.audience,
    week: week.label,
    format: request.format,
    madeAt: at,
    madeBy: user.userId,
    scheduleId: null,
  });
  await deps.db.transaction((tx) => archiveMadeReport(tx, actor, file));
  const { bytes: _bytes, ...report } = file;
  return presentArchivedReport(report);
}
