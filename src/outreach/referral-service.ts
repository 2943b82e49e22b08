import { recordAuditEntries } from '../access/audit/audit-log.js';
import { findJurisdiction } from '../access/jurisdictions/jurisdiction-service.js';
import type { Purpose } from '../access/purpose.js';
import { type Actor, auditActor } from '../access/roles.js';
import type { AgreementDataCategory } from '../access/sharing-agreements/sharing-agreement.js';
import { serviceFacts } from '../directory/service-facts.js';
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
import { checkDisclosure, type DisclosureFlow, recordDisclosure } from './disclosure-gate.js';
import type { OutreachService } from './outreach-vocabulary.js';
import { moveReferral, type ReferralMove } from './referral-moves.js';
import { type PresentedReferral, presentReferral, type ReferralRecord } from './referral-presenter.js';
import {
  findReferral,
  insertReferral,
  insertReferralEvent,
  listReferralEvents,
  listReferralsOfCase,
  type StoredReferral,
} from './referral-repository.js';
import type { ReferralHandoff } from './referral-status.js';

/** A referral as a worker makes it (the API's body). */
export interface ReferralInput {
  client_id?: string | undefined;
  service_id: string;
  need: OutreachService;
  handoff: ReferralHandoff;
  note?: string | undefined;
  consent_id?: string | undefined;
  agreement_id?: string | undefined;
  referred_at?: string | undefined;
}

/** Stored referrals with their moves. */
async function withHistory(
  tx: Queryable,
  jurisdictionId: string,
  referrals: readonly StoredReferral[],
): Promise<ReferralRecord[]> {
  const events = await listReferralEvents(
    tx,
    jurisdictionId,
    referrals.map((r) => r.id),
  );
  return referrals.map((r) => ({ ...r, history: events.filter((e) => e.referralId === r.id) }));
}

/** The referrals of a case with their moves, oldest first (the case detail and the list read them). */
export function referralsOfCase(
  tx: Queryable,
  jurisdictionId: string,
  caseId: string,
): Promise<ReferralRecord[]> {
  return listReferralsOfCase(tx, jurisdictionId, caseId).then((rows) =>
    withHistory(tx, jurisdictionId, rows),
  );
}

/** Referrals, as the reads and writes of a case's records handle them. */
const referralKind: CaseRecordKind<ReferralRecord, PresentedReferral> = {
  name: 'referral',
  list: referralsOfCase,
  find: async (tx, jurisdictionId, id) => {
    const stored = await findReferral(tx, jurisdictionId, id);
    return stored ? ((await withHistory(tx, jurisdictionId, [stored]))[0] as ReferralRecord) : null;
  },
  recordedBy: (r) => r.createdBy,
  present: (r, _names, now) => presentReferral(r, now),
};

/** The referrals of a case, oldest first, with their history; an audited read of T3 with its purpose. */
export function readReferrals(
  deps: RecordDependencies,
  caller: Actor,
  caseId: string,
  purpose: Purpose,
): Promise<PresentedReferral[]> {
  return readCaseRecords(deps, caller, caseId, purpose, referralKind);
}

/**
 * Refers the survivor of a case to a service of the directory, requested, in one transaction with its
 * audit entry. A service some organization answers for in SOS receives identifiable data: the flow must
 * rest on the survivor's consent naming that organization and an agreement covering referral details
 * (and Part 2 records for a Part 2 program), and is recorded as a disclosure. A service nobody answers
 * for receives nothing through SOS, so it needs neither and none is kept. A client_id resent answers
 * the stored referral.
 */
export function makeReferral(
  deps: RecordDependencies,
  caller: Actor,
  caseId: string,
  input: ReferralInput,
): Promise<Recorded<PresentedReferral>> {
  return writeCaseRecord(deps, caller, caseId, input.client_id, referralKind, async (w) => {
    const { tx, actor, outreachCase, program, now } = w;
    const j = actor.jurisdictionId;
    const service = await serviceFacts(tx, j, input.service_id);
    if (!service) {
      throw new SosError('VALIDATION_FAILED', `No service ${input.service_id} in the resource directory`, {
        field: 'service_id',
      });
    }
    const referredAt = input.referred_at
      ? timeDuringCase(new Date(input.referred_at), outreachCase, now, 'referred_at')
      : now;
    const receiver = service.providerOrganizationId;
    let flow: DisclosureFlow | null = null;
    if (receiver !== null) {
      const categories: AgreementDataCategory[] = service.part2Program
        ? ['referral_details', 'part2_records']
        : ['referral_details'];
      flow = {
        kind: 'referral',
        outreachCase,
        program,
        recipientOrganizationId: receiver,
        recipientProgram: null,
        consentId: input.consent_id,
        agreementId: input.agreement_id,
        categories,
        part2: service.part2Program,
        now,
        timeZone: (await findJurisdiction(tx, j))?.timeZone ?? 'UTC',
      };
    }
    const checked = flow ? await checkDisclosure(tx, flow) : null;
    const referral: StoredReferral = {
      jurisdictionId: j,
      id: w.id,
      programId: program.id,
      caseId,
      serviceId: service.id,
      serviceName: service.name,
      serviceOrganizationName: service.organizationName,
      receivingOrganizationId: receiver,
      need: input.need,
      handoff: input.handoff,
      note: input.note?.trim() || null,
      status: 'requested',
      statusReason: null,
      consentId: checked?.consent.id ?? null,
      agreementId: checked?.agreement.id ?? null,
      part2: service.part2Program,
      referredAt,
      acceptedAt: null,
      firstAttendedAt: null,
      completedAt: null,
      lastStatusAt: now,
      flaggedAt: null,
      createdBy: actor.userId,
      clientId: input.client_id ?? null,
      recordedAt: now,
      answerDays: program.referralAnswerDays,
      programOrganizationId: program.organizationId,
    };
    await insertReferral(tx, referral);
    const event = {
      referralId: referral.id,
      position: 0,
      status: 'requested' as const,
      reason: null,
      ...auditActor(actor),
      at: referredAt,
    };
    await insertReferralEvent(tx, j, w.id, event);
    const disclosureId =
      flow && checked ? await recordDisclosure(tx, flow, checked, auditActor(actor), referral.id) : null;
    return {
      record: { ...referral, history: [event] },
      details: {
        service_id: service.id,
        need: input.need,
        handoff: input.handoff,
        disclosure_id: disclosureId,
      },
    };
  });
}

/**
 * The referring program's own moves on a referral of its case: cancelled, or the outcome (completed,
 * failed, first_attended_at) of a service nobody answers for in SOS. Audited in the move's transaction.
 */
export async function moveReferralAsReferrer(
  deps: RecordDependencies,
  caller: Actor,
  caseId: string,
  referralId: string,
  move: ReferralMove,
): Promise<PresentedReferral> {
  authorizeCaseRecords(caller, 'outreach.write');
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const { actor } = await openCaseForRecords(tx, deps.clock, caller, caseId, {
      action: 'outreach.write',
      purpose: 'treatment',
      lock: true,
    });
    const j = actor.jurisdictionId;
    const stored = await findReferral(tx, j, referralId, true);
    if (!stored || stored.caseId !== caseId) {
      throw new SosError('NOT_FOUND', 'No such referral on this outreach case');
    }
    const { referral, path } = await moveReferral(tx, stored, move, 'referrer', actor, now);
    await recordAuditEntries(tx, j, now, [
      {
        ...auditActor(actor),
        action: 'outreach_referral.move',
        subjectType: 'outreach_case',
        subjectId: caseId,
        purpose: 'treatment',
        details: { referral_id: referralId, from: stored.status, path },
      },
    ]);
    return presentReferral(referral, now);
  });
}
