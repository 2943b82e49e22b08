import { copyJson, copyValue } from '../platform/copy-text.js';
import type { Queryable } from '../platform/database.js';

/** The newest stored version of a source record. */
export interface LatestVersion {
  sourceRecordId: string;
  version: number;
  payloadHash: string;
  overdoseId: string;
}

/** The newest version of each of the given source records of one organization. */
export async function findLatestVersions(
  tx: Queryable,
  jurisdictionId: string,
  organizationId: string,
  sourceRecordIds: string[],
): Promise<Map<string, LatestVersion>> {
  if (sourceRecordIds.length === 0) return new Map();
  // One index probe per id (newest version first, limit 1), whatever the table statistics say: a
  // plan chosen on stale statistics would read every report of the organization for each batch.
  const rows = await tx.query<LatestVersion>(
    `select r.source_record_id as "sourceRecordId", r.version, r.payload_hash as "payloadHash",
       r.overdose_id as "overdoseId"
     from unnest($3::text[]) as wanted(id)
     cross join lateral (
       select source_record_id, version, payload_hash, overdose_id from reports
       where jurisdiction_id = $1 and organization_id = $2 and source_record_id = wanted.id
       order by version desc limit 1
     ) as r`,
    [jurisdictionId, organizationId, sourceRecordIds],
  );
  return new Map(rows.map((r) => [r.sourceRecordId, r]));
}

// The version and the overdose come last: they are known only once a batch meets the stored versions,
// so the rest of each line can be written before the transaction.
const REPORT_COLUMNS = [
  'jurisdiction_id',
  'received_at',
  'organization_id',
  'channel',
  'id',
  'source_record_id',
  'payload_hash',
  'source_type',
  'raw',
  'parsed',
  'flags',
  'person_id',
  'version',
  'overdose_id',
] as const;

/** What one batch's reports share: where, when and from whom they were received. */
export interface ReportBatchColumns {
  jurisdictionId: string;
  receivedAt: Date;
  organizationId: string;
  channel: string;
}

/** The columns of one report that are known before its batch's transaction. */
export interface ReportColumns {
  id: string;
  sourceRecordId: string;
  payloadHash: string;
  sourceType: string;
  /** The raw record as JSON text. */
  rawJson: string;
  /** The stored parsed report as JSON text. */
  parsedJson: string;
  flags: unknown[] | null;
  personId: string | null;
}

/** The COPY text that starts every report line of a batch. */
export function reportBatchPrefix(batch: ReportBatchColumns): string {
  const { jurisdictionId, receivedAt, organizationId, channel } = batch;
  return `${jurisdictionId}\t${receivedAt.toISOString()}\t${organizationId}\t${copyValue(channel)}`;
}

/** A report's COPY line up to (and without) its version and overdose. */
export function reportLineHead(prefix: string, r: ReportColumns): string {
  const flags = r.flags === null ? '\\N' : copyJson(JSON.stringify(r.flags));
  return (
    `${prefix}\t${r.id}\t${copyValue(r.sourceRecordId)}\t${r.payloadHash}\t${copyValue(r.sourceType)}\t` +
    `${copyJson(r.rawJson)}\t${copyJson(r.parsedJson)}\t${flags}\t${r.personId ?? '\\N'}\t`
  );
}

/** The end of a report's COPY line, after its head: what the transaction decided. */
export function reportLineTail(version: number, overdoseId: string): string {
  return `${version}\t${overdoseId}\n`;
}

/** Appends reports written as COPY lines (intake's bulk path). */
export async function insertReportLines(tx: Queryable, lines: string | Uint8Array): Promise<void> {
  await tx.copyLines('reports', REPORT_COLUMNS, lines);
}

/** The parsed fields of the newest version of every report linked to each overdose. */
export async function readLatestParsedByOverdose(
  tx: Queryable,
  jurisdictionId: string,
  overdoseIds: string[],
): Promise<Map<string, unknown[]>> {
  if (overdoseIds.length === 0) return new Map();
  const rows = await tx.query<{ overdose_id: string; parsed: unknown }>(
    `select distinct on (organization_id, source_record_id) overdose_id, parsed
     from reports where jurisdiction_id = $1 and overdose_id = any($2::uuid[])
     order by organization_id, source_record_id, version desc`,
    [jurisdictionId, overdoseIds],
  );
  const result = new Map<string, unknown[]>();
  for (const row of rows) {
    const list = result.get(row.overdose_id) ?? [];
    list.push(typeof row.parsed === 'string' ? JSON.parse(row.parsed) : row.parsed);
    result.set(row.overdose_id, list);
  }
  return result;
}

/** The organizations whose reports make up these overdoses (sorted, so locks are taken in one order). */
export async function organizationsReportingOverdoses(
  tx: Queryable,
  jurisdictionId: string,
  overdoseIds: readonly string[],
): Promise<string[]> {
  const rows = await tx.query<{ organization_id: string }>(
    `select distinct organization_id from reports
     where jurisdiction_id = $1 and overdose_id = any($2::uuid[]) order by organization_id`,
    [jurisdictionId, overdoseIds],
  );
  return rows.map((r) => r.organization_id);
}

/** Moves every version of every report of one overdose into another (a confirmed link); returns their ids. */
export async function moveReportsToOverdose(
  tx: Queryable,
  jurisdictionId: string,
  from: string,
  into: string,
): Promise<string[]> {
  const rows = await tx.query<{ id: string }>(
    'update reports set overdose_id = $3 where jurisdiction_id = $1 and overdose_id = $2 returning id',
    [jurisdictionId, from, into],
  );
  return rows.map((r) => r.id).sort();
}

/**
 * The reports of an overdose, each marked `moving` when it is a version of the source record of one of
 * `reportIds` (a split takes a record out with all its versions), and `named` when its id is one of them.
 */
export async function reportsOfOverdoseForSplit(
  tx: Queryable,
  jurisdictionId: string,
  overdoseId: string,
  reportIds: readonly string[],
): Promise<{ id: string; moving: boolean; named: boolean }[]> {
  return tx.query(
    `with named as (
       select organization_id, source_record_id from reports
       where jurisdiction_id = $1 and overdose_id = $2 and id = any($3::uuid[]))
     select r.id, exists (select 1 from named n where n.organization_id = r.organization_id
         and n.source_record_id = r.source_record_id) as moving, r.id = any($3::uuid[]) as named
     from reports r where r.jurisdiction_id = $1 and r.overdose_id = $2 order by r.id`,
    [jurisdictionId, overdoseId, [...reportIds]],
  );
}

/** The overdoses the given reports are in now (one, unless they were moved apart since). */
export async function overdosesOfReports(
  tx: Queryable,
  jurisdictionId: string,
  reportIds: readonly string[],
): Promise<string[]> {
  const rows = await tx.query<{ overdose_id: string }>(
    'select distinct overdose_id from reports where jurisdiction_id = $1 and id = any($2::uuid[])',
    [jurisdictionId, [...reportIds]],
  );
  return rows.map((r) => r.overdose_id);
}

/** Moves reports, by id, into another overdose (a split). */
export async function moveReportsById(
  tx: Queryable,
  jurisdictionId: string,
  reportIds: readonly string[],
  into: string,
): Promise<void> {
  await tx.query('update reports set overdose_id = $3 where jurisdiction_id = $1 and id = any($2::uuid[])', [
    jurisdictionId,
    [...reportIds],
    into,
  ]);
}

/**
 * Refreshes the planner's statistics of the tables intake fills. PGlite runs no autovacuum, and on
 * PostgreSQL it lags behind a bulk import, so a large import asks for it as the tables grow. Only the
 * columns that queries filter, join or group on are sampled: the documents and facts cost most to
 * analyze and no plan depends on them.
 */
export async function analyzeIntakeTables(db: Queryable): Promise<void> {
  await db.query(
    `analyze reports (jurisdiction_id, organization_id, source_record_id, version, overdose_id),
       overdoses (jurisdiction_id, id, occurred_date, occurred_at, h3_r7),
       overdose_areas, daily_area_counts, monthly_area_counts, daily_dimension_counts`,
  );
}
