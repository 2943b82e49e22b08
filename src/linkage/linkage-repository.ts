import type { Queryable } from '../platform/database.js';
import type { NearbyOverdose } from './linkage.js';
import type { LinkageReviewRow, LinkageReviewStatus } from './linkage-review.js';

// Linkage reads the overdoses and the reports that name them (what it decides about) and owns its
// review queue.

/** Whether any of these organizations has sent reports in the jurisdiction (one index probe each). */
export async function anyReportFrom(
  tx: Queryable,
  jurisdictionId: string,
  organizationIds: readonly string[],
): Promise<boolean> {
  if (organizationIds.length === 0) return false;
  const rows = await tx.query(
    `select 1 from unnest($2::uuid[]) as o(id)
     where exists (select 1 from reports r where r.jurisdiction_id = $1 and r.organization_id = o.id) limit 1`,
    [jurisdictionId, [...organizationIds]],
  );
  return rows.length > 0;
}

/** The organizations that reported each overdose. */
export async function organizationsOfOverdoses(
  tx: Queryable,
  jurisdictionId: string,
  overdoseIds: string[],
): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  if (overdoseIds.length === 0) return result;
  const rows = await tx.query<{ overdose_id: string; organization_id: string }>(
    `select distinct overdose_id, organization_id from reports
     where jurisdiction_id = $1 and overdose_id = any($2::uuid[])`,
    [jurisdictionId, overdoseIds],
  );
  for (const r of rows) result.set(r.overdose_id, [...(result.get(r.overdose_id) ?? []), r.organization_id]);
  return result;
}

/** The persons the reports of each overdose name. */
export async function personsOfOverdoses(
  tx: Queryable,
  jurisdictionId: string,
  overdoseIds: readonly string[],
): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  if (overdoseIds.length === 0) return result;
  const rows = await tx.query<{ overdose_id: string; person_id: string }>(
    `select distinct overdose_id, person_id from reports
     where jurisdiction_id = $1 and overdose_id = any($2::uuid[]) and person_id is not null`,
    [jurisdictionId, [...overdoseIds]],
  );
  for (const r of rows) result.set(r.overdose_id, [...(result.get(r.overdose_id) ?? []), r.person_id]);
  return result;
}

/**
 * The columns of a candidate overdose, as both lookups below read them. Each lookup reads the
 * candidates of one probe at a time (a lateral join), so the plan is an index range per probe
 * whatever the statistics say: joined plainly, a freshly loaded table estimated at a few rows was
 * scanned whole and compared with every probe.
 */
const CANDIDATE_COLUMNS = `o.id, o.occurred_at, o.occurred_date::text as occurred_date, o.time_known,
  o.latitude, o.longitude, o.sex, o.age, o.fatal, o.source_types`;

/** A candidate overdose row, with the index of the probe it was found for. */
interface CandidateRow {
  i: number;
  id: string;
  occurred_at: Date;
  occurred_date: string;
  time_known: boolean;
  latitude: number;
  longitude: number;
  sex: string | null;
  age: number | null;
  fatal: boolean | null;
  source_types: string[];
}

/**
 * Leaves out overdoses the linking organization reported itself ($6): a source never describes one
 * overdose twice (linkage.ts skips such candidates), and where one source reports densely, reading
 * them all made every report's lookup grow with that source's own recent reports.
 */
const NOT_REPORTED_BY_LINKING_ORGANIZATION = `not exists (select 1 from reports r
  where r.jurisdiction_id = $1 and r.overdose_id = o.id and r.organization_id = $6)`;

/** The candidate rows grouped by the probe they were found for. */
function byProbe(rows: readonly CandidateRow[]): Map<number, NearbyOverdose[]> {
  const found = new Map<number, NearbyOverdose[]>();
  for (const r of rows) {
    const list = found.get(r.i) ?? [];
    list.push({
      id: r.id,
      occurredAt: new Date(r.occurred_at),
      occurredDate: r.occurred_date,
      timeKnown: r.time_known,
      latitude: r.latitude,
      longitude: r.longitude,
      sex: r.sex,
      age: r.age,
      fatal: r.fatal,
      sourceTypes: r.source_types,
    });
    found.set(r.i, list);
  }
  return found;
}

/**
 * Overdoses with a known time near each probe (same or neighbouring H3 resolution-7 cell, within the
 * time window), for linking reports from several sources. Returns candidates per probe index. A
 * centroid (a ZIP's, a town's) is no incident point, so only overdoses with their own point are found.
 */
export async function findOverdosesNear(
  tx: Queryable,
  jurisdictionId: string,
  organizationId: string,
  probes: { index: number; at: Date; cells: string[] }[],
  windowMs: number,
): Promise<Map<number, NearbyOverdose[]>> {
  if (probes.length === 0) return new Map();
  const rows = await tx.query<CandidateRow>(
    `select u.i, o.*
     from unnest($2::int[], $3::timestamptz[], $4::text[]) as u(i, t, cells)
     cross join lateral (
       select ${CANDIDATE_COLUMNS} from overdoses o
       where o.jurisdiction_id = $1 and o.h3_r7 = any(u.cells::text[]) and o.time_known
         and o.location_precision in ('rooftop', 'address')
         and o.occurred_at between u.t - $5 * interval '1 millisecond' and u.t + $5 * interval '1 millisecond'
         and ${NOT_REPORTED_BY_LINKING_ORGANIZATION}
     ) o`,
    [
      jurisdictionId,
      probes.map((p) => p.index),
      probes.map((p) => p.at.toISOString()),
      probes.map((p) => `{${p.cells.join(',')}}`),
      windowMs,
      organizationId,
    ],
  );
  return byProbe(rows);
}

/**
 * Overdoses on the day of each probe or the day before or after, in its cells: the candidates of a
 * date-only report, or (`dateOnly`) the date-only overdoses a timed report may describe.
 */
export async function findOverdosesOnDays(
  tx: Queryable,
  jurisdictionId: string,
  organizationId: string,
  probes: { index: number; day: string; cells: string[]; dateOnly: boolean }[],
): Promise<Map<number, NearbyOverdose[]>> {
  if (probes.length === 0) return new Map();
  const rows = await tx.query<CandidateRow>(
    `select u.i, o.*
     from unnest($2::int[], $3::date[], $4::text[], $5::bool[]) as u(i, d, cells, date_only)
     cross join lateral (
       select ${CANDIDATE_COLUMNS} from overdoses o
       where o.jurisdiction_id = $1 and o.h3_r7 = any(u.cells::text[])
         and o.occurred_date between u.d - 1 and u.d + 1 and (not u.date_only or not o.time_known)
         and ${NOT_REPORTED_BY_LINKING_ORGANIZATION}
     ) o`,
    [
      jurisdictionId,
      probes.map((p) => p.index),
      probes.map((p) => p.day),
      probes.map((p) => `{${p.cells.join(',')}}`),
      probes.map((p) => p.dateOnly),
      organizationId,
    ],
  );
  return byProbe(rows);
}

/** A candidate link queued for review, as written in the intake transaction. */
export interface NewLinkageReview {
  id: string;
  reportId: string;
  reportOverdoseId: string;
  candidateOverdoseId: string;
  score: number;
  reasons: unknown;
}

/** Queues candidate links for review, one statement for the lot. */
export async function insertLinkageReviews(
  tx: Queryable,
  jurisdictionId: string,
  createdAt: Date,
  reviews: readonly NewLinkageReview[],
): Promise<void> {
  if (reviews.length === 0) return;
  await tx.query(
    `insert into linkage_reviews (jurisdiction_id, id, report_id, report_overdose_id, candidate_overdose_id,
       score, reasons, created_at)
     select $1, id, report_id, report_overdose_id, candidate_overdose_id, score, reasons::json, $7
     from unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::float8[], $8::text[])
       as u(id, report_id, report_overdose_id, candidate_overdose_id, score, reasons)`,
    [
      jurisdictionId,
      reviews.map((r) => r.id),
      reviews.map((r) => r.reportId),
      reviews.map((r) => r.reportOverdoseId),
      reviews.map((r) => r.candidateOverdoseId),
      reviews.map((r) => r.score),
      createdAt,
      reviews.map((r) => JSON.stringify(r.reasons)),
    ],
  );
}

const REVIEW_COLUMNS = `id, report_id as "reportId", report_overdose_id as "reportOverdoseId",
  candidate_overdose_id as "candidateOverdoseId", score, reasons, status, created_at as "createdAt",
  decided_by_type as "decidedByType", decided_by as "decidedBy", decided_at as "decidedAt"`;

function toReview(row: LinkageReviewRow): LinkageReviewRow {
  return {
    ...row,
    reasons: typeof row.reasons === 'string' ? JSON.parse(row.reasons) : row.reasons,
    createdAt: new Date(row.createdAt),
    decidedAt: row.decidedAt === null ? null : new Date(row.decidedAt),
  };
}

/** A jurisdiction's reviews in one status, oldest first. */
export async function listLinkageReviews(
  db: Queryable,
  jurisdictionId: string,
  status: LinkageReviewStatus,
  limit: number,
): Promise<LinkageReviewRow[]> {
  const rows = await db.query<LinkageReviewRow>(
    `select ${REVIEW_COLUMNS} from linkage_reviews where jurisdiction_id = $1 and status = $2
     order by created_at, id limit $3`,
    [jurisdictionId, status, limit],
  );
  return rows.map(toReview);
}

/** One review, locked for the rest of the transaction; null when there is none by that id. */
export async function lockLinkageReview(
  tx: Queryable,
  jurisdictionId: string,
  id: string,
): Promise<LinkageReviewRow | null> {
  const [row] = await tx.query<LinkageReviewRow>(
    `select ${REVIEW_COLUMNS} from linkage_reviews where jurisdiction_id = $1 and id = $2 for update`,
    [jurisdictionId, id],
  );
  return row ? toReview(row) : null;
}

/** Records a decision on a review. */
export async function recordLinkageDecision(
  tx: Queryable,
  jurisdictionId: string,
  id: string,
  decision: { status: LinkageReviewStatus; byType: string; by: string | null; at: Date },
): Promise<void> {
  await tx.query(
    `update linkage_reviews set status = $3, decided_by_type = $4, decided_by = $5, decided_at = $6
     where jurisdiction_id = $1 and id = $2`,
    [jurisdictionId, id, decision.status, decision.byType, decision.by, decision.at],
  );
}

/** Closes the other pending reviews of a report once one of its candidates is confirmed. */
export async function rejectOtherPendingReviews(
  tx: Queryable,
  jurisdictionId: string,
  reportId: string,
  keptId: string,
  decision: { byType: string; by: string | null; at: Date },
): Promise<string[]> {
  const rows = await tx.query<{ id: string }>(
    `update linkage_reviews set status = 'rejected', decided_by_type = $4, decided_by = $5, decided_at = $6
     where jurisdiction_id = $1 and report_id = $2 and id <> $3 and status = 'pending' returning id`,
    [jurisdictionId, reportId, keptId, decision.byType, decision.by, decision.at],
  );
  return rows.map((r) => r.id);
}

/** Puts reviews back in the queue, undecided (an analyst undid the decision). */
export async function reopenLinkageReviews(
  tx: Queryable,
  jurisdictionId: string,
  ids: readonly string[],
): Promise<void> {
  if (ids.length === 0) return;
  await tx.query(
    `update linkage_reviews set status = 'pending', decided_by_type = null, decided_by = null, decided_at = null
     where jurisdiction_id = $1 and id = any($2::uuid[])`,
    [jurisdictionId, [...ids]],
  );
}

/** Rejects the confirmed reviews among these (their merge was split apart by an analyst). */
export async function rejectConfirmedReviews(
  tx: Queryable,
  jurisdictionId: string,
  ids: readonly string[],
  decision: { byType: string; by: string | null; at: Date },
): Promise<void> {
  if (ids.length === 0) return;
  await tx.query(
    `update linkage_reviews set status = 'rejected', decided_by_type = $3, decided_by = $4, decided_at = $5
     where jurisdiction_id = $1 and id = any($2::uuid[]) and status = 'confirmed'`,
    [jurisdictionId, [...ids], decision.byType, decision.by, decision.at],
  );
}
