import { authorize } from '../../access/authorize.js';
import type { Jurisdiction } from '../../access/jurisdictions/jurisdiction.js';
import { findJurisdiction, jurisdictionSettings } from '../../access/jurisdictions/jurisdiction-service.js';
import type { Action } from '../../access/policy.js';
import { actorTier } from '../../access/policy.js';
import type { Actor } from '../../access/roles.js';
import { alertsRaisedBetween } from '../../alerts/alert-history.js';
import { presentAlert } from '../../alerts/alert-presenter.js';
import { isPersonAttribute } from '../../disclosure/partner-breakdowns.js';
import { addDays } from '../../platform/calendar-days.js';
import type { Clock } from '../../platform/clock.js';
import type { Queryable } from '../../platform/database.js';
import { SosError } from '../../platform/errors.js';
import { instantOfWallTime } from '../../platform/time-zones.js';
import type { AggregateCache } from '../../surveillance/aggregates/aggregate-cache.js';
import type { Breakdown } from '../../surveillance/aggregates/aggregate-query.js';
import { assemblePublicReport } from '../public/public-report.js';
import { readPublicFigures } from '../public/public-service.js';
import { readNaloxoneDeserts } from './naloxone-coverage-section.js';
import type { ReportWeek } from './report-week.js';
import { readWeeklyCounts } from './weekly-counts.js';
import type { Audience, ReportAlert, WeeklyReport } from './weekly-report.js';
import { assembleWeeklyReport } from './weekly-report-assembly.js';

/** What each audience's report may be made by: the tier of its content. */
export const AUDIENCE_ACTION: Record<Audience, Action> = {
  internal: 'overdose.read_line_level',
  partner: 'aggregate.read_partner',
  public: 'aggregate.read_public',
};

const DIMENSIONS: Record<Exclude<Audience, 'public'>, Breakdown[]> = {
  internal: [
    'fatal',
    'age_band',
    'sex',
    'race',
    'ethnicity',
    'substance',
    'source_type',
    'repeat',
    'naloxone_given',
  ],
  partner: ['fatal', 'age_band', 'sex', 'substance', 'naloxone_given', 'repeat'],
};

/** A request for one weekly report. */
export interface WeeklyReportRequest {
  /** A jurisdiction's id or short name. */
  jurisdiction: string;
  week: ReportWeek;
  audience: Audience;
}

/**
 * Builds a jurisdiction's weekly report for an audience. Internal and partner reports count the
 * week from the rollups (partners' small counts hidden when the jurisdiction sets a partner k);
 * the public report is a page of the jurisdiction's public figures, so it shows exactly what the
 * public dashboard and open data show and nothing an attacker could set beside them to subtract.
 */
export async function buildWeeklyReport(
  db: Queryable,
  actor: Actor,
  request: WeeklyReportRequest,
  context: { clock: Clock; cache?: AggregateCache | undefined },
): Promise<WeeklyReport> {
  authorize(actor, AUDIENCE_ACTION[request.audience]);
  const jurisdiction = await findJurisdiction(db, request.jurisdiction);
  if (!jurisdiction || (actor.kind === 'user' && actor.jurisdictionId !== jurisdiction.id)) {
    throw new SosError(
      'UNKNOWN_JURISDICTION',
      `No jurisdiction "${request.jurisdiction}" (see: sos jurisdiction list)`,
    );
  }
  const { week, audience } = request;
  const generatedAt = `${context.clock.now().toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const about = {
    id: jurisdiction.id,
    shortName: jurisdiction.shortName,
    name: jurisdiction.name,
    timeZone: jurisdiction.timeZone,
  };
  if (audience === 'public') {
    const { figures } = await readPublicFigures(db, actor, jurisdiction.id, { ...context, week });
    return assemblePublicReport(figures, { jurisdiction: about, week, generatedAt });
  }
  const settings = await jurisdictionSettings(db, jurisdiction.id);
  const k = audience === 'partner' ? settings.partnerK : 1;
  const [counts, alerts, naloxone] = await Promise.all([
    readWeeklyCounts(db, jurisdiction.id, week, {
      dimensions: DIMENSIONS[audience],
      mapRange: { from: week.first, to: week.last },
      cache: context.cache,
    }),
    readWeekAlerts(db, jurisdiction, week, actor),
    readNaloxoneDeserts(db, jurisdiction.id, week, k),
  ]);
  // The T1 rule for person attributes: a partner sees the week by age or sex only when the week held
  // at least the public k overdoses (see docs/ARCHITECTURE.md, "Partners and person attributes").
  const weekTotal = counts.trend.at(-1)?.count ?? 0;
  const withheld = audience === 'partner' && weekTotal < settings.k;
  const report = assembleWeeklyReport(
    {
      ...counts,
      naloxone,
      ...(withheld ? { breakdowns: counts.breakdowns.filter((b) => !isPersonAttribute(b.dimension)) } : {}),
    },
    {
      jurisdiction: about,
      audience,
      week,
      k,
      generatedAt,
      alerts,
    },
  );
  if (withheld) report.notes.push(personAttributeNote(settings.k));
  return report;
}

/** Why a partner report has no age or sex table this week. */
export function personAttributeNote(k: number): string {
  return `Age and sex are not shown for a week with fewer than ${k} overdoses, so that no one can be singled out.`;
}

/** The alerts raised in the week (local days) with their logged responses, as the actor's tier sees them. */
async function readWeekAlerts(
  db: Queryable,
  jurisdiction: Jurisdiction,
  week: ReportWeek,
  actor: Actor,
): Promise<ReportAlert[]> {
  const midnight = (day: string) => {
    const [year, month, date] = day.split('-').map(Number) as [number, number, number];
    return instantOfWallTime(
      { year, month, day: date, hour: 0, minute: 0, second: 0 },
      jurisdiction.timeZone,
    );
  };
  const alerts = await alertsRaisedBetween(
    db,
    jurisdiction.id,
    midnight(week.first),
    midnight(addDays(week.last, 1)),
  );
  const tier = actorTier(actor) === 'T3' ? 'T2' : actorTier(actor);
  return alerts.map(({ alert, responses }) => {
    const shown = presentAlert(alert, tier);
    return {
      id: shown.id,
      ruleName: shown.rule_name,
      placeName: shown.place,
      raisedAt: shown.raised_at,
      windowStart: shown.window_start,
      windowEnd: shown.window_end,
      count: shown.count,
      status: shown.status,
      responses: responses.map((r) => ({
        at: new Date(r.takenAt).toISOString().slice(0, 16).replace('T', ' '),
        by: r.recordedByName ?? 'unknown',
        action: r.action,
        note: r.note,
      })),
    };
  });
}
