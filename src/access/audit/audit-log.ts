import type { Queryable } from '../../platform/database.js';
import { type AuditRecord, appendAuditEntries } from './audit-repository.js';

/** What a caller says about an action (who, what, on which subject, why); the chain fields are added here. */
export type AuditLogEntry = AuditRecord;

/**
 * The audit log's face to other modules: appends entries to a jurisdiction's hash chain inside the
 * caller's transaction, so the entry commits or rolls back with the change it records.
 */
export async function recordAuditEntries(
  tx: Queryable,
  jurisdictionId: string,
  at: Date,
  entries: AuditLogEntry[],
): Promise<void> {
  await appendAuditEntries(tx, jurisdictionId, at, entries);
}
