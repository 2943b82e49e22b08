import type { Queryable } from '../platform/database.js';

/** A Handle with Care notice: to whom, about which household member, by when, and how its delivery went. */
export interface HandleWithCareNotice {
  jurisdictionId: string;
  id: string;
  caseId: string;
  householdMemberId: string;
  schoolId: string;
  dueBy: Date;
  status: 'pending' | 'sent' | 'failed';
  recipientEmail: string;
  sentAt: Date | null;
  messageId: string | null;
  failure: string | null;
  createdBy: string;
  createdAt: Date;
}

const COLUMNS = `jurisdiction_id as "jurisdictionId", id, case_id as "caseId",
  household_member_id as "householdMemberId", school_id as "schoolId", due_by as "dueBy", status,
  recipient_email as "recipientEmail", sent_at as "sentAt", message_id as "messageId", failure,
  created_by as "createdBy", created_at as "createdAt"`;

/** Stores a new notice (pending). */
export async function insertNotice(tx: Queryable, n: HandleWithCareNotice): Promise<void> {
  await tx.query(
    `insert into handle_with_care_notices (jurisdiction_id, id, case_id, household_member_id, school_id, due_by,
       status, recipient_email, sent_at, message_id, failure, created_by, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [
      n.jurisdictionId,
      n.id,
      n.caseId,
      n.householdMemberId,
      n.schoolId,
      n.dueBy,
      n.status,
      n.recipientEmail,
      n.sentAt,
      n.messageId,
      n.failure,
      n.createdBy,
      n.createdAt,
    ],
  );
}

/** One notice, or null. */
export async function findNotice(
  db: Queryable,
  jurisdictionId: string,
  id: string,
): Promise<HandleWithCareNotice | null> {
  const rows = await db.query<HandleWithCareNotice>(
    `select ${COLUMNS} from handle_with_care_notices where jurisdiction_id = $1 and id = $2`,
    [jurisdictionId, id],
  );
  return rows[0] ?? null;
}

/** Records how a delivery went: sent (when, the SMTP message id) or failed (why). */
export async function recordDelivery(
  db: Queryable,
  jurisdictionId: string,
  id: string,
  outcome: { status: 'sent'; sentAt: Date; messageId: string | null } | { status: 'failed'; failure: string },
): Promise<void> {
  if (outcome.status === 'sent') {
    await db.query(
      `update handle_with_care_notices set status = 'sent', sent_at = $3, message_id = $4, failure = null
       where jurisdiction_id = $1 and id = $2`,
      [jurisdictionId, id, outcome.sentAt, outcome.messageId],
    );
  } else {
    await db.query(
      `update handle_with_care_notices set status = 'failed', failure = $3
       where jurisdiction_id = $1 and id = $2 and status <> 'sent'`,
      [jurisdictionId, id, outcome.failure],
    );
  }
}
