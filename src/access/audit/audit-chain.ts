import { createHash } from 'node:crypto';

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

/** The prev_hash of the first entry of every chain. */
export const GENESIS_HASH = '0'.repeat(64);

// Records of one file share their keys: the sorted order (with each key already quoted) is worked out
// once per key list. The last list is checked first, element by element, which is all a file needs.
interface KeyOrder {
  keys: string[];
  sorted: { key: string; quoted: string }[];
}
const keyOrders = new Map<string, KeyOrder>();
let lastOrder: KeyOrder = { keys: [], sorted: [] };

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function keyOrder(object: Record<string, unknown>): KeyOrder['sorted'] {
  const keys = Object.keys(object);
  if (sameKeys(keys, lastOrder.keys)) return lastOrder.sorted;
  const signature = keys.join('\u0000');
  let order = keyOrders.get(signature);
  if (!order) {
    order = { keys, sorted: [...keys].sort().map((key) => ({ key, quoted: `${JSON.stringify(key)}:` })) };
    if (keyOrders.size > 1000) keyOrders.clear();
    keyOrders.set(signature, order);
  }
  lastOrder = order;
  return order.sorted;
}

/** JSON with object keys sorted at every level, so jsonb's reordering never changes a hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const object = value as Record<string, unknown>;
  let out = '';
  for (const { key, quoted } of keyOrder(object)) {
    const v = object[key];
    if (v === undefined) continue;
    out += `${out ? ',' : ''}${quoted}${typeof v === 'string' ? JSON.stringify(v) : canonicalJson(v)}`;
  }
  return `{${out}}`;
}

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
