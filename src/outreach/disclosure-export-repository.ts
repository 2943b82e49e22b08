import type { Queryable } from '../platform/database.js';

/** A referral of a case as an export carries it, with its answers. */
export interface ExportedReferral {
  id: string;
  serviceId: string;
  serviceName: string;
  receivingOrganizationId: string | null;
  need: string;
  handoff: string;
  note: string | null;
  status: string;
  statusReason: string | null;
  part2: boolean;
  referredAt: Date;
  acceptedAt: Date | null;
  firstAttendedAt: Date | null;
  completedAt: Date | null;
  history: { status: string; reason: string | null; actor_type: string; at: string }[];
}

/** The referrals of a case, oldest first, each with its status history (the answers), oldest first. */
export async function referralsForExport(
  db: Queryable,
  jurisdictionId: string,
  caseId: string,
): Promise<ExportedReferral[]> {
  const referrals = await db.query<Omit<ExportedReferral, 'history'>>(
    `select id, service_id as "serviceId", service_name as "serviceName",
       receiving_organization_id as "receivingOrganizationId", need, handoff, note, status,
       status_reason as "statusReason", part2, referred_at as "referredAt", accepted_at as "acceptedAt",
       first_attended_at as "firstAttendedAt", completed_at as "completedAt"
     from outreach_referrals where jurisdiction_id = $1 and case_id = $2 order by referred_at, id`,
    [jurisdictionId, caseId],
  );
  if (referrals.length === 0) return [];
  const events = await db.query<{
    referralId: string;
    status: string;
    reason: string | null;
    actorType: string;
    at: Date;
  }>(
    `select referral_id as "referralId", status, reason, actor_type as "actorType", at
     from outreach_referral_events where jurisdiction_id = $1 and referral_id = any($2::uuid[])
     order by at, id`,
    [jurisdictionId, referrals.map((r) => r.id)],
  );
  return referrals.map((r) => ({
    ...r,
    history: events
      .filter((e) => e.referralId === r.id)
      .map((e) => ({ status: e.status, reason: e.reason, actor_type: e.actorType, at: e.at.toISOString() })),
  }));
}
