import { decideAccess } from '../../access/access-decision.js';
import { recordAuditEntries } from '../../access/audit/audit-log.js';
import { authorize } from '../../access/authorize.js';
import type { Jurisdiction } from '../../access/jurisdictions/jurisdiction.js';
import { findJurisdiction } from '../../access/jurisdictions/jurisdiction-service.js';
import { type Actor, auditActor } from '../../access/roles.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/database.js';
import { SosError } from '../../platform/errors.js';
import { decodePageCursor, encodePageCursor } from '../../platform/page-cursor.js';
import { listDeliveriesOfReports } from '../schedules/delivery-repository.js';
import { type Audience, audiences } from '../weekly/weekly-report.js';
import { readableAudiences } from './archive-access.js';
import { type ArchivePage, presentArchivedReport } from './archive-presenter.js';
import { findArchivedFile, listArchivedReports } from './archive-repository.js';
import type { ArchivedFile } from './archived-report.js';

/** What the archive service needs. */
export interface ArchiveServiceDependencies {
  db: Database;
  clock: Clock;
}

/** A page of the archive, newest first, and the cursor of the next page (null on the last). */

const audienceNames: Record<Audience, string> = {
  internal: 'Internal reports are read by analysts of their jurisdiction',
  partner: 'Partner reports are read by analysts and partners of their jurisdiction',
  public: 'Public reports are open to everyone',
};

/** The jurisdiction asked for (id or short name), else the signed-in user's own. */
async function jurisdictionOf(db: Database, actor: Actor, asked: string | undefined): Promise<Jurisdiction> {
  const wanted = asked ?? (actor.kind === 'user' ? actor.jurisdictionId : undefined);
  if (wanted === undefined) {
    throw new SosError(
      'VALIDATION_FAILED',
      'Name the jurisdiction whose reports you want (id or short name)',
      {
        field: 'jurisdiction',
      },
    );
  }
  const jurisdiction = await findJurisdiction(db, wanted);
  if (!jurisdiction) throw new SosError('UNKNOWN_JURISDICTION');
  return jurisdiction;
}

/** Throws unless the actor may read the jurisdiction's reports of the audience. */
function mustRead(actor: Actor, jurisdictionId: string, audience: Audience): void {
  if (readableAudiences(actor, jurisdictionId).includes(audience)) return;
  if (actor.kind === 'public') throw new SosError('UNAUTHENTICATED', `${audienceNames[audience]}: sign in`);
  throw new SosError('FORBIDDEN', `${audienceNames[audience]}; your role or jurisdiction may not read them`);
}

/**
 * A page of a jurisdiction's archive, newest first, metadata only: the audiences the actor may read
 * (or the one asked for, when they may); for those who manage the archive (report_archive.list)
 * every audience of their own jurisdiction with each report's deliveries, and a download link only
 * on the reports they may read.
 */
export async function readArchive(
  deps: ArchiveServiceDependencies,
  actor: Actor,
  query: {
    jurisdiction?: string | undefined;
    audience?: Audience | undefined;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<ArchivePage> {
  authorize(actor, 'report_archive.read_public');
  const cursor = query.cursor === undefined ? null : decodePageCursor(query.cursor);
  const after = cursor && { madeAt: cursor.at, id: cursor.id };
  const jurisdiction = await jurisdictionOf(deps.db, actor, query.jurisdiction);
  const readable = readableAudiences(actor, jurisdiction.id);
  const manages =
    decideAccess(actor, 'report_archive.list', { type: 'archived_report', jurisdictionId: jurisdiction.id })
      .effect === 'allow';
  if (query.audience && !manages) mustRead(actor, jurisdiction.id, query.audience);
  const listed = query.audience ? [query.audience] : manages ? [...audiences] : readable;
  const rows = await listArchivedReports(deps.db, jurisdiction.id, listed, query.limit + 1, after);
  const shown = rows.slice(0, query.limit);
  const last = shown.at(-1);
  const deliveries = manages
    ? await listDeliveriesOfReports(
        deps.db,
        jurisdiction.id,
        shown.map((r) => r.id),
      )
    : [];
  return {
    jurisdiction_id: jurisdiction.id,
    reports: shown.map((report) =>
      presentArchivedReport(report, {
        readable: readable.includes(report.audience),
        deliveries: manages ? deliveries.filter((d) => d.archiveId === report.id) : undefined,
      }),
    ),
    next_cursor:
      rows.length > query.limit && last ? encodePageCursor({ at: last.madeAt, id: last.id }) : null,
  };
}

/**
 * One archived report's file, for an actor who may read its audience; reading an internal or
 * partner report is written to the audit trail (public ones are open to anyone, unnamed).
 */
export async function downloadArchivedReport(
  deps: ArchiveServiceDependencies,
  actor: Actor,
  id: string,
  asked: string | undefined,
): Promise<ArchivedFile> {
  authorize(actor, 'report_archive.read_public');
  const jurisdiction = await jurisdictionOf(deps.db, actor, asked);
  const file = await findArchivedFile(deps.db, jurisdiction.id, id);
  if (!file) throw new SosError('NOT_FOUND', 'No archived report by that id');
  mustRead(actor, jurisdiction.id, file.audience);
  if (file.audience !== 'public') {
    await deps.db.transaction((tx) =>
      recordAuditEntries(tx, jurisdiction.id, deps.clock.now(), [
        {
          ...auditActor(actor),
          action: 'report_archive.download',
          subjectType: 'report_archive',
          subjectId: file.id,
          purpose: null,
          details: { audience: file.audience, week: file.week, format: file.format, sha256: file.sha256 },
        },
      ]),
    );
  }
  return file;
}
