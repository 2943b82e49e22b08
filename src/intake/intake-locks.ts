import type { Queryable } from '../platform/database.js';

/**
 * Stripes of one organization's intake lock. A batch locks only the stripes of its records, so two
 * single reports of one organization (different records) write at the same time instead of queueing
 * behind each other for their whole transaction; at most this many advisory locks per organization
 * per transaction, well inside PostgreSQL's shared lock table.
 */
export const INTAKE_LOCK_STRIPES = 64;

/** The stripe of a source record id: FNV-1a of its UTF-16 code units, modulo the stripes (pure). */
export function intakeStripeOf(sourceRecordId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < sourceRecordId.length; i++) {
    hash ^= sourceRecordId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % INTAKE_LOCK_STRIPES;
}

/** Takes the given stripes of an organization's intake lock until the transaction ends, lowest first. */
async function lockStripes(
  tx: Queryable,
  jurisdictionId: string,
  organizationId: string,
  stripes: readonly number[],
): Promise<void> {
  // One order for every transaction (ascending), so two that want several stripes never deadlock; the
  // function scan of unnest hands the array's elements to the lock calls in their order.
  const sorted = [...new Set(stripes)].sort((a, b) => a - b);
  if (sorted.length === 0) return;
  await tx.query(
    `select pg_advisory_xact_lock(hashtextextended($1 || stripe::text, 0)) from unnest($2::int[]) as stripe`,
    [`intake:${jurisdictionId}:${organizationId}:`, sorted],
  );
}

/**
 * Holds, until the transaction ends, the right to write these source records of one organization: two
 * batches of the same records (two imports of one file, a resent API batch) would otherwise both find
 * no stored version and both insert version 1. The second waits, then sees the first's rows as
 * duplicates; batches of other records of the organization go on meanwhile (unless a stripe is shared).
 */
export function lockSourceRecords(
  tx: Queryable,
  jurisdictionId: string,
  organizationId: string,
  sourceRecordIds: readonly string[],
): Promise<void> {
  return lockStripes(tx, jurisdictionId, organizationId, sourceRecordIds.map(intakeStripeOf));
}

/**
 * Holds every stripe of an organization's intake until the transaction ends: no batch of the
 * organization writes meanwhile (a merge or split of its overdoses).
 */
export function lockOrganizationIntake(
  tx: Queryable,
  jurisdictionId: string,
  organizationId: string,
): Promise<void> {
  const all = Array.from({ length: INTAKE_LOCK_STRIPES }, (_, stripe) => stripe);
  return lockStripes(tx, jurisdictionId, organizationId, all);
}
