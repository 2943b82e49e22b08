import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/database.js';
import type { Purpose } from '../purpose.js';
import { type Actor, auditActor } from '../roles.js';
import { appendAuditEntries } from './audit-repository.js';

/** One read of T2 or T3 data: what was read, why, with which filter, and how many records. */
export interface ReadRecord {
  action: string;
  subjectType: string;
  /** Why it was read: every audited T2/T3 read names its purpose of use. */
  purpose: Purpose;
  details: Record<string, unknown>;
}

/** A signed-in reader: reads are audited in the reader's jurisdiction's chain. */
type Reader = Extract<Actor, { kind: 'user' }>;

/** Writes one audit entry for one request's read, in a transaction of its own. */
export async function auditRead(deps: { db: Database; clock: Clock }, reader: Reader, read: ReadRecord) {
  await deps.db.transaction((tx) =>
    appendAuditEntries(tx, reader.jurisdictionId, deps.clock.now(), [
      { ...auditActor(reader), subjectId: null, ...read },
    ]),
  );
}

/** How often a live stream's reads are written; one entry a minute per stream keeps the chain short. */
export const LIVE_READ_FLUSH_MS = 60_000;

/**
 * The audit of a stream's reads (server-sent events): deliveries are counted as they go out and
 * written as one entry per interval and one when the stream closes, so a delivery never waits on
 * the audit chain's lock. The stream's opening is written at once by its caller.
 */
export class BatchedReadAudit {
  private records = 0;
  private deliveries = 0;
  private readonly timer: NodeJS.Timeout;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: { db: Database; clock: Clock },
    private readonly reader: Reader,
    private readonly read: Omit<ReadRecord, 'details'> & { details: Record<string, unknown> },
    flushMs = LIVE_READ_FLUSH_MS,
  ) {
    this.timer = setInterval(() => void this.flush(), flushMs);
    this.timer.unref();
  }

  /** Counts one delivery of `records` records. */
  add(records: number): void {
    this.records += records;
    this.deliveries++;
  }

  /** Writes what was delivered since the last write (nothing when nothing was). */
  flush(): Promise<void> {
    if (this.deliveries === 0) return this.writing;
    const details = { ...this.read.details, deliveries: this.deliveries, records: this.records };
    this.records = 0;
    this.deliveries = 0;
    // Writes queue behind each other so the entries of one stream keep their order.
    this.writing = this.writing
      .then(() => auditRead(this.deps, this.reader, { ...this.read, details }))
      .catch((error: unknown) => {
        console.error('audit: could not write a live stream read', error);
      });
    return this.writing;
  }

  /** Stops the interval and writes the rest. */
  close(): Promise<void> {
    clearInterval(this.timer);
    return this.flush();
  }
}
