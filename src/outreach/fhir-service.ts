import { recordAuditEntries } from '../access/audit/audit-log.js';
import { actorMay } from '../access/policy.js';
import { type Actor, auditActor } from '../access/roles.js';
import type { Queryable } from '../platform/database.js';
import { SosError } from '../platform/errors.js';
import { authorizeCaseRecords, openCaseForRecords } from './case-record-access.js';
import type { RecordDependencies } from './case-record-operations.js';
import { auditReceiverRead, authorizeReceiver, receivedReferral } from './referral-inbox-service.js';
import type { ReferralRecord } from './referral-presenter.js';
import { findReferral, listReferralEvents, type StoredReferral } from './referral-repository.js';

async function withEvents(tx: Queryable, stored: StoredReferral): Promise<ReferralRecord> {
  return { ...stored, history: await listReferralEvents(tx, stored.jurisdictionId, [stored.id]) };
}

/**
 * A referral read by its referring program, within the case it belongs to: `outreach.read` asked
 * first, the case opened for reading (404 to whoever may not read it), the read audited with purpose
 * treatment in its transaction. `caseId` null: the referral's own case.
 */
async function readAsReferrer(
  deps: RecordDependencies,
  caller: Actor,
  referralId: string,
  caseId: string | null,
): Promise<ReferralRecord> {
  authorizeCaseRecords(caller, 'outreach.read');
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const stored = await findReferral(tx, caller.jurisdictionId, referralId);
    if (!stored || (caseId !== null && stored.caseId !== caseId)) {
      throw new SosError('NOT_FOUND', 'No such referral');
    }
    const { actor } = await openCaseForRecords(tx, deps.clock, caller, stored.caseId, {
      action: 'outreach.read',
      purpose: 'treatment',
      lock: false,
    });
    await recordAuditEntries(tx, actor.jurisdictionId, now, [
      {
        ...auditActor(actor),
        action: 'outreach_referral.read_fhir',
        subjectType: 'outreach_case',
        subjectId: stored.caseId,
        purpose: 'treatment',
        details: { referral_id: referralId },
      },
    ]);
    return withEvents(tx, stored);
  });
}

/**
 * A referral for its FHIR resources, read by the receiving organization (its users and API keys with
 * the referrals scope) or by the referring program; 404 for anyone else, audited either way.
 */
export async function referralForFhir(
  deps: RecordDependencies,
  caller: Actor,
  referralId: string,
): Promise<ReferralRecord> {
  if (!actorMay(caller, 'referral.receive')) return readAsReferrer(deps, caller, referralId, null);
  const receiver = authorizeReceiver(caller);
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const stored = await receivedReferral(tx, receiver, referralId, false);
    await auditReceiverRead(tx, receiver, now, 'referral.read_received_fhir', [stored.id]);
    return withEvents(tx, stored);
  });
}

/** A referral of a case for its FHIR Bundle, read by the referring program (an audited read). */
export function caseReferralForFhir(
  deps: RecordDependencies,
  caller: Actor,
  caseId: string,
  referralId: string,
): Promise<ReferralRecord> {
  return readAsReferrer(deps, caller, referralId, caseId);
}
