import type { Queryable } from '../platform/database.js';

/** A flow of identifiable data out of a program, as stored. */
export interface Disclosure {
  jurisdictionId: string;
  id: string;
  caseId: string;
  programId: string;
  kind: string;
  subjectId: string | null;
  recipientOrganizationId: string | null;
  recipientProgramId: string | null;
  consentId: string;
  agreementId: string;
  categories: string[];
  part2: boolean;
  noticeIncluded: boolean;
  disclosedByType: string;
  disclosedBy: string | null;
  disclosedAt: Date;
}

/** Stores a disclosure (never edited). */
export async function insertDisclosure(db: Queryable, d: Disclosure): Promise<void> {
  await db.query(
    `insert into outreach_disclosures (jurisdiction_id, id, case_id, program_id, kind, subject_id,
       recipient_organization_id, recipient_program_id, consent_id, agreement_id, categories, part2,
       notice_included, disclosed_by_type, disclosed_by, disclosed_at)
     values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11::json,$12,$13,$14,$15,$16)`,
    [
      d.jurisdictionId,
      d.id,
      d.caseId,
      d.programId,
      d.kind,
      d.subjectId,
      d.recipientOrganizationId,
      d.recipientProgramId,
      d.consentId,
      d.agreementId,
      JSON.stringify(d.categories),
      d.part2,
      d.noticeIncluded,
      d.disclosedByType,
      d.disclosedBy,
      d.disclosedAt,
    ],
  );
}

/** The disclosures of a case, oldest first. */
export function listDisclosures(
  db: Queryable,
  jurisdictionId: string,
  caseId: string,
): Promise<Disclosure[]> {
  return db.query<Disclosure>(
    `select jurisdiction_id as "jurisdictionId", id, case_id as "caseId", program_id as "programId", kind,
       subject_id as "subjectId", recipient_organization_id as "recipientOrganizationId",
       recipient_program_id as "recipientProgramId", consent_id as "consentId", agreement_id as "agreementId",
       categories, part2, notice_included as "noticeIncluded", disclosed_by_type as "disclosedByType",
       disclosed_by as "disclosedBy", disclosed_at as "disclosedAt"
     from outreach_disclosures where jurisdiction_id = $1 and case_id = $2 order by disclosed_at, id`,
    [jurisdictionId, caseId],
  );
}
