import type { Queryable } from '../platform/database.js';
import type { Consent, ContactAttempt, Visit } from './case-records.js';
import { consentColumns } from './consent-repository.js';

// The reads of what was recorded on cases (attempts, visits, consents, overdoses), for the queue and
// the case detail; the writes are the record services' own.

/** The overdoses of a case as stored: de-identified facts only. */
export interface CaseOverdose {
  caseId: string;
  overdoseId: string;
  occurredAt: Date;
  fatal: boolean | null;
}

/** The contact attempts of these cases, oldest first. */
export function attemptsOfCases(
  db: Queryable,
  jurisdictionId: string,
  caseIds: readonly string[],
): Promise<ContactAttempt[]> {
  if (caseIds.length === 0) return Promise.resolve([]);
  return db.query<ContactAttempt>(
    `select jurisdiction_id as "jurisdictionId", id, case_id as "caseId", method, outcome,
       attempted_at as "attemptedAt", attempted_by as "attemptedBy", disclosure,
       disclosure_consent_id as "disclosureConsentId", materials_left as "materialsLeft", note,
       cap_override_reason as "capOverrideReason", recorded_at as "recordedAt"
     from outreach_contact_attempts where jurisdiction_id = $1 and case_id = any($2::uuid[])
     order by attempted_at, recorded_at, id`,
    [jurisdictionId, [...caseIds]],
  );
}

/** The visits of a case, oldest first. */
export function visitsOfCase(db: Queryable, jurisdictionId: string, caseId: string): Promise<Visit[]> {
  return db.query<Visit>(
    `select jurisdiction_id as "jurisdictionId", id, case_id as "caseId", visited_at as "visitedAt",
       location_type as "locationType", present, law_enforcement_present as "lawEnforcementPresent",
       law_enforcement_dress as "lawEnforcementDress", services_offered as "servicesOffered",
       services_accepted as "servicesAccepted", risk_reduction_plan as "riskReductionPlan",
       network_reached as "networkReached", recorded_by as "recordedBy", recorded_at as "recordedAt"
     from outreach_visits where jurisdiction_id = $1 and case_id = $2 order by visited_at, recorded_at, id`,
    [jurisdictionId, caseId],
  );
}

/** The consents of these cases, oldest first (revoked and expired ones included). */
export function consentsOfCases(
  db: Queryable,
  jurisdictionId: string,
  caseIds: readonly string[],
): Promise<Consent[]> {
  if (caseIds.length === 0) return Promise.resolve([]);
  return db.query<Consent>(
    `select ${consentColumns} from outreach_consents where jurisdiction_id = $1 and case_id = any($2::uuid[])
     order by obtained_at, id`,
    [jurisdictionId, [...caseIds]],
  );
}

/** The overdoses of these cases, in the order they happened. */
export function overdosesOfCases(
  db: Queryable,
  jurisdictionId: string,
  caseIds: readonly string[],
): Promise<CaseOverdose[]> {
  if (caseIds.length === 0) return Promise.resolve([]);
  return db.query<CaseOverdose>(
    `select case_id as "caseId", overdose_id as "overdoseId", occurred_at as "occurredAt", fatal
     from outreach_case_overdoses where jurisdiction_id = $1 and case_id = any($2::uuid[])
     order by occurred_at, overdose_id`,
    [jurisdictionId, [...caseIds]],
  );
}
