import { recordAuditEntries } from '../access/audit/audit-log.js';
import type { Purpose } from '../access/purpose.js';
import { type Actor, auditActor } from '../access/roles.js';
import { userNames } from '../access/users/user-directory.js';
import { SosError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import {
  assertCaseOpen,
  assertDuringCase,
  authorizeCaseRecords,
  openCaseForRecords,
  readCaseRecords,
  replayOf,
} from './case-record-access.js';
import { type PresentedConsent, presentConsent } from './case-record-presenter.js';
import type { Consent } from './case-records.js';
import { findConsent, insertConsent, listConsents, revokeConsent } from './consent-repository.js';
import type { RecordDependencies, Recorded } from './contact-attempt-service.js';
import type { ConsentMethod, ConsentScope } from './outreach-vocabulary.js';

/** A consent as a worker records it (the API's body). */
export interface ConsentInput {
  client_id?: string | undefined;
  scope: ConsentScope;
  recipient?: string | undefined;
  method: ConsentMethod;
  obtained_at?: string | undefined;
  expires_at?: string | undefined;
}

/** The scopes that name whom the survivor agreed to tell or share with. */
const scopesNamingRecipient: readonly ConsentScope[] = ['disclose_to_person', 'share_with_organization'];

/** The consents of a case, oldest first, each with whether it is in force now; an audited read of T3. */
export function readConsents(
  deps: RecordDependencies,
  caller: Actor,
  caseId: string,
  purpose: Purpose,
): Promise<PresentedConsent[]> {
  const now = deps.clock.now();
  return readCaseRecords(deps, caller, caseId, purpose, {
    listAction: 'outreach_consent.list',
    list: listConsents,
    recordedBy: (c) => c.obtainedBy,
    present: (c, names) => presentConsent(c, names, now),
  });
}

/**
 * Records a consent the survivor gave, with its audit entry in the same transaction. A client_id
 * already stored on this case answers that consent.
 */
export async function recordConsent(
  deps: RecordDependencies,
  caller: Actor,
  caseId: string,
  input: ConsentInput,
): Promise<Recorded<PresentedConsent>> {
  authorizeCaseRecords(caller, 'outreach.write');
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const { actor, outreachCase } = await openCaseForRecords(tx, deps.clock, caller, caseId, {
      action: 'outreach.write',
      purpose: 'treatment',
      lock: true,
    });
    const j = actor.jurisdictionId;
    const by = auditActor(actor);
    const audit = (action: string, consentId: string, details: Record<string, unknown>) =>
      recordAuditEntries(tx, j, now, [
        {
          ...by,
          action,
          subjectType: 'outreach_case',
          subjectId: caseId,
          purpose: 'treatment',
          details: { consent_id: consentId, ...details },
        },
      ]);
    const present = async (c: Consent) => presentConsent(c, await userNames(tx, j, [c.obtainedBy]), now);

    const replay = input.client_id ? replayOf(await findConsent(tx, j, input.client_id), caseId) : null;
    if (replay) {
      await audit('outreach_consent.resend', replay.id, {});
      return { record: await present(replay), created: false };
    }
    assertCaseOpen(outreachCase);
    const recipient = input.recipient?.trim() || null;
    if (scopesNamingRecipient.includes(input.scope) && recipient === null) {
      throw new SosError('VALIDATION_FAILED', `A ${input.scope} consent names its recipient`, {
        field: 'recipient',
      });
    }
    const obtainedAt = input.obtained_at ? new Date(input.obtained_at) : now;
    assertDuringCase(obtainedAt, outreachCase, now, 'obtained_at');
    const expiresAt = input.expires_at ? new Date(input.expires_at) : null;
    if (expiresAt && expiresAt.getTime() <= obtainedAt.getTime()) {
      throw new SosError('VALIDATION_FAILED', 'expires_at must come after obtained_at', {
        field: 'expires_at',
      });
    }
    const consent: Consent = {
      jurisdictionId: j,
      id: input.client_id ?? newId(now.getTime()),
      caseId,
      scope: input.scope,
      recipient,
      method: input.method,
      obtainedBy: actor.userId,
      obtainedAt,
      expiresAt,
      revokedAt: null,
      revokedBy: null,
    };
    await insertConsent(tx, consent);
    await audit('outreach_consent.create', consent.id, { scope: consent.scope, method: consent.method });
    return { record: await present(consent), created: true };
  });
}

/**
 * Revokes a consent at once: from now on no rule counts it. Allowed on a closed case too, since a
 * survivor may always withdraw what she agreed to; revoking twice keeps the first revocation.
 */
export async function withdrawConsent(
  deps: RecordDependencies,
  caller: Actor,
  caseId: string,
  consentId: string,
): Promise<PresentedConsent> {
  authorizeCaseRecords(caller, 'outreach.write');
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    // Locked like every write on the case, so a rule checked at the same moment sees the revocation or
    // commits before it.
    const { actor } = await openCaseForRecords(tx, deps.clock, caller, caseId, {
      action: 'outreach.write',
      purpose: 'treatment',
      lock: true,
    });
    const j = actor.jurisdictionId;
    const consent = await findConsent(tx, j, consentId);
    if (!consent || consent.caseId !== caseId) {
      throw new SosError('NOT_FOUND', `No consent ${consentId} on this outreach case`);
    }
    if (consent.revokedAt === null) {
      await revokeConsent(tx, j, consentId, actor.userId, now);
      await recordAuditEntries(tx, j, now, [
        {
          ...auditActor(actor),
          action: 'outreach_consent.revoke',
          subjectType: 'outreach_case',
          subjectId: caseId,
          purpose: 'treatment',
          details: { consent_id: consentId, scope: consent.scope },
        },
      ]);
    }
    const stored = (await findConsent(tx, j, consentId)) as Consent;
    return presentConsent(stored, await userNames(tx, j, [stored.obtainedBy]), now);
  });
}
