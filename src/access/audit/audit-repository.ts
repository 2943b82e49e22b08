import type { Queryable } from '../../platform/database.js';
import {
  type AuditEntry,
  type AuditEntryContent,
  type AuditRecord,
  GENESIS_HASH,
  hashAuditEntry,
} from './audit-chain.js';

/**
 * Locks a jurisdiction's chain head until the transaction ends (creating it on first use) and reads
 * it. Other per-jurisdiction locks taken in audited transactions are taken after this one, so the
 * two are always taken in one order and never deadlock.
 */
export async function lockAuditChainHead(
  tx: Queryable,
  jurisdictionId: string,
): Promise<{ seq: number; hash: string } | undefined> {
  // One statement creates the head on first use, locks it, and reads it: the no-op update on conflict
  // takes the row lock that orders concurrent writers.
  const [head] = await tx.query<{ seq: number; hash: string }>(
    `insert into audit_chain_heads (jurisdiction_id, seq, hash) values ($1, 0, $2)
     on conflict (jurisdiction_id) do update set seq = audit_chain_heads.seq
     returning seq, hash`,
    [jurisdictionId, GENESIS_HASH],
  );
  return head;
}

/**
 * Appends entries to a jurisdiction's chain inside the caller's transaction. The head row is locked
 * first, so concurrent writers queue up and each entry links to the one written just before it.
 */
export async function appendAuditEntries(
  tx: Queryable,
  jurisdictionId: string,
  at: Date,
  records: AuditRecord[],
): Promise<void> {
  if (records.length === 0) return;
  const head = await lockAuditChainHead(tx, jurisdictionId);
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  for (const record of records) {
    seq++;
    const content: AuditEntryContent = { ...record, jurisdictionId, seq, at, prevHash };
    const hash = hashAuditEntry(content);
    await tx.query(
      `insert into audit_entries (jurisdiction_id, seq, at, actor_type, actor_id, action, subject_type, subject_id,
         purpose, details, prev_hash, hash) values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)`,
      [
        jurisdictionId,
        seq,
        at,
        record.actorType,
        record.actorId,
        record.action,
        record.subjectType,
        record.subjectId,
        record.purpose,
        JSON.stringify(record.details ?? {}),
        prevHash,
        hash,
      ],
    );
    prevHash = hash;
  }
  await tx.query('update audit_chain_heads set seq = $2, hash = $3 where jurisdiction_id = $1', [
    jurisdictionId,
    seq,
    prevHash,
  ]);
}

interface AuditRow {
  jurisdiction_id: string;
  seq: number;
  at: Date;
  actor_type: string;
  actor_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  purpose: string | null;
  details: unknown;
  prev_hash: string;
  hash: string;
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    jurisdictionId: row.jurisdiction_id,
    seq: Number(row.seq),
    at: new Date(row.at),
    actorType: row.actor_type,
    actorId: row.actor_id,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    purpose: row.purpose,
    details: row.details,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** Reads a page of a jurisdiction's chain in seq order, after `afterSeq`. */
export async function readAuditPage(
  db: Queryable,
  jurisdictionId: string,
  afterSeq: number,
  limit: number,
): Promise<AuditEntry[]> {
  const rows = await db.query<AuditRow>(
    'select * from audit_entries where jurisdiction_id = $1 and seq > $2 order by seq limit $3',
    [jurisdictionId, afterSeq, limit],
  );
  return rows.map(toEntry);
}

/** The head of a jurisdiction's chain, or null when nothing was ever audited there. */
export async function readAuditHead(
  db: Queryable,
  jurisdictionId: string,
): Promise<{ seq: number; hash: string } | null> {
  const [row] = await db.query<{ seq: number; hash: string }>(
    'select seq, hash from audit_chain_heads where jurisdiction_id = $1',
    [jurisdictionId],
  );
  return row ? { seq: Number(row.seq), hash: row.hash } : null;
}

/** Every jurisdiction that has an audit chain (entries or a head). */
export async function listAuditedJurisdictions(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ jurisdiction_id: string }>(
    `select jurisdiction_id from audit_chain_heads union select distinct jurisdiction_id from audit_entries`,
  );
  return rows.map((r) => r.jurisdiction_id);
}

/** The entry at `seq` of a jurisdiction's chain, or null when there is none. */
export async function readAuditEntryAt(
  db: Queryable,
  jurisdictionId: string,
  seq: number,
): Promise<AuditEntry | null> {
  const [row] = await db.query<AuditRow>(
    'select * from audit_entries where jurisdiction_id = $1 and seq = $2',
    [jurisdictionId, seq],
  );
  return row ? toEntry(row) : null;
}

/** The highest seq of a jurisdiction's entries (0 when it has none). */
export async function readLastAuditSeq(db: Queryable, jurisdictionId: string): Promise<number> {
  const [row] = await db.query<{ seq: number | null }>(
    'select max(seq) as seq from audit_entries where jurisdiction_id = $1',
    [jurisdictionId],
  );
  return Number(row?.seq ?? 0);
}

/** Users' reads of persons from `since` up to entry `throughSeq`, in seq order. */
export async function readPersonReadsSince(
  db: Queryable,
  jurisdictionId: string,
  since: Date,
  throughSeq: number,
): Promise<AuditEntry[]> {
  const rows = await db.query<AuditRow>(
    `select * from audit_entries where jurisdiction_id = $1 and at >= $2 and seq <= $3
       and actor_type = 'user' and subject_type = 'person' order by seq`,
    [jurisdictionId, since, throughSeq],
  );
  return rows.map(toEntry);
}
