import { decideAccess } from '../access/access-decision.js';
import type { Purpose } from '../access/purpose.js';
import type { Actor } from '../access/roles.js';
import { SosError } from '../platform/errors.js';
import { timeDuringCase } from './case-record-access.js';
import {
  type CaseRecordKind,
  type RecordDependencies,
  type Recorded,
  readCaseRecords,
  writeCaseRecord,
} from './case-record-operations.js';
import { type PresentedAttempt, presentAttempt } from './case-record-presenter.js';
import type { ContactAttempt } from './case-records.js';
import { listConsents } from './consent-repository.js';
import {
  findContactAttempt,
  insertContactAttempt,
  listContactAttempts,
} from './contact-attempt-repository.js';
import { caseResource } from './outreach-access.js';
import {
  attemptCapRefusal,
  disclosureRefusal,
  furtherContactRefusal,
  isInPerson,
  materialsRefusal,
  phoneFirstRefusal,
} from './outreach-rules.js';
import type { ContactMethod, ContactOutcome, Disclosure, Material } from './outreach-vocabulary.js';

/** A contact attempt as a worker records it (the API's body). */
export interface ContactAttemptInput {
  client_id?: string | undefined;
  method: ContactMethod;
  outcome: ContactOutcome;
  attempted_at?: string | undefined;
  disclosure: Disclosure;
  disclosure_consent_id?: string | undefined;
  materials_left: Material[];
  note?: string | undefined;
  cap_override_reason?: string | undefined;
}

/** Attempts, as the reads and writes of a case's records handle them. */
const attemptKind: CaseRecordKind<ContactAttempt, PresentedAttempt> = {
  name: 'attempt',
  list: listContactAttempts,
  find: findContactAttempt,
  recordedBy: (a) => a.attemptedBy,
  present: presentAttempt,
};

/** The attempts of a case, oldest first; an audited read of T3 with its purpose. */
export function readContactAttempts(
  deps: RecordDependencies,
  caller: Actor,
  caseId: string,
  purpose: Purpose,
): Promise<PresentedAttempt[]> {
  return readCaseRecords(deps, caller, caseId, purpose, attemptKind);
}

/**
 * Records a contact attempt on a case, after the PRONTO rules (outreach-rules.ts) against the program's
 * policies and the case's consents and earlier attempts, with its audit entry in the same transaction.
 * A client_id already stored on this case answers the stored attempt (created false).
 */
export function recordContactAttempt(
  deps: RecordDependencies,
  caller: Actor,
  caseId: string,
  input: ContactAttemptInput,
): Promise<Recorded<PresentedAttempt>> {
  return writeCaseRecord(deps, caller, caseId, input.client_id, attemptKind, async (w) => {
    const { tx, actor, outreachCase, program, now } = w;
    const j = actor.jurisdictionId;
    const at = input.attempted_at
      ? timeDuringCase(new Date(input.attempted_at), outreachCase, now, 'attempted_at')
      : now;
    if (input.disclosure !== 'disclosed' && input.disclosure_consent_id) {
      throw new SosError('VALIDATION_FAILED', 'disclosure_consent_id goes with disclosure "disclosed" only', {
        field: 'disclosure_consent_id',
      });
    }
    const attempts = await listContactAttempts(tx, j, caseId);
    const consents = await listConsents(tx, j, caseId);
    const overrideReason = input.cap_override_reason?.trim() || null;
    const atCap = attempts.length >= program.attemptCap;
    if (overrideReason && !atCap) {
      throw new SosError(
        'VALIDATION_FAILED',
        `cap_override_reason is for an attempt past the cap; the case has ${attempts.length} of ${program.attemptCap}`,
        { field: 'cap_override_reason' },
      );
    }
    const mayOverride =
      decideAccess(actor, 'outreach.override_cap', caseResource(outreachCase), 'treatment').effect ===
      'allow';
    const refusal =
      attemptCapRefusal({
        attemptCount: attempts.length,
        attemptCap: program.attemptCap,
        overrideReason,
        mayOverride,
      }) ??
      furtherContactRefusal({ attempts, consents, at, now, field: 'outcome' }) ??
      phoneFirstRefusal({
        inPerson: isInPerson(input.method),
        phoneFirst: program.phoneFirst,
        consents,
        at,
        now,
        field: 'method',
      }) ??
      disclosureRefusal({
        disclosure: input.disclosure,
        disclosureConsentId: input.disclosure_consent_id ?? null,
        consents,
        at,
        now,
      }) ??
      materialsRefusal({
        materialsLeft: input.materials_left,
        outcome: input.outcome,
        materialsAllowed: program.materialsAllowed,
        consents,
        at,
        now,
      });
    if (refusal) throw refusal;

    const attempt: ContactAttempt = {
      jurisdictionId: j,
      id: w.id,
      caseId,
      method: input.method,
      outcome: input.outcome,
      attemptedAt: at,
      attemptedBy: actor.userId,
      disclosure: input.disclosure,
      disclosureConsentId: input.disclosure_consent_id ?? null,
      materialsLeft: [...new Set(input.materials_left)],
      note: input.note?.trim() || null,
      capOverrideReason: atCap ? overrideReason : null,
      recordedAt: now,
    };
    await insertContactAttempt(tx, attempt);
    return {
      record: attempt,
      details: {
        method: attempt.method,
        outcome: attempt.outcome,
        disclosure: attempt.disclosure,
        cap_override: attempt.capOverrideReason !== null,
      },
    };
  });
}
