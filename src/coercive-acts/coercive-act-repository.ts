import type { Queryable } from '../platform/database.js';
import type { CoerciveAct, CoerciveActKind } from './coercive-act.js';

const COLUMNS = `jurisdiction_id as "jurisdictionId", id, program_id as "programId", kind,
  performed_at as "performedAt", performed_by as "performedBy", justification,
  policy_reference as "policyReference", recorded_by as "recordedBy", recorded_at as "recordedAt"`;

/** Stores one act of the register. */
export async function insertCoerciveAct(tx: Queryable, act: CoerciveAct): Promise<void> {
  await tx.query(
    `insert into coercive_acts (jurisdiction_id, id, program_id, kind, performed_at, performed_by,
       justification, policy_reference, recorded_by, recorded_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      act.jurisdictionId,
      act.id,
      act.programId,
      act.kind,
      act.performedAt,
      act.performedBy,
      act.justification,
      act.policyReference,
      act.recordedBy,
      act.recordedAt,
    ],
  );
}

/** The acts of a program performed in [from, to) (no `to`: to this day), oldest first. */
export async function listCoerciveActs(
  db: Queryable,
  jurisdictionId: string,
  programId: string,
  from: Date,
  to: Date | null,
): Promise<CoerciveAct[]> {
  return db.query<CoerciveAct>(
    `select ${COLUMNS} from coercive_acts
     where jurisdiction_id = $1 and program_id = $2 and performed_at >= $3
       and ($4::timestamptz is null or performed_at < $4::timestamptz)
     order by performed_at, id`,
    [jurisdictionId, programId, from, to],
  );
}

/** How many acts of each kind a program's register holds for [from, to) (kinds with none absent). */
export async function countCoerciveActsByKind(
  db: Queryable,
  jurisdictionId: string,
  programId: string,
  from: Date,
  to: Date,
): Promise<{ kind: CoerciveActKind; count: number }[]> {
  return db.query<{ kind: CoerciveActKind; count: number }>(
    `select kind, count(*)::int as count from coercive_acts
     where jurisdiction_id = $1 and program_id = $2 and performed_at >= $3 and performed_at < $4
     group by kind`,
    [jurisdictionId, programId, from, to],
  );
}
