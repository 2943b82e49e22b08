import type { Queryable } from '../../platform/database.js';
import type { AuditRecord } from './audit-chain.js';
import { appendAuditEntries } from './audit-repository.js';

/**
 * Writes what other modules did to the jurisdiction's audit trail, inside the caller's transaction
 * (so the entry stands or falls with the change it records). No actor is checked here: each caller
 * is a service that has already checked its own.
 */
export async function recordAuditEntries(
  tx: Queryable,
  jurisdictionId: string,
  at: Date,
  records: AuditRecord[],
): Promise<void> {
  await appendAuditEntries(tx, jurisdictionId, at, records);
}
