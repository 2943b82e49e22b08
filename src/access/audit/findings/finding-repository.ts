import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../../platform/database.js';
import type { Finding, FindingKind } from './unusual-reads.js';

/** How far the watch has read a jurisdiction's chain (0: from the start). */
export async function readFindingCursor(db: Queryable, jurisdictionId: string): Promise<number> {
  const [row] = await db.query<{ last_seq: number }>(
    'select last_seq from audit_finding_cursors where jurisdiction_id = $1',
    [jurisdictionId],
  );
  return Number(row?.last_seq ?? 0);
}

/** Moves the watch's cursor of a jurisdiction to `lastSeq`. */
export async function saveFindingCursor(
  db: Queryable,
  jurisdictionId: string,
  lastSeq: number,
): Promise<void> {
  await db.query(
    `insert into audit_finding_cursors (jurisdiction_id, last_seq) values ($1, $2)
     on conflict (jurisdiction_id) do update set last_seq = excluded.last_seq`,
    [jurisdictionId, lastSeq],
  );
}

/** The time zone and privacy contact of a jurisdiction. */
export async function readWatchSettings(
  db: Queryable,
  jurisdictionId: string,
): Promise<{ timeZone: string; privacyContactEmail: string | null } | null> {
  const [row] = await db.query<{ time_zone: string; privacy_contact_email: string | null }>(
    'select time_zone, privacy_contact_email from jurisdictions where id = $1',
    [jurisdictionId],
  );
  return row ? { timeZone: row.time_zone, privacyContactEmail: row.privacy_contact_email } : null;
}

/**
 * Records findings not yet recorded: an entry gives a kind of finding once, and a kind made once a
 * user a day (many persons, out of hours) is not made again that day. Answers those recorded.
 */
export async function insertFindings(
  db: Queryable,
  jurisdictionId: string,
  findings: readonly Finding[],
  now: Date,
): Promise<Finding[]> {
  const recorded: Finding[] = [];
  for (const f of findings) {
    if (f.kind !== 'break_the_glass') {
      const [existing] = await db.query(
        'select 1 from audit_findings where jurisdiction_id = $1 and kind = $2 and actor_id = $3 and day = $4',
        [jurisdictionId, f.kind, f.actorId, f.day],
      );
      if (existing) continue;
    }
    const inserted = await db.query(
      `insert into audit_findings (jurisdiction_id, id, kind, actor_id, day, seq, at, details, found_at)
       values ($1,$2,$3,$4,$5,$6,$7,$8,$9) on conflict (jurisdiction_id, kind, seq) do nothing returning id`,
      [jurisdictionId, randomUUID(), f.kind, f.actorId, f.day, f.seq, f.at, JSON.stringify(f.details), now],
    );
    if (inserted.length > 0) recorded.push(f);
  }
  return recorded;
}

/** A recorded finding, as listed and mailed. */
export interface FindingRow {
  id: string;
  kind: FindingKind;
  actor_id: string;
  actor_email: string | null;
  day: string;
  seq: number;
  at: Date;
  details: Record<string, unknown>;
  mailed_at: Date | null;
}

const FINDING_COLUMNS = `f.id, f.kind, f.actor_id, u.email as actor_email, to_char(f.day, 'YYYY-MM-DD') as day, f.seq,
  f.at, f.details, f.mailed_at`;
const USERS_JOIN = `left join users u on u.jurisdiction_id = f.jurisdiction_id and u.id::text = f.actor_id`;

function toFinding(row: FindingRow): FindingRow {
  return {
    ...row,
    seq: Number(row.seq),
    at: new Date(row.at),
    mailed_at: row.mailed_at ? new Date(row.mailed_at) : null,
  };
}

/** The newest findings of a jurisdiction. */
export async function listFindings(
  db: Queryable,
  jurisdictionId: string,
  limit: number,
): Promise<FindingRow[]> {
  const rows = await db.query<FindingRow>(
    `select ${FINDING_COLUMNS} from audit_findings f ${USERS_JOIN}
     where f.jurisdiction_id = $1 order by f.at desc, f.seq desc limit $2`,
    [jurisdictionId, limit],
  );
  return rows.map(toFinding);
}

/**
 * Findings to mail: not mailed, of entries written since `since` (a first look over an old trail
 * mails no backlog), and no finding of the same kind, user and day mailed
 * already (one mail per kind, user and day at most). The oldest first.
 */
export async function listFindingsToMail(
  db: Queryable,
  jurisdictionId: string,
  since: Date,
): Promise<FindingRow[]> {
  const rows = await db.query<FindingRow>(
    `select ${FINDING_COLUMNS} from audit_findings f ${USERS_JOIN}
     where f.jurisdiction_id = $1 and f.mailed_at is null and f.at >= $2
       and not exists (select 1 from audit_findings m where m.jurisdiction_id = f.jurisdiction_id and m.kind = f.kind
         and m.actor_id = f.actor_id and m.day = f.day and m.mailed_at is not null)
     order by f.seq`,
    [jurisdictionId, since],
  );
  return rows.map(toFinding);
}

/** Marks the findings of a kind, user and day as mailed. */
export async function markFindingsMailed(
  db: Queryable,
  jurisdictionId: string,
  finding: FindingRow,
  now: Date,
) {
  await db.query(
    `update audit_findings set mailed_at = $5 where jurisdiction_id = $1 and kind = $2 and actor_id = $3 and day = $4
       and mailed_at is null`,
    [jurisdictionId, finding.kind, finding.actor_id, finding.day, now],
  );
}
