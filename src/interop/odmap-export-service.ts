import { recordAuditEntries } from '../access/audit/audit-log.js';
import { authorize, authorizeUser } from '../access/authorize.js';
import {
  findJurisdiction,
  findOrganization,
  listOrganizations,
} from '../access/jurisdictions/jurisdiction-service.js';
import type { Resource } from '../access/resource.js';
import { type Actor, auditActor } from '../access/roles.js';
import { assertRecentlyAuthenticated } from '../access/sessions/reauthentication.js';
import type { Clock } from '../platform/clock.js';
import { csvLine } from '../platform/csv/csv-escape.js';
import type { Database, Queryable } from '../platform/database.js';
import { SosError } from '../platform/errors.js';
import { decodePageCursor, encodePageCursor } from '../platform/page-cursor.js';
import {
  type AgencyOverdose,
  countAgencyOverdoses,
  readAgencyOverdosePage,
} from '../surveillance/agency-overdoses.js';
import { ODMAP_CSV_COLUMNS, type OdmapRecord, odmapCsvLine, odmapRecordOf } from './odmap-record.js';

/** Overdoses read from the database at once while a CSV export streams. */
const STREAM_PAGE = 1_000;

const SIGNED_IN_ONLY = 'Only signed-in users export overdoses';

/**
 * An agency's overdoses as a policy sees them. No tier on the record: the action is T2 (second-factor
 * rule included), and a submitter, a T0 role, exports only what its own organization sent.
 */
function agencyResource(jurisdictionId: string, organizationId: string): Resource {
  return { type: 'organization', jurisdictionId, organizationId };
}

/** What an export needs: the database and the clock. */
export interface ExportDependencies {
  db: Database;
  clock: Clock;
}

/** Which overdoses an export takes: one agency's, whose local day is within [from, to]. */
export interface OdmapExportRequest {
  organizationId: string;
  from: string;
  to: string;
}

/** A page of ODMAP records as JSON, with the cursor of the next page and the count in all. */
export interface OdmapPage {
  records: OdmapRecord[];
  next: string | null;
  total: number;
}

/** The agency, its jurisdiction's time zone and the names of agencies, once the export is allowed. */
interface ExportScope {
  jurisdictionId: string;
  organization: { id: string; name: string };
  timeZone: string;
}

/**
 * Allows the export (an analyst: any agency of the jurisdiction; a submitter: its own organization,
 * T2 with the jurisdiction's second-factor rule) and checks the range and the agency.
 */
async function openExport(
  deps: ExportDependencies,
  actor: Actor,
  request: OdmapExportRequest,
): Promise<ExportScope> {
  authorizeUser(actor, 'interop.export', SIGNED_IN_ONLY);
  authorize(actor, 'interop.export', agencyResource(actor.jurisdictionId, request.organizationId));
  assertRecentlyAuthenticated(actor, deps.clock.now());
  if (request.to < request.from) {
    throw new SosError('VALIDATION_FAILED', `to (${request.to}) is before from (${request.from})`, {
      field: 'to',
    });
  }
  const organization = await findOrganization(deps.db, actor.jurisdictionId, request.organizationId);
  if (!organization) throw new SosError('NOT_FOUND', `No organization ${request.organizationId}`);
  const timeZone = (await findJurisdiction(deps.db, actor.jurisdictionId))?.timeZone ?? 'UTC';
  return {
    jurisdictionId: actor.jurisdictionId,
    organization: { id: organization.id, name: organization.name },
    timeZone,
  };
}

/** The ODMAP record of an overdose exported for an agency: the agency is the one asked for. */
function recordFor(overdose: AgencyOverdose, scope: ExportScope): OdmapRecord {
  return odmapRecordOf({ ...overdose, agency: scope.organization }, scope.timeZone);
}

async function auditExport(
  db: Queryable,
  actor: Actor,
  scope: ExportScope,
  now: Date,
  details: Record<string, unknown>,
): Promise<void> {
  await recordAuditEntries(db, scope.jurisdictionId, now, [
    {
      ...auditActor(actor),
      action: 'interop.odmap_export',
      subjectType: 'organization',
      subjectId: scope.organization.id,
      purpose: 'surveillance',
      details,
    },
  ]);
}

/**
 * One agency's overdoses as an ODMAP CSV file, streamed page by page (a year of a large agency never
 * sits in memory). The export is audited with its count before the first byte leaves.
 */
export async function exportOdmapCsv(
  deps: ExportDependencies,
  actor: Actor,
  request: OdmapExportRequest,
): Promise<{ fileName: string; records: number; lines: AsyncIterable<string> }> {
  const scope = await openExport(deps, actor, request);
  const query = { organizationId: request.organizationId, from: request.from, to: request.to };
  const records = await countAgencyOverdoses(deps.db, scope.jurisdictionId, query);
  await deps.db.transaction((tx) =>
    auditExport(tx, actor, scope, deps.clock.now(), {
      organization_id: request.organizationId,
      from: request.from,
      to: request.to,
      format: 'csv',
      records,
    }),
  );
  const jurisdictionId = scope.jurisdictionId;
  async function* lines(): AsyncIterable<string> {
    yield csvLine(ODMAP_CSV_COLUMNS);
    let after: { occurredAt: Date; id: string } | null = null;
    for (;;) {
      const page = await readAgencyOverdosePage(deps.db, jurisdictionId, {
        ...query,
        after,
        limit: STREAM_PAGE,
      });
      let text = '';
      for (const overdose of page) text += odmapCsvLine(recordFor(overdose, scope));
      if (text) yield text;
      const last = page[page.length - 1];
      if (!last || page.length < STREAM_PAGE) return;
      after = { occurredAt: last.occurredAt, id: last.id };
    }
  }
  return {
    fileName: `odmap-${slug(scope.organization.name)}-${request.from}-to-${request.to}.csv`,
    records,
    lines: lines(),
  };
}

/** One page of an agency's ODMAP records as JSON, in time order; each page read is audited. */
export async function readOdmapPage(
  deps: ExportDependencies,
  actor: Actor,
  request: OdmapExportRequest & { cursor: string | null; limit: number },
): Promise<OdmapPage> {
  const scope = await openExport(deps, actor, request);
  const jurisdictionId = scope.jurisdictionId;
  const position = request.cursor ? decodePageCursor(request.cursor) : null;
  const query = { organizationId: request.organizationId, from: request.from, to: request.to };
  const [rows, total] = await Promise.all([
    readAgencyOverdosePage(deps.db, jurisdictionId, {
      ...query,
      after: position ? { occurredAt: position.at, id: position.id } : null,
      limit: request.limit + 1,
    }),
    countAgencyOverdoses(deps.db, jurisdictionId, query),
  ]);
  const page = rows.slice(0, request.limit);
  const last = page[page.length - 1];
  const next =
    rows.length > request.limit && last ? encodePageCursor({ at: last.occurredAt, id: last.id }) : null;
  await deps.db.transaction((tx) =>
    auditExport(tx, actor, scope, deps.clock.now(), {
      organization_id: request.organizationId,
      from: request.from,
      to: request.to,
      format: 'json',
      page_after: position !== null,
      records: page.length,
    }),
  );
  return { records: page.map((o) => recordFor(o, scope)), next, total };
}

/** The agencies an actor may export: every organization for an analyst, its own for a submitter. */
export async function listExportableAgencies(
  deps: ExportDependencies,
  actor: Actor,
): Promise<{ id: string; name: string; type: string }[]> {
  authorizeUser(actor, 'interop.export', SIGNED_IN_ONLY);
  const organizations = await listOrganizations(deps.db, actor.jurisdictionId);
  const allowed = organizations.filter((o) => {
    try {
      authorize(actor, 'interop.export', agencyResource(actor.jurisdictionId, o.id));
      return true;
    } catch {
      return false;
    }
  });
  return allowed.map((o) => ({ id: o.id, name: o.name, type: o.type }));
}

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'agency'
  );
}
