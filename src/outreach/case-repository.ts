import type { Queryable } from '../platform/database.js';
import type {
  CaseKind,
  CaseOrigin,
  CloseReason,
  ContactFlag,
  LawEnforcementPolicy,
  Material,
} from './outreach-vocabulary.js';

/** An outreach program as stored, its policies included. */
export interface OutreachProgram {
  jurisdictionId: string;
  id: string;
  name: string;
  organizationId: string;
  serviceAreas: { layer_id: string; area_id: string }[];
  responseWindowHours: number;
  attemptCap: number;
  phoneFirst: boolean;
  lawEnforcementAtVisits: LawEnforcementPolicy;
  infractionPolicy: string;
  materialsAllowed: Material[];
  familySupport: boolean;
  retentionDays: number;
  privacyContact: string | null;
  /** Days a referral may wait for an answer before it is flagged. */
  referralAnswerDays: number;
  createdAt: Date;
  updatedAt: Date;
}

/** An outreach case as stored (the person is only a vault id). */
export interface OutreachCase {
  jurisdictionId: string;
  id: string;
  programId: string;
  kind: CaseKind;
  origin: CaseOrigin;
  pathway: string | null;
  personId: string | null;
  matchKey: string | null;
  status: 'open' | 'closed';
  clockStartedAt: Date;
  areaId: string | null;
  contactFlags: ContactFlag[];
  assignedTo: string | null;
  assignedAt: Date | null;
  escalatedAt: Date | null;
  remindedAt: Date | null;
  openedAt: Date;
  closedAt: Date | null;
  closeReason: CloseReason | null;
  purgedAt: Date | null;
}

const programColumns = `jurisdiction_id as "jurisdictionId", id, name, organization_id as "organizationId",
  service_areas as "serviceAreas", response_window_hours as "responseWindowHours", attempt_cap as "attemptCap",
  phone_first as "phoneFirst", law_enforcement_at_visits as "lawEnforcementAtVisits",
  infraction_policy as "infractionPolicy", materials_allowed as "materialsAllowed", family_support as "familySupport",
  retention_days as "retentionDays", privacy_contact as "privacyContact",
  referral_answer_days as "referralAnswerDays", created_at as "createdAt", updated_at as "updatedAt"`;

/** The columns of an OutreachCase, for the module's queries. */
export const caseColumns = `jurisdiction_id as "jurisdictionId", id, program_id as "programId", kind, origin, pathway,
  person_id as "personId", match_key as "matchKey", status, clock_started_at as "clockStartedAt", area_id as "areaId",
  contact_flags as "contactFlags", assigned_to as "assignedTo", assigned_at as "assignedAt",
  escalated_at as "escalatedAt", reminded_at as "remindedAt", opened_at as "openedAt", closed_at as "closedAt",
  close_reason as "closeReason", purged_at as "purgedAt"`;

/** One program, or null. */
export async function findProgram(
  db: Queryable,
  jurisdictionId: string,
  programId: string,
): Promise<OutreachProgram | null> {
  const rows = await db.query<OutreachProgram>(
    `select ${programColumns} from outreach_programs where jurisdiction_id = $1 and id = $2`,
    [jurisdictionId, programId],
  );
  return rows[0] ?? null;
}

/** The programs of a jurisdiction, by name. */
export function findPrograms(db: Queryable, jurisdictionId: string): Promise<OutreachProgram[]> {
  return db.query<OutreachProgram>(
    `select ${programColumns} from outreach_programs where jurisdiction_id = $1 order by name, id`,
    [jurisdictionId],
  );
}

/**
 * One case, or null. `forUpdate` locks its row for the transaction, so that two attempts recorded at once
 * are counted against the cap one after the other.
 */
export async function findCase(
  db: Queryable,
  jurisdictionId: string,
  caseId: string,
  forUpdate = false,
): Promise<OutreachCase | null> {
  const rows = await db.query<OutreachCase>(
    `select ${caseColumns} from outreach_cases where jurisdiction_id = $1 and id = $2${forUpdate ? ' for update' : ''}`,
    [jurisdictionId, caseId],
  );
  return rows[0] ?? null;
}
