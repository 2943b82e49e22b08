import { recordAuditEntries } from '../access/audit/audit-log.js';
import { authorize, authorizeUser, type SignedInUser } from '../access/authorize.js';
import { emergencyUse } from '../access/break-the-glass/glass-break-service.js';
import type { Action } from '../access/policy.js';
import type { Purpose } from '../access/purpose.js';
import { type Actor, auditActor } from '../access/roles.js';
import { userNames } from '../access/users/user-directory.js';
import type { Clock } from '../platform/clock.js';
import type { Database, Queryable } from '../platform/database.js';
import { SosError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import type { UserNames } from './case-record-presenter.js';
import { findCase, findProgram, type OutreachCase, type OutreachProgram } from './case-repository.js';
import { caseResource, withPrograms } from './outreach-access.js';

/** A case opened for its records: the actor with her programs, the case, and its program's policies. */
export interface CaseForRecords {
  actor: SignedInUser;
  outreachCase: OutreachCase;
  program: OutreachProgram;
}

/**
 * The first line of every service method on a case's records: whether the actor's role may do the
 * action to any case at all. A role that may not (an administrator, an analyst) hears 404 like any
 * reader of a case she may not read, never 403 (api.md); the signed-out hear 401.
 */
export function authorizeCaseRecords(actor: Actor, action: Action): asserts actor is SignedInUser {
  try {
    authorizeUser(actor, action, 'Outreach records are read and written by signed-in users');
  } catch (error) {
    if (error instanceof SosError && error.code === 'FORBIDDEN') throw new SosError('NOT_FOUND');
    throw error;
  }
}

/**
 * Opens a case for reading or writing its attempts, visits and consents, inside the caller's
 * transaction: the actor's programs read fresh, the case found (and locked when writing, so that the
 * attempts of one case are counted against the cap one after the other), then the policy asked. A case
 * the actor may not read answers 404, as a case that does not exist, so its existence does not leak.
 * The caller has already asked the policy about the action itself (role level), on its first line.
 */
export async function openCaseForRecords(
  tx: Queryable,
  clock: Clock,
  caller: SignedInUser,
  caseId: string,
  use: { action: Action; purpose: Purpose; lock: boolean },
): Promise<CaseForRecords> {
  const actor = (await withPrograms(tx, caller)) as SignedInUser;
  const outreachCase = await findCase(tx, actor.jurisdictionId, caseId, use.lock);
  const notFound = () => new SosError('NOT_FOUND', `No outreach case ${caseId}`);
  if (!outreachCase) throw notFound();
  const resource = caseResource(outreachCase);
  try {
    const reading =
      use.purpose === 'emergency'
        ? await emergencyUse({ db: tx, clock }, actor, 'outreach.read', { ...resource, id: outreachCase.id })
        : use.purpose;
    authorize(actor, 'outreach.read', resource, reading);
  } catch (error) {
    if (
      error instanceof SosError &&
      (error.code === 'FORBIDDEN' || error.code === 'BREAK_THE_GLASS_REQUIRED')
    ) {
      throw notFound();
    }
    throw error;
  }
  if (use.action !== 'outreach.read') authorize(actor, use.action, resource, use.purpose);
  const program = await findProgram(tx, actor.jurisdictionId, outreachCase.programId);
  if (!program) throw notFound();
  return { actor, outreachCase, program };
}

/** One kind of a case's records as an audited list reads it: attempts, visits or consents. */
export interface RecordKind<R, P> {
  /** The audit entry's action, e.g. `outreach_visit.list`. */
  listAction: string;
  list(tx: Queryable, jurisdictionId: string, caseId: string): Promise<R[]>;
  /** The user who recorded it, named in the answer. */
  recordedBy(record: R): string;
  present(record: R, names: UserNames): P;
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
  kind: RecordKind<R, P>,
): Promise<P[]> {
  authorizeCaseRecords(caller, 'outreach.read');
  return deps.db.transaction(async (tx) => {
    const { actor } = await openCaseForRecords(tx, deps.clock, caller, caseId, {
      action: 'outreach.read',
      purpose,
      lock: false,
    });
    const records = await kind.list(tx, actor.jurisdictionId, caseId);
    await recordAuditEntries(tx, actor.jurisdictionId, deps.clock.now(), [
      {
        ...auditActor(actor),
        action: kind.listAction,
        subjectType: 'outreach_case',
        subjectId: caseId,
        purpose,
        details: { count: records.length },
      },
    ]);
    const names = await userNames(tx, actor.jurisdictionId, records.map(kind.recordedBy));
    return records.map((r) => kind.present(r, names));
  });
}

/** What the record services need: the database and the clock. */
export type RecordDependencies = { db: Database; clock: Clock };

/** A record written, or found already written under its client_id (a resend). */
export interface Recorded<T> {
  record: T;
  created: boolean;
}

/** One kind of a case's records as a write stores it: attempts, visits or consents. */
export interface WrittenKind<R, P> {
  /** Names the audit actions and the id in their details: `visit` writes outreach_visit.create, visit_id. */
  name: 'attempt' | 'visit' | 'consent';
  /** The stored record of an id (a client_id sent before), or null. */
  find(tx: Queryable, jurisdictionId: string, id: string): Promise<R | null>;
  recordedBy(record: R): string;
  /** The record as answered, at the write's time (a consent's in_force). */
  present(record: R, names: UserNames, now: Date): P;
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
  kind: WrittenKind<R, P>,
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

/** Refuses a write on a closed case. */
export function assertCaseOpen(outreachCase: OutreachCase): void {
  if (outreachCase.status === 'closed') {
    throw new SosError(
      'OUTREACH_CASE_CLOSED',
      `The outreach case was closed${outreachCase.closedAt ? ` on ${outreachCase.closedAt.toISOString()}` : ''}: nothing more is recorded on it`,
    );
  }
}

/**
 * A resent record: the row stored under a client_id, if any. The same id on this case is the same
 * request sent again (answered with what was stored); on another case it is a mistake of the client.
 */
export function replayOf<T extends { caseId: string }>(stored: T | null, caseId: string): T | null {
  if (stored === null) return null;
  if (stored.caseId !== caseId) {
    throw new SosError('VALIDATION_FAILED', 'This client_id was already used for a record of another case', {
      field: 'client_id',
    });
  }
  return stored;
}

/**
 * Refuses the time of a record on a case outside the case's life so far, naming the field: in the
 * future (by the server clock), or before the case began (its response clock's start, or its opening
 * when an overdose's time ran a little ahead of the server's). Nothing is done for a survivor before the
 * overdose or referral that made the case, and a record dated earlier would pass for one made before a
 * decline and give the program metrics negative response times.
 */
export function assertDuringCase(at: Date, outreachCase: OutreachCase, now: Date, field: string): void {
  if (at.getTime() > now.getTime()) {
    throw new SosError('VALIDATION_FAILED', `${field} is in the future (now is ${now.toISOString()})`, {
      field,
    });
  }
  const began = Math.min(outreachCase.clockStartedAt.getTime(), outreachCase.openedAt.getTime());
  if (at.getTime() < began) {
    throw new SosError(
      'VALIDATION_FAILED',
      `${field} is before the outreach case began (${new Date(began).toISOString()})`,
      { field },
    );
  }
}
