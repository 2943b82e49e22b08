import { authorize, authorizeUser, type SignedInUser } from '../access/authorize.js';
import { emergencyUse } from '../access/break-the-glass/glass-break-service.js';
import type { Action } from '../access/policy.js';
import type { Purpose } from '../access/purpose.js';
import type { Actor } from '../access/roles.js';
import type { Clock } from '../platform/clock.js';
import type { Queryable } from '../platform/database.js';
import { SosError } from '../platform/errors.js';
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

/** How far ahead of the server a device's clock may run: a phone a little fast is not an error. */
export const DEVICE_CLOCK_LEEWAY_MS = 2 * 60_000;

/**
 * The time of a record on a case, held to the case's life so far, naming the field when refused. A time
 * up to DEVICE_CLOCK_LEEWAY_MS ahead (a worker's phone clock running fast) is taken as the server's now,
 * so the rules that compare times (a consent obtained before the visit) see the order the worker saw;
 * further ahead is refused, and so is a time before the case began (its response clock's start, or its
 * opening when an overdose's time ran a little ahead of the server's): nothing is done for a survivor
 * before the overdose or referral that made the case, and a record dated earlier would pass for one
 * made before a decline and give the program metrics negative response times.
 */
export function timeDuringCase(at: Date, outreachCase: OutreachCase, now: Date, field: string): Date {
  if (at.getTime() > now.getTime()) {
    if (at.getTime() - now.getTime() <= DEVICE_CLOCK_LEEWAY_MS) return now;
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
  return at;
}
