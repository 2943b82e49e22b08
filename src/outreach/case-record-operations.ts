import { recordAuditEntries } from '../access/audit/audit-log.js';
import type { Purpose } from '../access/purpose.js';
import { type Actor, auditActor } from '../access/roles.js';
import { userNames } from '../access/users/user-directory.js';
import type { Clock } from '../platform/clock.js';
import type { Database, Queryable } from '../platform/database.js';
import { newId } from '../platform/ids.js';
import {
  assertCaseOpen,
  authorizeCaseRecords,
  type CaseForRecords,
  openCaseForRecords,
  replayOf,
} from './case-record-access.js';
import type { UserNames } from './case-record-presenter.js';

// The two shapes every service of a case's records takes: an audited list read of one kind of record,
// and the write of one record with its audit entry; the services bring only their rules.

/** One kind of a case's records, as its reads and writes handle it: attempts, visits, consents or referrals. */
export interface CaseRecordKind<R, P> {
  /** Names the audit actions and the id in their details: `visit` writes outreach_visit.create, visit_id. */
  name: 'attempt' | 'visit' | 'consent' | 'household_member' | 'referral';
  /** The records of a case, oldest first. */
  list(tx: Queryable, jurisdictionId: string, caseId: string): Promise<R[]>;
  /** The stored record of an id (a client_id sent before), or null. */
  find(tx: Queryable, jurisdictionId: string, id: string): Promise<R | null>;
  /** The user who recorded it, named in the answer. */
  recordedBy(record: R): string;
  /** The record as answered, at the time of the read or write (a consent's in_force). */
  present(record: R, names: UserNames, now: Date): P;
}

/**
 * The records of one kind of a case, oldest first: an audited read of T3 with its purpose, the case
 * opened for it (404 to whoever may not read it) and the entry written in the read's transaction.
 */
export async function readCaseRecords<R, P>(
  deps: RecordDependencies,
  caller: Actor,
  caseId: string,
  purpose: Purpose,
  kind: CaseRecordKind<R, P>,
): Promise<P[]> {
  const now = deps.clock.now();
  authorizeCaseRecords(caller, 'outreach.read');
  return deps.db.transaction(async (tx) => {
    const { actor } = await openCaseForRecords(tx, deps.clock, caller, caseId, {
      action: 'outreach.read',
      purpose,
      lock: false,
    });
    const records = await kind.list(tx, actor.jurisdictionId, caseId);
    await recordAuditEntries(tx, actor.jurisdictionId, now, [
      {
        ...auditActor(actor),
        action: `outreach_${kind.name}.list`,
        subjectType: 'outreach_case',
        subjectId: caseId,
        purpose,
        details: { count: records.length },
      },
    ]);
    const names = await userNames(tx, actor.jurisdictionId, records.map(kind.recordedBy));
    return records.map((r) => kind.present(r, names, now));
  });
}

/** What the record services need: the database and the clock. */
export type RecordDependencies = { db: Database; clock: Clock };

/** A record written, or found already written under its client_id (a resend). */
export interface Recorded<T> {
  record: T;
  created: boolean;
}

/** What the write of one record is handed: its transaction, the case opened for writing, now, the new id. */
export interface CaseWrite extends CaseForRecords {
  tx: Queryable;
  now: Date;
  id: string;
}

/**
 * Writes one record on a case, in one transaction with its audit entry: the case opened and locked for
 * the write (404 to whoever may not read it), a client_id already stored on this case answered with the
 * stored record (created false, audited as a resend), a closed case refused, then `write` checks its
 * rules and stores the record, whose entry carries the details it returns.
 */
export async function writeCaseRecord<R extends { id: string; caseId: string }, P>(
  deps: RecordDependencies,
  caller: Actor,
  caseId: string,
  clientId: string | undefined,
  kind: CaseRecordKind<R, P>,
  write: (w: CaseWrite) => Promise<{ record: R; details: Record<string, unknown> }>,
): Promise<Recorded<P>> {
  authorizeCaseRecords(caller, 'outreach.write');
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const opened = await openCaseForRecords(tx, deps.clock, caller, caseId, {
      action: 'outreach.write',
      purpose: 'treatment',
      lock: true,
    });
    const j = opened.actor.jurisdictionId;
    const audit = (step: 'create' | 'resend', record: R, details: Record<string, unknown>) =>
      recordAuditEntries(tx, j, now, [
        {
          ...auditActor(opened.actor),
          action: `outreach_${kind.name}.${step}`,
          subjectType: 'outreach_case',
          subjectId: caseId,
          purpose: 'treatment',
          details: { [`${kind.name}_id`]: record.id, ...details },
        },
      ]);
    const present = async (r: R) => kind.present(r, await userNames(tx, j, [kind.recordedBy(r)]), now);

    const replay = clientId ? replayOf(await kind.find(tx, j, clientId), caseId) : null;
    if (replay) {
      await audit('resend', replay, {});
      return { record: await present(replay), created: false };
    }
    assertCaseOpen(opened.outreachCase);
    const { record, details } = await write({ ...opened, tx, now, id: clientId ?? newId(now.getTime()) });
    await audit('create', record, details);
    return { record: await present(record), created: true };
  });
}
