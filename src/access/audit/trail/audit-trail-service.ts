import { Readable } from 'node:stream';
import type { Clock } from '../../../platform/clock.js';
import { csvLine } from '../../../platform/csv/csv-escape.js';
import type { Database } from '../../../platform/database.js';
import { SosError } from '../../../platform/errors.js';
import { instantOfWallTime } from '../../../platform/time-zones.js';
import { authorizeUser, type SignedInUser } from '../../authorize.js';
import { findJurisdiction } from '../../jurisdictions/jurisdiction-service.js';
import type { Actor } from '../../roles.js';
import { auditRead } from '../read-audit.js';
import { decodeAuditTrailCursor, encodeAuditTrailCursor } from './audit-trail-cursor.js';
import {
  auditTrailCsvCells,
  auditTrailCsvColumns,
  type PresentedAuditTrailEntry,
  presentAuditTrailEntry,
} from './audit-trail-presenter.js';
import { type AuditTrailCriteria, listAuditTrail } from './audit-trail-repository.js';
import { withholdRegisterRecord } from './register-entries.js';

/** The trail's filter as the API takes it: dates are local days of the jurisdiction, both included. */
export interface AuditTrailFilter {
  user?: string | undefined;
  action?: string | undefined;
  subject_type?: string | undefined;
  subject_id?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** Rows an export reads per query. */
const EXPORT_PAGE = 1000;

/** The instant a local day starts in a time zone. */
function dayStart(day: string, timeZone: string): Date {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return instantOfWallTime({ year, month, day: date, hour: 0, minute: 0, second: 0 }, timeZone);
}

/** The day after a 'YYYY-MM-DD' day. */
function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** The filter as repository criteria, the dates cut in the reader's jurisdiction's time zone. */
async function criteriaOf(
  db: Database,
  reader: SignedInUser,
  filter: AuditTrailFilter,
): Promise<AuditTrailCriteria> {
  if (filter.from && filter.to && filter.from > filter.to) {
    throw new SosError('VALIDATION_FAILED', `to (${filter.to}) is before from (${filter.from})`, {
      field: 'to',
    });
  }
  const timeZone = (await findJurisdiction(db, reader.jurisdictionId))?.timeZone ?? 'UTC';
  return {
    jurisdictionId: reader.jurisdictionId,
    ...(filter.user ? { user: filter.user } : {}),
    ...(filter.action ? { actionPrefix: filter.action } : {}),
    ...(filter.subject_type ? { subjectType: filter.subject_type } : {}),
    ...(filter.subject_id ? { subjectId: filter.subject_id } : {}),
    ...(filter.from ? { fromAt: dayStart(filter.from, timeZone) } : {}),
    ...(filter.to ? { toAt: dayStart(nextDay(filter.to), timeZone) } : {}),
  };
}

/** The filter as audited: the fields given, nothing else. */
function filterDetails(filter: AuditTrailFilter): Record<string, string> {
  return Object.fromEntries(
    Object.entries(filter).filter(([, v]) => typeof v === 'string' && v !== ''),
  ) as Record<string, string>;
}

/**
 * A page of the administrator's jurisdiction's audit trail, newest first. The trail names who read
 * which persons (T2), so each page read is itself audited, with purpose `audit`.
 */
export async function readAuditTrailPage(
  deps: { db: Database; clock: Clock },
  actor: Actor,
  query: AuditTrailFilter & { limit: number; cursor: string | null },
): Promise<{ entries: PresentedAuditTrailEntry[]; next: string | null }> {
  authorizeUser(actor, 'audit.read');
  const { limit, cursor, ...filter } = query;
  const before = cursor ? decodeAuditTrailCursor(cursor) : null;
  const rows = await listAuditTrail(deps.db, await criteriaOf(deps.db, actor, filter), before, limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  await auditRead(deps, actor, {
    action: 'audit.read',
    subjectType: 'audit_entry',
    purpose: 'audit',
    details: { ...filterDetails(filter), page_after: before !== null, records: page.length },
  });
  return {
    entries: page.map((row) => presentAuditTrailEntry(withholdRegisterRecord(row))),
    next: rows.length > limit && last ? encodeAuditTrailCursor(last.seq) : null,
  };
}

/**
 * The trail's entries the filter keeps, as CSV streamed page by page (newest first). The export is
 * audited (`audit.export`, with its filter) before its first row leaves.
 */
export async function exportAuditTrailCsv(
  deps: { db: Database; clock: Clock },
  actor: Actor,
  filter: AuditTrailFilter,
): Promise<{ fileName: string; stream: Readable }> {
  authorizeUser(actor, 'audit.read');
  const criteria = await criteriaOf(deps.db, actor, filter);
  await auditRead(deps, actor, {
    action: 'audit.export',
    subjectType: 'audit_entry',
    purpose: 'audit',
    details: filterDetails(filter),
  });
  async function* lines(): AsyncGenerator<string> {
    yield csvLine(auditTrailCsvColumns);
    let before: number | null = null;
    for (;;) {
      const rows = await listAuditTrail(deps.db, criteria, before, EXPORT_PAGE);
      for (const row of rows) {
        yield csvLine(auditTrailCsvCells(presentAuditTrailEntry(withholdRegisterRecord(row))));
      }
      if (rows.length < EXPORT_PAGE) return;
      before = (rows[rows.length - 1] as (typeof rows)[number]).seq;
    }
  }
  const day = deps.clock.now().toISOString().slice(0, 10);
  return { fileName: `audit-trail-${day}.csv`, stream: Readable.from(lines()) };
}
