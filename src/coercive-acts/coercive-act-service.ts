import { recordAuditEntries } from '../access/audit/audit-log.js';
import { authorize, authorizeUser } from '../access/authorize.js';
import type { Resource } from '../access/resource.js';
import { type Actor, auditActor } from '../access/roles.js';
import { userNames } from '../access/users/user-directory.js';
import { withPrograms } from '../outreach/outreach-access.js';
import type { Clock } from '../platform/clock.js';
import type { Database, Queryable } from '../platform/database.js';
import { SosError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import {
  type CoerciveAct,
  type CoerciveActCounts,
  type CoerciveActKind,
  coerciveActKinds,
} from './coercive-act.js';
import { countCoerciveActsByKind, insertCoerciveAct, listCoerciveActs } from './coercive-act-repository.js';

/** What the register's services need: the database and the clock. */
export interface CoerciveActDependencies {
  db: Database;
  clock: Clock;
}

/** An act as a coordinator or oversight records it (the API's body). */
export interface CoerciveActInput {
  program_id: string;
  kind: CoerciveActKind;
  performed_at: string;
  performed_by: string;
  justification: string;
  policy_reference: string;
}

/** An act as the register lists it, with the name of who recorded it. */
export interface ListedCoerciveAct extends CoerciveAct {
  recordedByName: string | null;
}

/** What the policy tests of the register of a program: its jurisdiction and program (T3: it names people). */
function registerResource(jurisdictionId: string, programId: string): Resource {
  return { type: 'coercive_act', jurisdictionId, programId, tier: 'T3' };
}

/**
 * Records an exceptional act of a program (a coordinator or oversight of that program), with its audit
 * entry in the same transaction. The recorder gets the id back, never the register: only oversight reads it.
 */
export async function recordCoerciveAct(
  deps: CoerciveActDependencies,
  caller: Actor,
  input: CoerciveActInput,
): Promise<{ id: string; recordedAt: Date }> {
  authorizeUser(caller, 'coercive_act.record');
  const actor = await withPrograms(deps.db, caller);
  if (actor.kind !== 'user') throw new SosError('FORBIDDEN');
  authorize(actor, 'coercive_act.record', registerResource(actor.jurisdictionId, input.program_id));
  const now = deps.clock.now();
  const performedAt = new Date(input.performed_at);
  if (performedAt.getTime() > now.getTime()) {
    throw new SosError('VALIDATION_FAILED', `performed_at is in the future (now is ${now.toISOString()})`, {
      field: 'performed_at',
    });
  }
  for (const field of ['performed_by', 'justification', 'policy_reference'] as const) {
    if (input[field].trim() === '') {
      throw new SosError(
        'VALIDATION_FAILED',
        `${field} is required: an act is recorded with who, why and under which policy`,
        {
          field,
        },
      );
    }
  }
  const act: CoerciveAct = {
    jurisdictionId: actor.jurisdictionId,
    id: newId(now.getTime()),
    programId: input.program_id,
    kind: input.kind,
    performedAt,
    performedBy: input.performed_by.trim(),
    justification: input.justification.trim(),
    policyReference: input.policy_reference.trim(),
    recordedBy: actor.userId,
    recordedAt: now,
  };
  await deps.db.transaction(async (tx) => {
    await insertCoerciveAct(tx, act);
    // The entry names the kind, never the free text: the audit log is read by administrators.
    await recordAuditEntries(tx, act.jurisdictionId, now, [
      {
        ...auditActor(actor),
        action: 'coercive_act.record',
        subjectType: 'coercive_act',
        subjectId: act.id,
        purpose: 'operations',
        details: { program_id: act.programId, kind: act.kind },
      },
    ]);
  });
  return { id: act.id, recordedAt: now };
}

/**
 * The register of one program for [from, to), oldest first: oversight of that program only (every
 * other role, coordinators included, is refused), an audited read (purpose audit) in one transaction.
 */
export async function readCoerciveActs(
  deps: CoerciveActDependencies,
  caller: Actor,
  query: { programId: string; from: Date; to: Date | null },
): Promise<ListedCoerciveAct[]> {
  authorizeUser(caller, 'coercive_act.read');
  const actor = await withPrograms(deps.db, caller);
  if (actor.kind !== 'user') throw new SosError('FORBIDDEN');
  authorize(actor, 'coercive_act.read', registerResource(actor.jurisdictionId, query.programId), 'audit');
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const acts = await listCoerciveActs(tx, actor.jurisdictionId, query.programId, query.from, query.to);
    await recordAuditEntries(tx, actor.jurisdictionId, now, [
      {
        ...auditActor(actor),
        action: 'coercive_act.list',
        subjectType: 'outreach_program',
        subjectId: query.programId,
        purpose: 'audit',
        details: { count: acts.length, from: query.from.toISOString(), to: query.to?.toISOString() ?? null },
      },
    ]);
    const names = await userNames(
      tx,
      actor.jurisdictionId,
      acts.map((a) => a.recordedBy),
    );
    return acts.map((a) => ({ ...a, recordedByName: names.get(a.recordedBy) ?? null }));
  });
}

/**
 * The register's face for program metrics: how many acts of each kind a program recorded in [from,
 * to), counts only. It asks no permission: the metrics service that calls it has asked for
 * outreach.read_metrics of the program, and counts name no one.
 */
export async function countCoerciveActs(
  db: Queryable,
  jurisdictionId: string,
  programId: string,
  from: Date,
  to: Date,
): Promise<CoerciveActCounts> {
  const counts = Object.fromEntries(coerciveActKinds.map((k) => [k, 0])) as CoerciveActCounts;
  for (const row of await countCoerciveActsByKind(db, jurisdictionId, programId, from, to)) {
    counts[row.kind] = row.count;
  }
  return counts;
}
