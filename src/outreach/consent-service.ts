import { recordAuditEntries } from '../access/audit/audit-log.js';
import { findOrganization } from '../access/jurisdictions/jurisdiction-service.js';
import type { Purpose } from '../access/purpose.js';
import { type Actor, auditActor } from '../access/roles.js';
import { userNames } from '../access/users/user-directory.js';
import type { Queryable } from '../platform/database.js';
import { SosError } from '../platform/errors.js';
import { authorizeCaseRecords, openCaseForRecords, timeDuringCase } from './case-record-access.js';
import {
  type CaseRecordKind,
  type RecordDependencies,
  type Recorded,
  readCaseRecords,
  writeCaseRecord,
} from './case-record-operations.js';
import { type PresentedConsent, presentConsent } from './case-record-presenter.js';
import type { Consent } from './case-records.js';
import { findProgram } from './case-repository.js';
import { findConsent, insertConsent, listConsents, revokeConsent } from './consent-repository.js';
import type { ConsentMethod, ConsentScope } from './outreach-vocabulary.js';

/** A consent as a worker records it (the API's body). */
export interface ConsentInput {
  client_id?: string | undefined;
  scope: ConsentScope;
  recipient?: string | undefined;
  recipient_organization_id?: string | undefined;
  recipient_program_id?: string | undefined;
  method: ConsentMethod;
  obtained_at?: string | undefined;
  expires_at?: string | undefined;
}

/** The scopes that name whom the survivor agreed to tell or share with. */
const scopesNamingRecipient: readonly ConsentScope[] = [
  'disclose_to_person',
  'share_with_organization',
  'transfer_to_program',
];

/**
 * Whom a consent names: in words, and, for sharing with one of the jurisdiction's organizations or a
 * transfer to another program, by id, so that a disclosure can be checked against it. A transfer's
 * consent names a program other than the case's own.
 */
async function consentRecipient(
  tx: Queryable,
  jurisdictionId: string,
  caseProgramId: string,
  input: ConsentInput,
): Promise<{
  recipient: string | null;
  recipientOrganizationId: string | null;
  recipientProgramId: string | null;
}> {
  let recipient = input.recipient?.trim() || null;
  const organizationId = input.recipient_organization_id ?? null;
  const programId = input.recipient_program_id ?? null;
  if (organizationId !== null) {
    if (input.scope !== 'share_with_organization') {
      throw new SosError(
        'VALIDATION_FAILED',
        'Only a share_with_organization consent names an organization',
        {
          field: 'recipient_organization_id',
        },
      );
    }
    const organization = await findOrganization(tx, jurisdictionId, organizationId);
    if (!organization) {
      throw new SosError('VALIDATION_FAILED', `No organization ${organizationId} in this jurisdiction`, {
        field: 'recipient_organization_id',
      });
    }
    recipient ??= organization.name;
  }
  if (input.scope === 'transfer_to_program' || programId !== null) {
    const program = programId === null ? null : await findProgram(tx, jurisdictionId, programId);
    if (input.scope !== 'transfer_to_program' || !program || program.id === caseProgramId) {
      throw new SosError(
        'VALIDATION_FAILED',
        'A transfer_to_program consent names another outreach program of this jurisdiction',
        { field: 'recipient_program_id' },
      );
    }
    recipient ??= program.name;
  }
  if (scopesNamingRecipient.includes(input.scope) && recipient === null) {
    throw new SosError('VALIDATION_FAILED', `A ${input.scope} consent names its recipient`, {
      field: 'recipient',
    });
  }
  return { recipient, recipientOrganizationId: organizationId, recipientProgramId: programId };
}

/** The consents of a case, oldest first, each with whether it is in force now; an audited read of T3. */
export function readConsents(
  deps: RecordDependencies,
  caller: Actor,
  caseId: string,
  purpose: Purpose,
): Promise<PresentedConsent[]> {
  return readCaseRecords(deps, caller, caseId, purpose, consentKind);
}

/** Consents, as the reads and writes of a case's records handle them. */
const consentKind: CaseRecordKind<Consent, PresentedConsent> = {
  name: 'consent',
  list: listConsents,
  find: findConsent,
  recordedBy: (c) => c.obtainedBy,
  present: presentConsent,
};

/**
 * Records a consent the survivor gave, with its audit entry in the same transaction. A client_id
 * already stored on this case answers that consent.
 */
export function recordConsent(
  deps: RecordDependencies,
  caller: Actor,
  caseId: string,
  input: ConsentInput,
): Promise<Recorded<PresentedConsent>> {
  return writeCaseRecord(deps, caller, caseId, input.client_id, consentKind, async (w) => {
    const { tx, actor, outreachCase, now } = w;
    const j = actor.jurisdictionId;
    const { recipient, recipientOrganizationId, recipientProgramId } = await consentRecipient(
      tx,
      j,
      outreachCase.programId,
      input,
    );
    const obtainedAt = input.obtained_at
      ? timeDuringCase(new Date(input.obtained_at), outreachCase, now, 'obtained_at')
      : now;
    const expiresAt = input.expires_at ? new Date(input.expires_at) : null;
    if (expiresAt && expiresAt.getTime() <= obtainedAt.getTime()) {
      throw new SosError('VALIDATION_FAILED', 'expires_at must come after obtained_at', {
        field: 'expires_at',
      });
    }
    const consent: Consent = {
      jurisdictionId: j,
      id: w.id,
      caseId,
      scope: input.scope,
      recipient,
      recipientOrganizationId,
      recipientProgramId,
      method: input.method,
      obtainedBy: actor.userId,
      obtainedAt,
      expiresAt,
      revokedAt: null,
      revokedBy: null,
    };
    await insertConsent(tx, consent);
    return { record: consent, details: { scope: consent.scope, method: consent.method } };
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
