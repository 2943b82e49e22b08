import { listOrganizations } from '../access/jurisdictions/jurisdiction-service.js';
import { userNames } from '../access/users/user-directory.js';
import type { Queryable } from '../platform/database.js';
import { decisionsPlacingReports, readOverdoseSources } from './linkage-decision-repository.js';
import { type ReportLink, reportLink } from './report-link.js';

/** One source record of an overdose with its organization and how it was linked. */
export interface OverdoseSource {
  reportId: string;
  sourceType: string;
  organizationId: string;
  organizationName: string | null;
  sourceRecordId: string;
  version: number;
  receivedAt: Date;
  link: ReportLink & { decidedByName: string | null };
}

/**
 * The sources of one overdose, first received first: each source record (newest version) with its
 * organization's name and how it joined (first report, automatic link with its score, confirmed review
 * by whom, split). No actor is checked here: the caller is a service that has checked its reader's.
 */
export async function overdoseSources(
  db: Queryable,
  jurisdictionId: string,
  overdoseId: string,
): Promise<OverdoseSource[]> {
  const sources = await readOverdoseSources(db, jurisdictionId, overdoseId);
  if (sources.length === 0) return [];
  const decisions = await decisionsPlacingReports(
    db,
    jurisdictionId,
    overdoseId,
    sources.flatMap((s) => s.versionIds),
  );
  const links = sources.map((s) => reportLink(s.versionIds, decisions));
  const deciders = [...new Set(links.flatMap((l) => (l.decidedBy ? [l.decidedBy] : [])))];
  const names = await userNames(db, jurisdictionId, deciders);
  const organizations = new Map((await listOrganizations(db, jurisdictionId)).map((o) => [o.id, o.name]));
  return sources.map((s, i) => {
    const link = links[i] as ReportLink;
    return {
      reportId: s.reportId,
      sourceType: s.sourceType,
      organizationId: s.organizationId,
      organizationName: organizations.get(s.organizationId) ?? null,
      sourceRecordId: s.sourceRecordId,
      version: s.version,
      receivedAt: s.firstReceivedAt,
      link: { ...link, decidedByName: link.decidedBy ? (names.get(link.decidedBy) ?? null) : null },
    };
  });
}
