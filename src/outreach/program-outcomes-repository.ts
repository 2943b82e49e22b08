import type { Queryable } from '../platform/database.js';
import type {
  CloseReason,
  ContactOutcome,
  DeflectionPathway,
  OutreachService,
} from './outreach-vocabulary.js';

/** One case of the cohort with what the funnel counts of it, still keyed by case (never leaves the service). */
export interface CohortCase {
  id: string;
  matchKey: string | null;
  personId: string | null;
  pathway: DeflectionPathway | null;
  clockStartedAt: Date;
  closeReason: CloseReason | null;
  attempts: { attemptedAt: Date; outcome: ContactOutcome; materialsLeft: number }[];
  visits: { servicesAccepted: OutreachService[]; networkReached: number; lawEnforcementPresent: boolean }[];
  referrals: { need: string; firstAttendedAt: Date | null; status: string }[];
  /** The case's overdoses, earliest first. */
  overdoses: { overdoseId: string; occurredAt: Date }[];
}

const json = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

/**
 * The program's survivor cases whose clock started in [start, end), with their attempts, visits,
 * referrals and overdoses: five reads over the same cohort, joined here by case.
 */
export async function readCohort(
  db: Queryable,
  jurisdictionId: string,
  programId: string,
  start: Date,
  end: Date,
): Promise<CohortCase[]> {
  const params = [jurisdictionId, programId, start, end];
  const cohort = `select id from outreach_cases where jurisdiction_id = $1 and program_id = $2
    and kind = 'post_overdose' and clock_started_at >= $3 and clock_started_at < $4`;
  const [cases, attempts, visits, referrals, overdoses] = await Promise.all([
    db.query<{
      id: string;
      matchKey: string | null;
      personId: string | null;
      pathway: DeflectionPathway | null;
      clockStartedAt: Date;
      closeReason: CloseReason | null;
    }>(
      `select id, match_key as "matchKey", person_id as "personId", pathway,
         clock_started_at as "clockStartedAt", close_reason as "closeReason"
       from outreach_cases where jurisdiction_id = $1 and id in (${cohort})`,
      params,
    ),
    db.query<{ caseId: string; attemptedAt: Date; outcome: ContactOutcome; materialsLeft: unknown }>(
      `select case_id as "caseId", attempted_at as "attemptedAt", outcome, materials_left as "materialsLeft"
       from outreach_contact_attempts where jurisdiction_id = $1 and case_id in (${cohort})`,
      params,
    ),
    db.query<{
      caseId: string;
      servicesAccepted: unknown;
      networkReached: unknown;
      lawEnforcementPresent: boolean;
    }>(
      `select case_id as "caseId", services_accepted as "servicesAccepted", network_reached as "networkReached",
         law_enforcement_present as "lawEnforcementPresent"
       from outreach_visits where jurisdiction_id = $1 and case_id in (${cohort})`,
      params,
    ),
    db.query<{ caseId: string; need: string; firstAttendedAt: Date | null; status: string }>(
      `select case_id as "caseId", need, first_attended_at as "firstAttendedAt", status
       from outreach_referrals where jurisdiction_id = $1 and program_id = $2 and case_id in (${cohort})`,
      params,
    ),
    db.query<{ caseId: string; overdoseId: string; occurredAt: Date }>(
      `select case_id as "caseId", overdose_id as "overdoseId", occurred_at as "occurredAt"
       from outreach_case_overdoses where jurisdiction_id = $1 and program_id = $2 and case_id in (${cohort})
       order by occurred_at, overdose_id`,
      params,
    ),
  ]);
  const byCase = new Map<string, CohortCase>(
    cases.map((c) => [
      c.id,
      {
        ...c,
        clockStartedAt: new Date(c.clockStartedAt),
        attempts: [],
        visits: [],
        referrals: [],
        overdoses: [],
      },
    ]),
  );
  for (const a of attempts) {
    byCase.get(a.caseId)?.attempts.push({
      attemptedAt: new Date(a.attemptedAt),
      outcome: a.outcome,
      materialsLeft: json<unknown[]>(a.materialsLeft).length,
    });
  }
  for (const v of visits) {
    byCase.get(v.caseId)?.visits.push({
      servicesAccepted: json<OutreachService[]>(v.servicesAccepted),
      networkReached: json<unknown[]>(v.networkReached).length,
      lawEnforcementPresent: v.lawEnforcementPresent,
    });
  }
  for (const r of referrals) {
    byCase.get(r.caseId)?.referrals.push({
      need: r.need,
      firstAttendedAt: r.firstAttendedAt === null ? null : new Date(r.firstAttendedAt),
      status: r.status,
    });
  }
  for (const o of overdoses) {
    byCase.get(o.caseId)?.overdoses.push({ overdoseId: o.overdoseId, occurredAt: new Date(o.occurredAt) });
  }
  return [...byCase.values()];
}
