import type { Queryable } from '../../../platform/database.js';

/** Which entries of a jurisdiction's trail to list: every field optional, all given must hold. */
export interface AuditTrailCriteria {
  jurisdictionId: string;
  /** The acting user: a user id (any actor id) or a user's email. */
  user?: string;
  /** Actions starting with this (`outreach.` lists every outreach action). */
  actionPrefix?: string;
  subjectType?: string;
  subjectId?: string;
  /** From this instant (included) to that one (excluded). */
  fromAt?: Date;
  toAt?: Date;
}

/** One entry as the trail lists it, with the acting user's email when the actor is a user. */
export interface AuditTrailRow {
  seq: number;
  at: Date;
  actor_type: string;
  actor_id: string | null;
  actor_email: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  purpose: string | null;
  details: unknown;
  hash: string;
}

/** Escapes LIKE's wildcards so a prefix matches itself only. */
function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Entries matching the criteria below `beforeSeq` (null: from the newest), newest first. */
export async function listAuditTrail(
  db: Queryable,
  criteria: AuditTrailCriteria,
  beforeSeq: number | null,
  limit: number,
): Promise<AuditTrailRow[]> {
  const where = ['e.jurisdiction_id = $1'];
  const params: unknown[] = [criteria.jurisdictionId];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (criteria.user !== undefined)
    add((p) => `(e.actor_id = ${p} or lower(u.email) = lower(${p}))`, criteria.user);
  if (criteria.actionPrefix !== undefined)
    add((p) => `e.action like ${p}`, likePrefix(criteria.actionPrefix));
  if (criteria.subjectType !== undefined) add((p) => `e.subject_type = ${p}`, criteria.subjectType);
  if (criteria.subjectId !== undefined) add((p) => `e.subject_id = ${p}`, criteria.subjectId);
  if (criteria.fromAt !== undefined) add((p) => `e.at >= ${p}`, criteria.fromAt);
  if (criteria.toAt !== undefined) add((p) => `e.at < ${p}`, criteria.toAt);
  if (beforeSeq !== null) add((p) => `e.seq < ${p}`, beforeSeq);
  params.push(limit);
  const rows = await db.query<AuditTrailRow>(
    `select e.seq, e.at, e.actor_type, e.actor_id, u.email as actor_email, e.action, e.subject_type, e.subject_id,
       e.purpose, e.details, e.hash
     from audit_entries e
     left join users u on e.actor_type = 'user' and u.jurisdiction_id = e.jurisdiction_id and u.id::text = e.actor_id
     where ${where.join(' and ')}
     order by e.seq desc
     limit $${params.length}`,
    params,
  );
  return rows.map((row) => ({ ...row, seq: Number(row.seq), at: new Date(row.at) }));
}
