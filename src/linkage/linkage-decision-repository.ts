import type { Queryable } from '../platform/database.js';
import type { DecisionStamp, LinkageDecisionRow, NewLinkageDecision } from './linkage-decision.js';

// Linkage's record of every merge and split, and the reports the record view shows beside them.

const DECISION_COLUMNS = `id, kind, overdose_id as "overdoseId", from_overdose_id as "fromOverdoseId",
  report_ids as "reportIds", review_id as "reviewId", closed_review_ids as "closedReviewIds", score,
  decided_by_type as "decidedByType", decided_by as "decidedBy", decided_at as "decidedAt",
  undone_by_type as "undoneByType", undone_by as "undoneBy", undone_at as "undoneAt"`;

/** Postgres arrays arrive as arrays from node-postgres and as arrays or literals elsewhere. */
function uuidArray(value: unknown): string[] {
  if (Array.isArray(value)) return value as string[];
  const text = String(value ?? '{}');
  return text === '{}' ? [] : text.slice(1, -1).split(',');
}

function toDecision(row: LinkageDecisionRow): LinkageDecisionRow {
  return {
    ...row,
    reportIds: uuidArray(row.reportIds),
    closedReviewIds: uuidArray(row.closedReviewIds),
    decidedAt: new Date(row.decidedAt),
    undoneAt: row.undoneAt === null ? null : new Date(row.undoneAt),
  };
}

/** Records decisions, one statement for the lot (the links of an intake batch). */
export async function insertLinkageDecisions(
  tx: Queryable,
  jurisdictionId: string,
  decisions: readonly NewLinkageDecision[],
): Promise<void> {
  if (decisions.length === 0) return;
  await tx.query(
    `insert into linkage_decisions (jurisdiction_id, id, kind, overdose_id, from_overdose_id, report_ids,
       review_id, closed_review_ids, score, decided_by_type, decided_by, decided_at)
     select $1, u.id, u.kind, u.overdose_id, u.from_overdose_id, u.report_ids::uuid[], u.review_id,
       u.closed_review_ids::uuid[], u.score, u.by_type, u.by, u.at
     from unnest($2::uuid[], $3::text[], $4::uuid[], $5::uuid[], $6::text[], $7::uuid[], $8::text[],
       $9::float8[], $10::text[], $11::text[], $12::timestamptz[])
       as u(id, kind, overdose_id, from_overdose_id, report_ids, review_id, closed_review_ids, score,
         by_type, by, at)`,
    [
      jurisdictionId,
      decisions.map((d) => d.id),
      decisions.map((d) => d.kind),
      decisions.map((d) => d.overdoseId),
      decisions.map((d) => d.fromOverdoseId ?? null),
      decisions.map((d) => `{${d.reportIds.join(',')}}`),
      decisions.map((d) => d.reviewId ?? null),
      decisions.map((d) => `{${(d.closedReviewIds ?? []).join(',')}}`),
      decisions.map((d) => d.score ?? null),
      decisions.map((d) => d.decidedByType),
      decisions.map((d) => d.decidedBy),
      decisions.map((d) => d.decidedAt.toISOString()),
    ],
  );
}

/** The merge a confirmed review made, while it stands (not undone), locked for the transaction. */
export async function lockStandingMergeOfReview(
  tx: Queryable,
  jurisdictionId: string,
  reviewId: string,
): Promise<LinkageDecisionRow | null> {
  const [row] = await tx.query<LinkageDecisionRow>(
    `select ${DECISION_COLUMNS} from linkage_decisions
     where jurisdiction_id = $1 and review_id = $2 and kind = 'merge' and undone_at is null
     order by decided_at desc limit 1 for update`,
    [jurisdictionId, reviewId],
  );
  return row ? toDecision(row) : null;
}

/** The standing merges into an overdose that moved any of these reports (a split undoes them). */
export async function standingMergesOfReports(
  tx: Queryable,
  jurisdictionId: string,
  overdoseId: string,
  reportIds: readonly string[],
): Promise<LinkageDecisionRow[]> {
  const rows = await tx.query<LinkageDecisionRow>(
    `select ${DECISION_COLUMNS} from linkage_decisions
     where jurisdiction_id = $1 and overdose_id = $2 and kind = 'merge' and undone_at is null
       and report_ids && $3::uuid[]
     order by decided_at, id for update`,
    [jurisdictionId, overdoseId, [...reportIds]],
  );
  return rows.map(toDecision);
}

/** Marks decisions undone. */
export async function markDecisionsUndone(
  tx: Queryable,
  jurisdictionId: string,
  ids: readonly string[],
  undone: DecisionStamp,
): Promise<void> {
  if (ids.length === 0) return;
  await tx.query(
    `update linkage_decisions set undone_by_type = $3, undone_by = $4, undone_at = $5
     where jurisdiction_id = $1 and id = any($2::uuid[])`,
    [jurisdictionId, [...ids], undone.byType, undone.by, undone.at],
  );
}

/** One source record of an overdose as the record view lists it: its newest version. */
export interface OverdoseSourceRow {
  reportId: string;
  organizationId: string;
  sourceType: string;
  sourceRecordId: string;
  version: number;
  receivedAt: Date;
  firstReceivedAt: Date;
  /** The ids of all its versions (the decisions name the versions they moved). */
  versionIds: string[];
}

/** The source records of an overdose (newest version of each), first received first. */
export async function readOverdoseSources(
  db: Queryable,
  jurisdictionId: string,
  overdoseId: string,
): Promise<OverdoseSourceRow[]> {
  const rows = await db.query<OverdoseSourceRow>(
    `select (array_agg(id order by version desc))[1] as "reportId", organization_id as "organizationId",
       (array_agg(source_type order by version desc))[1] as "sourceType", source_record_id as "sourceRecordId",
       max(version)::int as version, max(received_at) as "receivedAt", min(received_at) as "firstReceivedAt",
       array_agg(id order by version) as "versionIds"
     from reports where jurisdiction_id = $1 and overdose_id = $2
     group by organization_id, source_record_id
     order by min(received_at), organization_id, source_record_id`,
    [jurisdictionId, overdoseId],
  );
  return rows.map((r) => ({
    ...r,
    receivedAt: new Date(r.receivedAt),
    firstReceivedAt: new Date(r.firstReceivedAt),
    versionIds: uuidArray(r.versionIds),
  }));
}

/** The standing decisions that put any of these reports into this overdose, oldest first. */
export async function decisionsPlacingReports(
  db: Queryable,
  jurisdictionId: string,
  overdoseId: string,
  reportIds: readonly string[],
): Promise<LinkageDecisionRow[]> {
  if (reportIds.length === 0) return [];
  const rows = await db.query<LinkageDecisionRow>(
    `select ${DECISION_COLUMNS} from linkage_decisions
     where jurisdiction_id = $1 and overdose_id = $2 and undone_at is null and report_ids && $3::uuid[]
     order by decided_at, id`,
    [jurisdictionId, overdoseId, [...reportIds]],
  );
  return rows.map(toDecision);
}

/** Every version, in this overdose, of the source records of these reports (a split takes them all). */
export async function versionsOfReports(
  tx: Queryable,
  jurisdictionId: string,
  overdoseId: string,
  reportIds: readonly string[],
): Promise<string[]> {
  const rows = await tx.query<{ id: string }>(
    `select r.id from reports r
     where r.jurisdiction_id = $1 and r.overdose_id = $2 and exists (
       select 1 from reports n where n.jurisdiction_id = $1 and n.overdose_id = $2 and n.id = any($3::uuid[])
         and n.organization_id = r.organization_id and n.source_record_id = r.source_record_id)`,
    [jurisdictionId, overdoseId, [...reportIds]],
  );
  return rows.map((r) => r.id);
}
