import { recordAuditEntries } from '../access/audit/audit-log.js';
import { authorize, type EmergencyUse } from '../access/authorize.js';
import { emergencyUse } from '../access/break-the-glass/glass-break-service.js';
import type { Purpose } from '../access/purpose.js';
import { type Actor, auditActor } from '../access/roles.js';
import { userNames } from '../access/users/user-directory.js';
import { contactFlagsOf } from '../persons/contact-flags.js';
import type { PersonInput } from '../persons/person-input.js';
import { openPerson, sealPerson, storeSealedPersons } from '../persons/person-vault.js';
import type { Queryable } from '../platform/database.js';
import { SosError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { decodePageCursor, encodePageCursor } from '../platform/page-cursor.js';
import { nameOfArea } from '../surveillance/layer-geometry-service.js';
import {
  type CaseDetail,
  type CaseSummary,
  presentCaseDetail,
  presentCaseSummary,
} from './case-presenter.js';
import { authorizeOnCase, caseNotFound, caseScopesOf } from './case-queue-access.js';
import {
  countQueue,
  insertCase,
  listQueue,
  type QueueFilter,
  assignCase as storeAssignment,
  closeCase as storeClosing,
} from './case-queue-repository.js';
import {
  attemptsOfCases,
  consentsOfCases,
  overdosesOfCases,
  visitsOfCase,
} from './case-record-repository.js';
import { findCase, findProgram, type OutreachCase, type OutreachProgram } from './case-repository.js';
import { caseResource } from './outreach-access.js';
import type { OutreachDependencies } from './outreach-dependencies.js';
import type { CloseReason, DeflectionPathway } from './outreach-vocabulary.js';
import { mayViewProgram, outreachReader, programNotFound } from './program-access.js';
import { findMembers } from './program-repository.js';
import { referralsOfCase } from './referral-service.js';

/**
 * The earliest start of a case's response clock: intake takes no overdose before 1990, so neither is a
 * case by hand older (the embedded database refuses the year 0 outright).
 */
const EARLIEST_CLOCK_START = Date.UTC(1990, 0, 1);

/** The queue's filters and page, as the API names them. */
export interface QueueQuery {
  program_id?: string | undefined;
  status: 'open' | 'closed' | 'all';
  assigned: 'me' | 'unassigned' | 'any';
  overdue?: boolean | undefined;
  limit: number;
  cursor?: string | undefined;
  purpose: Purpose;
}

/**
 * The queue: the cases the actor may read (a coordinator her programs', a worker only those assigned
 * to her, whatever the filters say), most urgent first (by due time, then id), a page at a time, with one audit entry for the
 * read in its transaction. Roles that read no case at all get NOT_FOUND, as for a case.
 */
export async function listCases(
  deps: OutreachDependencies,
  actor: Actor,
  query: QueueQuery,
): Promise<{ cases: CaseSummary[]; next_cursor: string | null; total: number }> {
  const reader = await outreachReader(deps.db, actor);
  try {
    authorize(reader, 'outreach.read', undefined, query.purpose);
  } catch (error) {
    if (error instanceof SosError && error.code === 'FORBIDDEN') throw caseNotFound();
    throw error;
  }
  const now = deps.clock.now();
  const filter: QueueFilter = {
    jurisdictionId: reader.jurisdictionId,
    // The policy's meaning, in SQL: nothing `authorize` would refuse is fetched.
    scopes: caseScopesOf(reader, query.purpose),
    programId: query.program_id,
    status: query.status,
    assignedTo: query.assigned === 'me' ? reader.userId : query.assigned === 'unassigned' ? null : undefined,
    overdueAt: query.overdue ? now : undefined,
  };
  const after = query.cursor === undefined ? null : decodePageCursor(query.cursor);
  return deps.db.transaction(async (tx) => {
    const rows = await listQueue(tx, filter, { after, limit: query.limit + 1 });
    const page = rows.slice(0, query.limit);
    // ... and each case is still asked of the policy, so a filter gone wrong refuses rather than leaks.
    for (const c of page) authorizeOnCase(reader, 'outreach.read', c, query.purpose);
    const total = await countQueue(tx, filter);
    const cases = await summariesOf(tx, reader.jurisdictionId, page, now);
    await recordAuditEntries(tx, reader.jurisdictionId, now, [
      {
        ...auditActor(reader),
        action: 'outreach_case.list',
        subjectType: query.program_id ? 'outreach_program' : 'jurisdiction',
        subjectId: query.program_id ?? reader.jurisdictionId,
        purpose: query.purpose,
        details: {
          count: cases.length,
          total,
          status: query.status,
          assigned: query.assigned,
          ...(query.overdue ? { overdue: true } : {}),
        },
      },
    ]);
    const last = page[page.length - 1];
    return {
      cases,
      next_cursor: rows.length > query.limit && last ? encodePageCursor(last.position) : null,
      total,
    };
  });
}

/**
 * One case with its person and records, for a purpose: `outreach.read` asked of the case (NOT_FOUND
 * when refused, so its existence does not leak), the read and its `outreach_case.read` entry in one
 * transaction, then the person opened through the vault (which audits `person.read`).
 */
export async function readCase(
  deps: OutreachDependencies,
  actor: Actor,
  caseId: string,
  purpose: Purpose,
): Promise<CaseDetail> {
  const reader = await outreachReader(deps.db, actor);
  const jurisdictionId = reader.jurisdictionId;
  const now = deps.clock.now();
  const read = await deps.db.transaction(async (tx) => {
    const c = await findCase(tx, jurisdictionId, caseId);
    if (!c) throw caseNotFound();
    const use: Purpose | EmergencyUse =
      purpose === 'emergency'
        ? await emergencyUse({ db: tx, clock: deps.clock }, reader, 'outreach.read', {
            ...caseResource(c),
            id: c.id,
          })
        : purpose;
    authorizeOnCase(reader, 'outreach.read', c, use);
    const program = await programOf(tx, c);
    const attempts = await attemptsOfCases(tx, jurisdictionId, [c.id]);
    const consents = await consentsOfCases(tx, jurisdictionId, [c.id]);
    const overdoses = await overdosesOfCases(tx, jurisdictionId, [c.id]);
    const visits = await visitsOfCase(tx, jurisdictionId, c.id);
    const referrals = await referralsOfCase(tx, jurisdictionId, c.id);
    await recordAuditEntries(tx, jurisdictionId, now, [
      {
        ...auditActor(reader),
        action: 'outreach_case.read',
        subjectType: 'outreach_case',
        subjectId: c.id,
        purpose,
        details: { program_id: c.programId },
      },
    ]);
    const userIds = [
      ...(c.assignedTo ? [c.assignedTo] : []),
      ...attempts.map((a) => a.attemptedBy),
      ...visits.map((v) => v.recordedBy),
      ...consents.map((k) => k.obtainedBy),
    ];
    const names = await userNames(tx, jurisdictionId, [...new Set(userIds)]);
    return { c, program, attempts, consents, overdoses, visits, referrals, names };
  });
  const { c } = read;
  let person: PersonInput | null = null;
  if (c.personId && !c.purgedAt) {
    const personResource = { type: 'person', id: c.personId, jurisdictionId, tier: 'T3' as const };
    person = await openPerson(
      deps.db,
      deps.keyring,
      reader,
      {
        jurisdictionId,
        personId: c.personId,
        use:
          purpose === 'emergency' ? await emergencyUse(deps, reader, 'person.read', personResource) : purpose,
        programId: c.programId,
        ...(c.assignedTo ? { assignedTo: c.assignedTo } : {}),
      },
      now,
    );
  }
  return presentCaseDetail(
    {
      outreachCase: c,
      program: read.program,
      attempts: read.attempts,
      consents: read.consents,
      overdoseCount: read.overdoses.length,
      overdoses: read.overdoses,
      visits: read.visits,
      referrals: read.referrals,
      person,
    },
    read.names,
    now,
  );
}

/** A case opened by hand or by a deflection referral. */
export interface CaseOpening {
  program_id: string;
  origin: 'by_hand' | 'deflection';
  pathway?: DeflectionPathway | undefined;
  started_at?: string | undefined;
  area_id?: string | undefined;
  person: Partial<Record<'first_name' | 'last_name' | 'birth_date' | 'phone' | 'email' | 'address', string>>;
}

/**
 * Opens a case on a program's queue (its coordinators): the person sealed into the vault, the contact
 * flags computed as intake computes them, the clock started at `started_at` (now by default); audited.
 */
export async function openCase(
  deps: OutreachDependencies,
  actor: Actor,
  input: CaseOpening,
): Promise<CaseDetail> {
  const reader = await outreachReader(deps.db, actor);
  const jurisdictionId = reader.jurisdictionId;
  const program = await findProgram(deps.db, jurisdictionId, input.program_id);
  if (!program || !mayViewProgram(reader, program)) throw programNotFound();
  const id = newId();
  // A new case is nobody's yet: only who may write every case of the program (its coordinators) opens one.
  authorize(
    reader,
    'outreach.write',
    caseResource({ id, jurisdictionId, programId: program.id, assignedTo: null }),
    'treatment',
  );
  if (input.origin === 'deflection' && !input.pathway) {
    throw new SosError('VALIDATION_FAILED', 'A case opened by a deflection referral needs its pathway', {
      field: 'pathway',
    });
  }
  if (input.origin === 'by_hand' && input.pathway) {
    throw new SosError('VALIDATION_FAILED', 'Only a deflection referral has a pathway', { field: 'pathway' });
  }
  const now = deps.clock.now();
  const startedAt = input.started_at ? new Date(input.started_at) : now;
  if (startedAt.getTime() > now.getTime()) {
    throw new SosError('VALIDATION_FAILED', 'started_at is in the future', { field: 'started_at' });
  }
  if (startedAt.getTime() < EARLIEST_CLOCK_START) {
    throw new SosError('VALIDATION_FAILED', 'started_at is before 1990', { field: 'started_at' });
  }
  if (input.area_id !== undefined && !(await servesArea(deps.db, program, input.area_id))) {
    throw new SosError('VALIDATION_FAILED', `No area "${input.area_id}" in the layers the program serves`, {
      field: 'area_id',
    });
  }
  const person = personOf(input.person);
  const sealed = person ? sealPerson(deps.keyring, person) : null;
  const outreachCase: OutreachCase = {
    jurisdictionId,
    id,
    programId: program.id,
    kind: 'post_overdose',
    origin: input.origin,
    pathway: input.pathway ?? null,
    personId: sealed?.id ?? null,
    matchKey: sealed?.matchKeys[0]?.toString('hex') ?? null,
    status: 'open',
    clockStartedAt: startedAt,
    areaId: input.area_id ?? null,
    contactFlags: contactFlagsOf(person),
    assignedTo: null,
    assignedAt: null,
    escalatedAt: null,
    remindedAt: null,
    openedAt: now,
    closedAt: null,
    closeReason: null,
    purgedAt: null,
  };
  await deps.db.transaction(async (tx) => {
    if (sealed) await storeSealedPersons(tx, jurisdictionId, [sealed]);
    await insertCase(tx, outreachCase);
    await recordAuditEntries(tx, jurisdictionId, now, [
      {
        ...auditActor(reader),
        action: 'outreach_case.open',
        subjectType: 'outreach_case',
        subjectId: id,
        purpose: 'treatment',
        details: { program_id: program.id, origin: input.origin, pathway: input.pathway ?? null },
      },
    ]);
  });
  // The person is the one the coordinator just sent: nothing is read back from the vault.
  return presentCaseDetail(
    {
      outreachCase,
      program,
      attempts: [],
      consents: [],
      overdoseCount: 0,
      overdoses: [],
      visits: [],
      referrals: [],
      person,
    },
    new Map(),
    now,
  );
}

/**
 * Assigns a case to a worker, or to nobody (its program's coordinators): the user must be an active
 * member of the case's program with a user; audited.
 */
export function assignCase(
  deps: OutreachDependencies,
  actor: Actor,
  caseId: string,
  userId: string | null,
): Promise<CaseSummary> {
  return changeOpenCase(deps, actor, caseId, 'outreach.assign', async ({ tx, c, now }) => {
    if (userId !== null) {
      const members = await findMembers(tx, c.jurisdictionId, [c.programId]);
      if (!members.some((m) => m.active && m.userId === userId)) {
        throw new SosError('VALIDATION_FAILED', "user_id must name an active member of the case's program", {
          field: 'user_id',
        });
      }
    }
    await storeAssignment(tx, c.jurisdictionId, c.id, userId, userId ? now : null);
    return {
      auditAction: 'outreach_case.assign',
      details: { user_id: userId, previous_user_id: c.assignedTo },
      changed: { ...c, assignedTo: userId, assignedAt: userId ? now : null },
    };
  });
}

/** Closes a case with a reason (its coordinators, or the worker it is assigned to); audited. */
export function closeCase(
  deps: OutreachDependencies,
  actor: Actor,
  caseId: string,
  reason: CloseReason,
): Promise<CaseSummary> {
  return changeOpenCase(deps, actor, caseId, 'outreach.write', async ({ tx, c, now }) => {
    await storeClosing(tx, c.jurisdictionId, c.id, reason, now);
    return {
      auditAction: 'outreach_case.close',
      details: { reason },
      changed: { ...c, status: 'closed', closedAt: now, closeReason: reason },
    };
  });
}

/**
 * One change to an open case, in one transaction: the case locked, the action asked of the policy on it
 * (NOT_FOUND when refused, as for a read), a closed case refused, then `change` stores the change and
 * says how to audit it; answers the changed case's summary.
 */
async function changeOpenCase(
  deps: OutreachDependencies,
  actor: Actor,
  caseId: string,
  action: 'outreach.assign' | 'outreach.write',
  change: (w: { tx: Queryable; c: OutreachCase; now: Date }) => Promise<{
    auditAction: string;
    details: Record<string, unknown>;
    changed: OutreachCase;
  }>,
): Promise<CaseSummary> {
  const reader = await outreachReader(deps.db, actor);
  const jurisdictionId = reader.jurisdictionId;
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const c = await findCase(tx, jurisdictionId, caseId, true);
    if (!c) throw caseNotFound();
    authorizeOnCase(reader, action, c, 'treatment');
    if (c.status === 'closed') throw new SosError('OUTREACH_CASE_CLOSED');
    const { auditAction, details, changed } = await change({ tx, c, now });
    await recordAuditEntries(tx, jurisdictionId, now, [
      {
        ...auditActor(reader),
        action: auditAction,
        subjectType: 'outreach_case',
        subjectId: c.id,
        purpose: 'treatment',
        details,
      },
    ]);
    return summaryOf(tx, changed, now);
  });
}

/** The program of a case (it always exists: a case is never moved off its program). */
async function programOf(tx: Queryable, c: OutreachCase): Promise<OutreachProgram> {
  const program = await findProgram(tx, c.jurisdictionId, c.programId);
  if (!program) throw new SosError('INTERNAL', `The program of case ${c.id} is missing`);
  return program;
}

/** The summary of one case after a write. */
async function summaryOf(tx: Queryable, c: OutreachCase, now: Date): Promise<CaseSummary> {
  const { responseWindowHours, attemptCap } = await programOf(tx, c);
  const [summary] = await summariesOf(tx, c.jurisdictionId, [{ ...c, responseWindowHours, attemptCap }], now);
  return summary as CaseSummary;
}

/** The summaries of cases already authorized, with what was recorded on them, in the given order. */
async function summariesOf(
  tx: Queryable,
  jurisdictionId: string,
  cases: readonly (OutreachCase & Pick<OutreachProgram, 'responseWindowHours' | 'attemptCap'>)[],
  now: Date,
): Promise<CaseSummary[]> {
  const ids = cases.map((c) => c.id);
  const attempts = await attemptsOfCases(tx, jurisdictionId, ids);
  const consents = await consentsOfCases(tx, jurisdictionId, ids);
  const overdoses = await overdosesOfCases(tx, jurisdictionId, ids);
  const assignees = [...new Set(cases.flatMap((c) => (c.assignedTo ? [c.assignedTo] : [])))];
  const names = await userNames(tx, jurisdictionId, assignees);
  return cases.map((c) =>
    presentCaseSummary(
      {
        outreachCase: c,
        program: c,
        attempts: attempts.filter((a) => a.caseId === c.id),
        consents: consents.filter((k) => k.caseId === c.id),
        overdoseCount: overdoses.filter((o) => o.caseId === c.id).length,
      },
      names,
      now,
    ),
  );
}

/** Whether an area is one of the layers the program serves (asked of surveillance). */
async function servesArea(db: Queryable, program: OutreachProgram, areaId: string): Promise<boolean> {
  for (const layerId of new Set(program.serviceAreas.map((a) => a.layer_id))) {
    if ((await nameOfArea(db, program.jurisdictionId, layerId, areaId)) !== null) return true;
  }
  return false;
}

/** The person a request names, trimmed; null when it names nothing. */
function personOf(input: CaseOpening['person']): PersonInput | null {
  const person: PersonInput = {};
  for (const [field, value] of Object.entries(input)) {
    const trimmed = value?.trim();
    if (trimmed) person[field as keyof CaseOpening['person']] = trimmed;
  }
  return Object.keys(person).length ? person : null;
}
