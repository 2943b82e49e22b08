import { createHash } from 'node:crypto';
import { canonicalJson } from '../../platform/canonical-json.js';

/** One audit entry as stored, without its own hash. */
export interface AuditEntryContent {
  jurisdictionId: string;
  seq: number;
  at: Date;
  actorType: string;
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  purpose: string | null;
  details: unknown;
  prevHash: string;
}

/** A stored entry: its content and the hash that seals it. */
export interface AuditEntry extends AuditEntryContent {
  hash: string;
}

/** What a caller says about an action; the chain fields (seq, hashes, time, jurisdiction) are filled in. */
export type AuditRecord = Omit<AuditEntryContent, 'seq' | 'prevHash' | 'at' | 'jurisdictionId'>;

/** The prev_hash of the first entry of every chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** The hash sealing an entry: SHA-256 over the previous hash and every field of the entry. */
export function hashAuditEntry(entry: AuditEntryContent): string {
  const content = canonicalJson([
    entry.jurisdictionId,
    entry.seq,
    entry.at.toISOString(),
    entry.actorType,
    entry.actorId,
    entry.action,
    entry.subjectType,
    entry.subjectId,
    entry.purpose,
    entry.details,
  ]);
  return createHash('sha256').update(entry.prevHash).update('\n').update(content).digest('hex');
}

/** One break found in a chain. */
export interface ChainProblem {
  seq: number;
  kind: 'changed' | 'missing' | 'inserted' | 'relinked' | 'truncated';
  message: string;
}

/**
 * Walks a chain in seq order and reports every break: a changed entry (its hash no longer matches its
 * content), a missing one (a gap in seq), an inserted or relinked one (prev_hash not the previous
 * hash), and entries removed from the end (the head points past the last entry) or added past it.
 * Pure and incremental: feed entries in pages with `step`, then call `finish` with the head.
 */
export class ChainVerifier {
  readonly problems: ChainProblem[] = [];
  private expectedSeq = 1;
  private previousHash = GENESIS_HASH;
  count = 0;

  step(entry: AuditEntry): void {
    this.count++;
    if (entry.seq !== this.expectedSeq) {
      if (entry.seq > this.expectedSeq) {
        this.problems.push({
          seq: this.expectedSeq,
          kind: 'missing',
          message: `entries ${this.expectedSeq}..${entry.seq - 1} are missing (deleted)`,
        });
      } else {
        this.problems.push({
          seq: entry.seq,
          kind: 'inserted',
          message: `entry ${entry.seq} is out of order`,
        });
      }
    }
    if (entry.prevHash !== this.previousHash) {
      this.problems.push({
        seq: entry.seq,
        kind: entry.seq === this.expectedSeq ? 'relinked' : 'inserted',
        message: `entry ${entry.seq} does not link to the entry before it`,
      });
    }
    if (hashAuditEntry(entry) !== entry.hash) {
      this.problems.push({
        seq: entry.seq,
        kind: 'changed',
        message: `entry ${entry.seq} was changed after it was written`,
      });
    }
    this.expectedSeq = entry.seq + 1;
    this.previousHash = entry.hash;
  }

  finish(head: { seq: number; hash: string } | null): ChainProblem[] {
    const lastSeq = this.expectedSeq - 1;
    if (head === null) {
      if (this.count > 0) {
        this.problems.push({
          seq: lastSeq,
          kind: 'inserted',
          message: 'entries exist but the chain has no head',
        });
      }
    } else if (head.seq > lastSeq) {
      this.problems.push({
        seq: lastSeq + 1,
        kind: 'truncated',
        message: `entries ${lastSeq + 1}..${head.seq} were deleted from the end of the chain`,
      });
    } else if (head.seq < lastSeq) {
      this.problems.push({
        seq: head.seq + 1,
        kind: 'inserted',
        message: `entries ${head.seq + 1}..${lastSeq} were added after the chain's head`,
      });
    } else if (head.hash !== this.previousHash) {
      this.problems.push({
        seq: lastSeq,
        kind: 'changed',
        message: `the chain's head does not match entry ${lastSeq}`,
      });
    }
    return this.problems;
  }
}
