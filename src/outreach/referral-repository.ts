import type { Queryable } from '../platform/database.js';
import type { PagePosition } from '../platform/page-cursor.js';
import type { ReferralHandoff, ReferralStatus } from './referral-status.js';

/** A referral as stored, with its program's answer window (days) the overdue flag is read against and its organization. */
export interface StoredReferral {
  jurisdictionId: string;
  id: string;
  programId: string;
  caseId: string;
  serviceId: string;
  serviceName: string;
  serviceOrganizationName: string | null;
  receivingOrganizationId: string | null;
  need: string;
  handoff: ReferralHandoff;
  note: string | null;
  status: ReferralStatus;
  statusReason: string | null;
  consentId: string | null;
  agreementId: string | null;
  part2: boolean;
  referredAt: Date;
  acceptedAt: Date | null;
  firstAttendedAt: Date | null;
  completedAt: Date | null;
  lastStatusAt: Date;
  flaggedAt: Date | null;
  createdBy: string;
  clientId: string | null;
  recordedAt: Date;
  answerDays: number;
  /** The referring program's organization (the FHIR requester). */
  programOrganizationId: string;
}

/** One move of a referral as stored. */
export interface ReferralEvent {
  referralId: string;
  /** Its place in the referral's history, from 0. */
  position: number;
  status: ReferralStatus;
  reason: string | null;
  actorType: string;
  actorId: string | null;
  at: Date;
}

const columns = `r.jurisdiction_id as "jurisdictionId", r.id, r.program_id as "programId", r.case_id as "caseId",
  r.service_id as "serviceId", r.service_name as "serviceName",
  r.service_organization_name as "serviceOrganizationName",
  r.receiving_organization_id as "receivingOrganizationId", r.need, r.handoff, r.note, r.status,
  r.status_reason as "statusReason", r.consent_id as "consentId", r.agreement_id as "agreementId", r.part2,
  r.referred_at as "referredAt", r.accepted_at as "acceptedAt", r.first_attended_at as "firstAttendedAt",
  r.completed_at as "completedAt", r.last_status_at as "lastStatusAt", r.flagged_at as "flaggedAt",
  r.created_by as "createdBy", r.client_id as "clientId", r.recorded_at as "recordedAt",
  p.referral_answer_days as "answerDays", p.organization_id as "programOrganizationId"`;

const fromReferrals = `from outreach_referrals r
  join outreach_programs p on p.jurisdiction_id = r.jurisdiction_id and p.id = r.program_id`;

/** The referrals of a case, oldest first. */
export function listReferralsOfCase(
  db: Queryable,
  jurisdictionId: string,
  caseId: string,
): Promise<StoredReferral[]> {
  return db.query<StoredReferral>(
    `select ${columns} ${fromReferrals}
     where r.jurisdiction_id = $1 and r.case_id = $2 order by r.referred_at, r.id`,
    [jurisdictionId, caseId],
  );
}

/** One referral by id, or null; `lock` holds it for a status move. */
export async function findReferral(
  db: Queryable,
  jurisdictionId: string,
  id: string,
  lock = false,
): Promise<StoredReferral | null> {
  const rows = await db.query<StoredReferral>(
    `select ${columns} ${fromReferrals} where r.jurisdiction_id = $1 and r.id = $2${lock ? ' for update of r' : ''}`,
    [jurisdictionId, id],
  );
  return rows[0] ?? null;
}

/**
 * A page of the referrals sent to an organization, newest first, optionally of one status, and how many
 * there are in all; one row more than `limit` tells that a next page exists.
 */
export async function listReferralsToOrganization(
  db: Queryable,
  jurisdictionId: string,
  organizationId: string,
  filter: { status?: ReferralStatus | undefined; after: PagePosition | null; limit: number },
): Promise<{ rows: StoredReferral[]; total: number }> {
  const where = `r.jurisdiction_id = $1 and r.receiving_organization_id = $2 and ($3::text is null or r.status = $3)`;
  const params = [jurisdictionId, organizationId, filter.status ?? null];
  const rows = await db.query<StoredReferral>(
    `select ${columns} ${fromReferrals}
     where ${where} and ($4::timestamptz is null or (r.referred_at, r.id) < ($4::timestamptz, $5::uuid))
     order by r.referred_at desc, r.id desc limit $6`,
    [...params, filter.after?.at ?? null, filter.after?.id ?? null, filter.limit + 1],
  );
  const [count] = await db.query<{ total: number }>(
    `select count(*)::int as total from outreach_referrals r where ${where}`,
    params,
  );
  return { rows, total: count?.total ?? 0 };
}

/** Stores a new referral. */
export async function insertReferral(
  db: Queryable,
  r: Omit<StoredReferral, 'answerDays' | 'programOrganizationId'>,
): Promise<void> {
  await db.query(
    `insert into outreach_referrals (jurisdiction_id, id, program_id, case_id, service_id, service_name,
       receiving_organization_id, need, handoff, note, status, status_reason, consent_id, agreement_id, part2,
       referred_at, accepted_at, first_attended_at, completed_at, last_status_at, flagged_at, created_by,
       client_id, recorded_at, service_organization_name)
     values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25)`,
    [
      r.jurisdictionId,
      r.id,
      r.programId,
      r.caseId,
      r.serviceId,
      r.serviceName,
      r.receivingOrganizationId,
      r.need,
      r.handoff,
      r.note,
      r.status,
      r.statusReason,
      r.consentId,
      r.agreementId,
      r.part2,
      r.referredAt,
      r.acceptedAt,
      r.firstAttendedAt,
      r.completedAt,
      r.lastStatusAt,
      r.flaggedAt,
      r.createdBy,
      r.clientId,
      r.recordedAt,
      r.serviceOrganizationName,
    ],
  );
}

/** Writes a referral's status and dates after a move. */
export async function updateReferralStatus(
  db: Queryable,
  r: Pick<
    StoredReferral,
    | 'jurisdictionId'
    | 'id'
    | 'status'
    | 'statusReason'
    | 'acceptedAt'
    | 'firstAttendedAt'
    | 'completedAt'
    | 'lastStatusAt'
  >,
): Promise<void> {
  await db.query(
    `update outreach_referrals set status = $3, status_reason = $4, accepted_at = $5, first_attended_at = $6,
       completed_at = $7, last_status_at = $8
     where jurisdiction_id = $1 and id = $2`,
    [
      r.jurisdictionId,
      r.id,
      r.status,
      r.statusReason,
      r.acceptedAt,
      r.firstAttendedAt,
      r.completedAt,
      r.lastStatusAt,
    ],
  );
}

/** Stores one move of a referral. */
export async function insertReferralEvent(
  db: Queryable,
  jurisdictionId: string,
  id: string,
  e: ReferralEvent,
): Promise<void> {
  await db.query(
    `insert into outreach_referral_events (jurisdiction_id, id, referral_id, position, status, reason, actor_type,
       actor_id, at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [jurisdictionId, id, e.referralId, e.position, e.status, e.reason, e.actorType, e.actorId, e.at],
  );
}

/** The moves of some referrals, each referral's in order. */
export function listReferralEvents(
  db: Queryable,
  jurisdictionId: string,
  referralIds: readonly string[],
): Promise<ReferralEvent[]> {
  if (referralIds.length === 0) return Promise.resolve([]);
  return db.query<ReferralEvent>(
    `select referral_id as "referralId", position, status, reason, actor_type as "actorType", actor_id as "actorId",
       at
     from outreach_referral_events where jurisdiction_id = $1 and referral_id = any($2::uuid[])
     order by referral_id, position`,
    [jurisdictionId, [...referralIds]],
  );
}
