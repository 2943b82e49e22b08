import type { Queryable } from '../../platform/database.js';
import type { AuditRecord } from './audit-chain.js';
import { appendAuditEntries, lockAuditChainHead } from './audit-repository.js';

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

/**
 * Takes the jurisdiction's audit trail lock for the rest of the caller's transaction, as writing an
 * entry does: a module with a per-jurisdiction lock of its own in audited transactions takes this
 * one first, so the two are always taken in one order.
 */
export async function lockAuditTrail(tx: Queryable, jurisdictionId: string): Promise<void> {
  await lockAuditChainHead(tx, jurisdictionId);
}
