import type { Queryable } from '../platform/database.js';
import type { ContactAttempt } from './case-records.js';

const attemptColumns = `jurisdiction_id as "jurisdictionId", id, case_id as "caseId", method, outcome,
  attempted_at as "attemptedAt", attempted_by as "attemptedBy", disclosure,
  disclosure_consent_id as "disclosureConsentId", materials_left as "materialsLeft", note,
  cap_override_reason as "capOverrideReason", recorded_at as "recordedAt"`;

/** The contact attempts of a case, in the order they were made. */
export function listContactAttempts(
  db: Queryable,
  jurisdictionId: string,
  caseId: string,
): Promise<ContactAttempt[]> {
  return db.query<ContactAttempt>(
    `select ${attemptColumns} from outreach_contact_attempts
     where jurisdiction_id = $1 and case_id = $2 order by attempted_at, recorded_at, id`,
    [jurisdictionId, caseId],
  );
}

/** One contact attempt by id (on whatever case), or null: a resent client_id finds its first answer. */
export async function findContactAttempt(
  db: Queryable,
  jurisdictionId: string,
  id: string,
): Promise<ContactAttempt | null> {
  const rows = await db.query<ContactAttempt>(
    `select ${attemptColumns} from outreach_contact_attempts where jurisdiction_id = $1 and id = $2`,
    [jurisdictionId, id],
  );
  return rows[0] ?? null;
}

/** Stores a contact attempt. */
export async function insertContactAttempt(db: Queryable, a: ContactAttempt): Promise<void> {
  await db.query(
    `insert into outreach_contact_attempts (jurisdiction_id, id, case_id, method, outcome, attempted_at,
       attempted_by, disclosure, disclosure_consent_id, materials_left, note, cap_override_reason, recorded_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::json, $11, $12, $13)`,
    [
      a.jurisdictionId,
      a.id,
      a.caseId,
      a.method,
      a.outcome,
      a.attemptedAt,
      a.attemptedBy,
      a.disclosure,
      a.disclosureConsentId,
      JSON.stringify(a.materialsLeft),
      a.note,
      a.capOverrideReason,
      a.recordedAt,
    ],
  );
}
