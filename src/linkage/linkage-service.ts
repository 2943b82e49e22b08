import { gridDisk, latLngToCell } from 'h3-js';
import { listOrganizations } from '../access/jurisdictions/jurisdiction-service.js';
import { pointPrecisions } from '../geocoding/location-precision.js';
import type { ParsedReport } from '../intake/report-validation.js';
import { personsSharingMatchKeys } from '../persons/person-vault.js';
import type { Queryable } from '../platform/database.js';
import { newId } from '../platform/ids.js';
import { EVENT_WINDOW_MS } from './candidate-pairs.js';
import { CANDIDATE_WINDOW_MS, decideLink } from './linkage.js';
import type { NewLinkageDecision } from './linkage-decision.js';
import { insertLinkageDecisions } from './linkage-decision-repository.js';
import { readLinkageModel } from './linkage-model-repository.js';
import {
  anyReportFrom,
  findOverdosesNear,
  findOverdosesOnDays,
  insertLinkageReviews,
  type NewLinkageReview,
  organizationsOfOverdoses,
  personsOfOverdoses,
} from './linkage-repository.js';

/** How many rings of r7 cells a date-only report's candidates are looked up in (about 4 km around). */
const DATE_ONLY_RING = 2;

/** A new report offered to linkage: its place in the batch, its ids, and its facts. */
export interface LinkableReport {
  index: number;
  reportId: string;
  /** The overdose the report makes if it joins none. */
  overdoseId: string;
  report: ParsedReport;
  /** The vault match keys (hex, under every configured key) of the person it names; none when it names none. */
  matchKeys?: readonly string[];
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
  // A ZIP's, town's or county's centroid is not where the overdose happened: distance cannot link it,
  // so only reports with the incident's own point are looked up (centroid-placed ones stay apart).
  const placed = reports.filter(
    (r) =>
      r.report.latitude !== null &&
      r.report.longitude !== null &&
      pointPrecisions.includes(r.report.locationPrecision),
  );
  if (placed.length === 0 || !(await otherOrganizationsReported(tx, jurisdictionId, organizationId)))
    return links;
  // The jurisdiction's model decides once it has one (one primary-key read), else the closeness rule,
  // which links only reports with a time of day.
  const model = (await readLinkageModel(tx, jurisdictionId))?.model ?? null;
  const linkable = model ? placed : placed.filter((r) => r.report.timeKnown);
  const cellOf = (r: LinkableReport) =>
    latLngToCell(r.report.latitude as number, r.report.longitude as number, 7);
  // Resolution-7 cells are about 1.2 km across, so a cell and its neighbours hold every overdose
  // within the review distance.
  const timed = linkable.filter((r) => r.report.timeKnown);
  const near = await findOverdosesNear(
    tx,
    jurisdictionId,
    organizationId,
    timed.map((r) => ({ index: r.index, at: r.report.occurredAt, cells: gridDisk(cellOf(r), 1) })),
    model ? EVENT_WINDOW_MS : CANDIDATE_WINDOW_MS,
  );
  if (model) {
    // Date-only records meet by day: a death's date against every overdose of the days around it, a
    // timed report against the date-only overdoses; a date-only point is often a place's, so wider.
    const onDays = await findOverdosesOnDays(
      tx,
      jurisdictionId,
      organizationId,
      linkable.map((r) => ({
        index: r.index,
        day: r.report.occurredDate,
        cells: gridDisk(cellOf(r), DATE_ONLY_RING),
        dateOnly: r.report.timeKnown,
      })),
    );
    for (const [index, found] of onDays) {
      const known = near.get(index) ?? [];
      near.set(index, [...known, ...found.filter((c) => !known.some((k) => k.id === c.id))]);
    }
  }
  const nearIds = [...new Set([...near.values()].flat().map((c) => c.id))];
  const organizations = await organizationsOfOverdoses(tx, jurisdictionId, nearIds);
  // Persons are compared only under a model and when this batch names some (two reads, else none).
  const keysOf =
    model && linkable.some((r) => (r.matchKeys?.length ?? 0) > 0)
      ? await matchKeysOfOverdoses(tx, jurisdictionId, nearIds)
      : new Map<string, string[]>();
  const reviews: NewLinkageReview[] = [];
  // Each automatic link is kept with its score: the record view says how a report joined its overdose.
  const automatic: NewLinkageDecision[] = [];
  for (const { index, reportId, overdoseId, report, matchKeys } of linkable) {
    const candidates = (near.get(index) ?? []).map((c) => ({
      ...c,
      organizationIds: organizations.get(c.id) ?? [],
      matchKeys: keysOf.get(c.id) ?? [],
    }));
    const { linked, review } = decideLink(report, organizationId, candidates, model, matchKeys ?? []);
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
    automatic.push({
      id: newId(now.getTime()),
      kind: 'merge',
      overdoseId: linked.overdoseId,
      reportIds: [reportId],
      score: linked.score,
      decidedByType: 'system',
      decidedBy: null,
      decidedAt: now,
    });
    // One source sends one record of an event: a second report of this batch may not join it too.
    organizations.set(linked.overdoseId, [...(organizations.get(linked.overdoseId) ?? []), organizationId]);
  }
  await insertLinkageReviews(tx, jurisdictionId, now, reviews);
  await insertLinkageDecisions(tx, jurisdictionId, automatic);
  return links;
}

/** The match keys (hex) of the persons each overdose's reports name; which persons is the vault's answer. */
async function matchKeysOfOverdoses(
  tx: Queryable,
  jurisdictionId: string,
  overdoseIds: readonly string[],
): Promise<Map<string, string[]>> {
  const named = await personsOfOverdoses(tx, jurisdictionId, overdoseIds);
  const keys = await personsSharingMatchKeys(tx, jurisdictionId, {
    personIds: [...new Set([...named.values()].flat())],
    matchKeys: [],
  });
  const result = new Map<string, string[]>();
  for (const [overdoseId, personIds] of named)
    result.set(
      overdoseId,
      personIds.flatMap((id) => (keys.has(id) ? [keys.get(id) as string] : [])),
    );
  return result;
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
