import type { Queryable } from '../platform/database.js';
import type { Consent } from './case-records.js';

/** The columns of a stored consent, named as the model names them. */
export const consentColumns = `jurisdiction_id as "jurisdictionId", id, case_id as "caseId", scope, recipient,
  recipient_organization_id as "recipientOrganizationId", recipient_program_id as "recipientProgramId", method,
  obtained_by as "obtainedBy", obtained_at as "obtainedAt", expires_at as "expiresAt",
  revoked_at as "revokedAt", revoked_by as "revokedBy"`;

/** The consents of a case, in the order they were obtained. */
export function listConsents(db: Queryable, jurisdictionId: string, caseId: string): Promise<Consent[]> {
  return db.query<Consent>(
    `select ${consentColumns} from outreach_consents
     where jurisdiction_id = $1 and case_id = $2 order by obtained_at, id`,
    [jurisdictionId, caseId],
  );
}

/** One consent by id (on whatever case), or null. */
export async function findConsent(
  db: Queryable,
  jurisdictionId: string,
  id: string,
): Promise<Consent | null> {
  const rows = await db.query<Consent>(
    `select ${consentColumns} from outreach_consents where jurisdiction_id = $1 and id = $2`,
    [jurisdictionId, id],
  );
  return rows[0] ?? null;
}

/** Stores a consent. */
export async function insertConsent(db: Queryable, c: Consent): Promise<void> {
  await db.query(
    `insert into outreach_consents (jurisdiction_id, id, case_id, scope, recipient, method, obtained_by,
       obtained_at, expires_at, revoked_at, revoked_by, recipient_organization_id, recipient_program_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [
      c.jurisdictionId,
      c.id,
      c.caseId,
      c.scope,
      c.recipient,
      c.method,
      c.obtainedBy,
      c.obtainedAt,
      c.expiresAt,
      c.revokedAt,
      c.revokedBy,
      c.recipientOrganizationId,
      c.recipientProgramId,
    ],
  );
}

/** Marks a consent revoked (once: a consent already revoked keeps its first revocation). */
export async function revokeConsent(
  db: Queryable,
  jurisdictionId: string,
  id: string,
  revokedBy: string,
  at: Date,
): Promise<void> {
  await db.query(
    `update outreach_consents set revoked_at = $3, revoked_by = $4
     where jurisdiction_id = $1 and id = $2 and revoked_at is null`,
    [jurisdictionId, id, at, revokedBy],
  );
}
