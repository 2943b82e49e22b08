import type { Queryable } from '../platform/database.js';
import type { FsModel } from './fellegi-sunter/index.js';

// Linkage owns its models; it reads the reports it estimates them from (the newest version of each).

/** A jurisdiction's stored model with when and from how many pairs it was estimated; null when none is. */
export async function readLinkageModel(
  db: Queryable,
  jurisdictionId: string,
): Promise<{ model: FsModel; pairCount: number; reportCount: number; estimatedAt: Date } | null> {
  const [row] = await db.query<{
    model: unknown;
    pair_count: number;
    report_count: number;
    estimated_at: Date;
  }>('select model, pair_count, report_count, estimated_at from linkage_models where jurisdiction_id = $1', [
    jurisdictionId,
  ]);
  if (!row) return null;
  const model = (typeof row.model === 'string' ? JSON.parse(row.model) : row.model) as FsModel;
  return {
    model,
    pairCount: row.pair_count,
    reportCount: row.report_count,
    estimatedAt: new Date(row.estimated_at),
  };
}

/** Stores a jurisdiction's model in place of the one before. */
export async function saveLinkageModel(
  db: Queryable,
  jurisdictionId: string,
  saved: { model: FsModel; pairCount: number; reportCount: number; estimatedAt: Date },
): Promise<void> {
  await db.query(
    `insert into linkage_models (jurisdiction_id, model, pair_count, report_count, converged, estimated_at)
     values ($1, $2::json, $3, $4, $5, $6)
     on conflict (jurisdiction_id) do update set model = excluded.model, pair_count = excluded.pair_count,
       report_count = excluded.report_count, converged = excluded.converged, estimated_at = excluded.estimated_at`,
    [
      jurisdictionId,
      JSON.stringify(saved.model),
      saved.pairCount,
      saved.reportCount,
      saved.model.converged,
      saved.estimatedAt,
    ],
  );
}

/** A stored report as linkage estimates from it: its sender, parsed fields and named person. */
export interface StoredLinkableReport {
  organization_id: string;
  person_id: string | null;
  parsed: unknown;
}

/** The newest version of every report of the jurisdiction that occurred since `since`. */
export async function readReportsSince(
  db: Queryable,
  jurisdictionId: string,
  since: Date,
): Promise<StoredLinkableReport[]> {
  return db.query<StoredLinkableReport>(
    `select r.organization_id, r.person_id, r.parsed from reports r
     join overdoses o on o.jurisdiction_id = r.jurisdiction_id and o.id = r.overdose_id
     where r.jurisdiction_id = $1 and o.occurred_at >= $2
       and not exists (select 1 from reports n where n.jurisdiction_id = r.jurisdiction_id
         and n.organization_id = r.organization_id and n.source_record_id = r.source_record_id
         and n.version > r.version)`,
    [jurisdictionId, since],
  );
}
