import { z } from 'zod';
import { spreadsheetSafe } from '../../../platform/csv/csv-escape.js';
import type { AuditTrailRow } from './audit-trail-repository.js';

/** One audit entry as the trail shows it to an administrator; its details as the JSON written. */
export const auditTrailEntrySchema = z.object({
  seq: z.number().int(),
  at: z.iso.datetime(),
  actor_type: z.string(),
  actor_id: z.string().nullable(),
  actor_email: z.string().nullable().describe("The acting user's email (null for keys, jobs and the CLI)"),
  action: z.string(),
  subject_type: z.string(),
  subject_id: z.string().nullable(),
  purpose: z.string().nullable(),
  details: z.unknown().describe('What the entry recorded, as written (filters, counts, reasons)'),
  hash: z.string(),
});

/** One entry as it leaves the server. */
export type PresentedAuditTrailEntry = z.infer<typeof auditTrailEntrySchema>;

/** A page of the trail, newest first, and the cursor of the next (older) page. */
export const auditTrailPageSchema = z.object({
  entries: z.array(auditTrailEntrySchema),
  next: z.string().nullable().describe('The cursor of the next page; null on the last page'),
});

/** Lists exactly the fields of an entry that leave the server (no prev_hash, no jurisdiction). */
export function presentAuditTrailEntry(row: AuditTrailRow): PresentedAuditTrailEntry {
  return {
    seq: row.seq,
    at: row.at.toISOString(),
    actor_type: row.actor_type,
    actor_id: row.actor_id,
    actor_email: row.actor_email,
    action: row.action,
    subject_type: row.subject_type,
    subject_id: row.subject_id,
    purpose: row.purpose,
    details: row.details,
    hash: row.hash,
  };
}

/** The CSV columns of an export, in order; details as one JSON cell. */
export const auditTrailCsvColumns = [
  'seq',
  'at',
  'actor_type',
  'actor_id',
  'actor_email',
  'action',
  'subject_type',
  'subject_id',
  'purpose',
  'details',
  'hash',
] as const;

/** One entry's CSV cells, in the order of auditTrailCsvColumns; no text cell opens as a formula. */
export function auditTrailCsvCells(entry: PresentedAuditTrailEntry): (string | number | null)[] {
  return auditTrailCsvColumns.map((column) => {
    const value = column === 'details' ? JSON.stringify(entry.details ?? {}) : entry[column];
    return typeof value === 'string' ? spreadsheetSafe(value) : value;
  });
}
