import type { Queryable } from '../platform/database.js';

/** A transfer of a case to another program, as stored. */
export interface Transfer {
  jurisdictionId: string;
  id: string;
  fromCaseId: string;
  fromProgramId: string;
  toProgramId: string;
  toCaseId: string;
  consentId: string;
  agreementId: string;
  disclosureId: string;
  transferredBy: string;
  transferredAt: Date;
}

/** Stores a transfer (never edited). */
export async function insertTransfer(db: Queryable, t: Transfer): Promise<void> {
  await db.query(
    `insert into outreach_transfers (jurisdiction_id, id, from_case_id, from_program_id, to_program_id, to_case_id,
       consent_id, agreement_id, disclosure_id, transferred_by, transferred_at)
     values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
    [
      t.jurisdictionId,
      t.id,
      t.fromCaseId,
      t.fromProgramId,
      t.toProgramId,
      t.toCaseId,
      t.consentId,
      t.agreementId,
      t.disclosureId,
      t.transferredBy,
      t.transferredAt,
    ],
  );
}
