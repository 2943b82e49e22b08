import { gridDisk, latLngToCell } from 'h3-js';
import { listOrganizations } from '../access/jurisdictions/jurisdiction-service.js';
import { pointPrecisions } from '../geocoding/location-precision.js';
import type { ParsedReport } from '../intake/report-validation.js';
import type { Queryable } from '../platform/database.js';
import { newId } from '../platform/ids.js';
import { CANDIDATE_WINDOW_MS, decideLink } from './linkage.js';
import {
  anyReportFrom,
  findOverdosesNear,
  insertLinkageReviews,
  type NewLinkageReview,
  organizationsOfOverdoses,
} from './linkage-repository.js';

/** A new report offered to linkage: its place in the batch, its ids, and its facts. */
export interface LinkableReport {
  index: number;
  reportId: string;
  /** The overdose the report makes if it joins none. */
  overdoseId: string;
  report: ParsedReport;
}

/**
 * Links new reports inside intake's transaction: for each, the existing overdose it describes
 * (reported by another organization), if any; reports left unlinked with candidates in the review band
 * queue them for an analyst. Skipped outright while no other organization has reported in the
 * jurisdiction, which keeps single-source bulk imports free of the lookup. Returns the links by index.
 */
export async function linkNewReports(
  tx: Queryable,
  jurisdictionId: string,
  organizationId: string,
  now: Date,
  reports: readonly LinkableReport[],
): Promise<Map<number, string>> {
  const links = new Map<number, string>();
  // A ZIP's, town's or county's centroid is not where the overdose happened: distance cannot link it.
  const linkable = reports.filter(
    (r) =>
      r.report.timeKnown &&
      r.report.latitude !== null &&
      r.report.longitude !== null &&
      pointPrecisions.includes(r.report.locationPrecision),
  );
  if (linkable.length === 0 || !(await otherOrganizationsReported(tx, jurisdictionId, organizationId)))
    return links;
  // Resolution-7 cells are about 1.2 km across, so a cell and its neighbours hold every overdose
  // within the review distance.
  const probes = linkable.map((r) => ({
    index: r.index,
    at: r.report.occurredAt,
    cells: gridDisk(latLngToCell(r.report.latitude as number, r.report.longitude as number, 7), 1),
  }));
  const near = await findOverdosesNear(tx, jurisdictionId, probes, CANDIDATE_WINDOW_MS);
  const organizations = await organizationsOfOverdoses(tx, jurisdictionId, [
    ...new Set([...near.values()].flat().map((c) => c.id)),
  ]);
  const reviews: NewLinkageReview[] = [];
  for (const { index, reportId, overdoseId, report } of linkable) {
    const candidates = (near.get(index) ?? []).map((c) => ({
      ...c,
      organizationIds: organizations.get(c.id) ?? [],
    }));
    const { linked, review } = decideLink(report, organizationId, candidates);
    for (const r of review)
      reviews.push({
        id: newId(),
        reportId,
        reportOverdoseId: overdoseId,
        candidateOverdoseId: r.overdoseId,
        score: r.score,
        reasons: r.reasons,
      });
    if (!linked) continue;
    links.set(index, linked.overdoseId);
    // One source sends one record of an event: a second report of this batch may not join it too.
    organizations.set(linked.overdoseId, [...(organizations.get(linked.overdoseId) ?? []), organizationId]);
  }
  await insertLinkageReviews(tx, jurisdictionId, now, reviews);
  return links;
}

/** Whether any organization of the jurisdiction other than this one has sent reports (the organizations are access's). */
async function otherOrganizationsReported(
  tx: Queryable,
  jurisdictionId: string,
  organizationId: string,
): Promise<boolean> {
  const organizations = await listOrganizations(tx, jurisdictionId);
  return anyReportFrom(
    tx,
    jurisdictionId,
    organizations.map((o) => o.id).filter((id) => id !== organizationId),
  );
}
