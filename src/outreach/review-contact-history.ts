import type { Queryable } from '../platform/database.js';

/**
 * Outreach's read-only face for fatality reviews: the outreach cases of a decedent (by the vault's person
 * ids or by the overdoses a case holds) with what happened and when: contact attempts, visits, consents
 * and referrals. Never free text: no attempt note, risk-reduction plan, consent recipient or referral note
 * (written for the survivor's care, not for a review; no program setting opens them), never who answered
 * or who was present. No actor is checked here: the fatality review service has asked
 * `fatality_review.read` of the review (its signed members, purpose `fatality_review`) and audits the read.
 */

/** One outreach case of the decedent, with its dated records. */
export interface ReviewContactCase {
  caseId: string;
  programName: string;
  kind: string;
  openedAt: Date;
  closedAt: Date | null;
  closeReason: string | null;
  attempts: { at: Date; method: string; outcome: string }[];
  visits: {
    at: Date;
    locationType: string;
    lawEnforcementPresent: boolean;
    servicesOffered: string[];
    servicesAccepted: string[];
  }[];
  consents: { at: Date; scope: string; method: string; revokedAt: Date | null }[];
  referrals: {
    referredAt: Date;
    need: string;
    serviceName: string;
    status: string;
    acceptedAt: Date | null;
    firstAttendedAt: Date | null;
    completedAt: Date | null;
  }[];
}

const asArray = (value: unknown): string[] =>
  (typeof value === 'string' ? JSON.parse(value) : (value ?? [])) as string[];

/** The outreach cases naming any of the persons or holding any of the overdoses, oldest first. */
export async function reviewContactHistory(
  db: Queryable,
  jurisdictionId: string,
  of: { personIds: readonly string[]; overdoseIds: readonly string[] },
): Promise<ReviewContactCase[]> {
  const cases = await db.query<{
    id: string;
    program_name: string;
    kind: string;
    opened_at: Date;
    closed_at: Date | null;
    close_reason: string | null;
  }>(
    `select c.id, p.name as program_name, c.kind, c.opened_at, c.closed_at, c.close_reason
     from outreach_cases c
     join outreach_programs p on p.jurisdiction_id = c.jurisdiction_id and p.id = c.program_id
     where c.jurisdiction_id = $1 and (c.person_id = any($2::uuid[]) or exists (
       select 1 from outreach_case_overdoses o where o.jurisdiction_id = c.jurisdiction_id
         and o.case_id = c.id and o.overdose_id = any($3::uuid[])))
     order by c.opened_at, c.id`,
    [jurisdictionId, [...of.personIds], [...of.overdoseIds]],
  );
  if (cases.length === 0) return [];
  const ids = cases.map((c) => c.id);
  const attempts = await db.query<{ case_id: string; attempted_at: Date; method: string; outcome: string }>(
    `select case_id, attempted_at, method, outcome from outreach_contact_attempts
     where jurisdiction_id = $1 and case_id = any($2::uuid[]) order by attempted_at, id`,
    [jurisdictionId, ids],
  );
  const visits = await db.query<{
    case_id: string;
    visited_at: Date;
    location_type: string;
    law_enforcement_present: boolean;
    services_offered: unknown;
    services_accepted: unknown;
  }>(
    `select case_id, visited_at, location_type, law_enforcement_present, services_offered, services_accepted
     from outreach_visits where jurisdiction_id = $1 and case_id = any($2::uuid[]) order by visited_at, id`,
    [jurisdictionId, ids],
  );
  const consents = await db.query<{
    case_id: string;
    obtained_at: Date;
    scope: string;
    method: string;
    revoked_at: Date | null;
  }>(
    `select case_id, obtained_at, scope, method, revoked_at from outreach_consents
     where jurisdiction_id = $1 and case_id = any($2::uuid[]) order by obtained_at, id`,
    [jurisdictionId, ids],
  );
  const referrals = await db.query<{
    case_id: string;
    referred_at: Date;
    need: string;
    service_name: string;
    status: string;
    accepted_at: Date | null;
    first_attended_at: Date | null;
    completed_at: Date | null;
  }>(
    `select case_id, referred_at, need, service_name, status, accepted_at, first_attended_at, completed_at
     from outreach_referrals where jurisdiction_id = $1 and case_id = any($2::uuid[]) order by referred_at, id`,
    [jurisdictionId, ids],
  );
  const date = (value: Date | string | null) => (value === null ? null : new Date(value));
  return cases.map((c) => ({
    caseId: c.id,
    programName: c.program_name,
    kind: c.kind,
    openedAt: new Date(c.opened_at),
    closedAt: date(c.closed_at),
    closeReason: c.close_reason,
    attempts: attempts
      .filter((a) => a.case_id === c.id)
      .map((a) => ({ at: new Date(a.attempted_at), method: a.method, outcome: a.outcome })),
    visits: visits
      .filter((v) => v.case_id === c.id)
      .map((v) => ({
        at: new Date(v.visited_at),
        locationType: v.location_type,
        lawEnforcementPresent: v.law_enforcement_present,
        servicesOffered: asArray(v.services_offered),
        servicesAccepted: asArray(v.services_accepted),
      })),
    consents: consents
      .filter((x) => x.case_id === c.id)
      .map((x) => ({
        at: new Date(x.obtained_at),
        scope: x.scope,
        method: x.method,
        revokedAt: date(x.revoked_at),
      })),
    referrals: referrals
      .filter((r) => r.case_id === c.id)
      .map((r) => ({
        referredAt: new Date(r.referred_at),
        need: r.need,
        serviceName: r.service_name,
        status: r.status,
        acceptedAt: date(r.accepted_at),
        firstAttendedAt: date(r.first_attended_at),
        completedAt: date(r.completed_at),
      })),
  }));
}
