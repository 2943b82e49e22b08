import type { AuditTrailRow } from './audit-trail-repository.js';

/**
 * Records kept in registers that only their own readers open: the coercive-acts register reaches its
 * program's oversight and no one else (DESIGN.md), administrators included.
 */
const REGISTER_SUBJECTS: ReadonlySet<string> = new Set(['coercive_act']);

/**
 * An entry as the audit trail may show it: an entry about a register's record keeps who acted, what
 * and when (so the trail stays whole and an audit sees that it happened), but not which record it was
 * nor what it held; the register's own readers see those. Pure.
 */
export function withholdRegisterRecord(row: AuditTrailRow): AuditTrailRow {
  if (!REGISTER_SUBJECTS.has(row.subject_type)) return row;
  return { ...row, subject_id: null, details: { withheld: 'kept in the register; its oversight reads it' } };
}
