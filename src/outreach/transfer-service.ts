import { recordAuditEntries } from '../access/audit/audit-log.js';
import { findJurisdiction } from '../access/jurisdictions/jurisdiction-service.js';
import { type Actor, auditActor } from '../access/roles.js';
import { copyPerson } from '../persons/person-vault.js';
import { SosError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { closeCase, insertCase } from './case-queue-repository.js';
import { assertCaseOpen, authorizeCaseRecords, openCaseForRecords } from './case-record-access.js';
import { findProgram, type OutreachCase } from './case-repository.js';
import { checkDisclosure, type DisclosureFlow, recordDisclosure } from './disclosure-gate.js';
import type { OutreachDependencies } from './outreach-dependencies.js';
import { insertTransfer } from './transfer-repository.js';

/** A transfer as the coordinator asks it (the API's body). */
export interface TransferInput {
  to_program_id: string;
  consent_id: string;
  agreement_id: string;
  reason?: string | undefined;
}

/** A transfer done: its id, the case opened in the receiving program, the disclosure recorded. */
export interface TransferDone {
  transfer_id: string;
  to_case_id: string;
  disclosure_id: string;
}

/**
 * Transfers a case to another program (another municipality's), in one transaction: `outreach.transfer`
 * asked first, the case locked and open, the survivor's consent naming that program and a sharing
 * agreement between both programs' organizations covering identifiable outreach data checked (refused
 * with CONSENT_REQUIRED or AGREEMENT_REQUIRED otherwise); then a case opens in the receiving program
 * holding its own sealed copy of the person, the old one closes as `moved`, and the transfer, its
 * disclosure and an audit entry on each program's case are written. The new case's response clock
 * starts at the transfer: the receiving program's window runs from when it holds the case.
 */
export async function transferCase(
  deps: OutreachDependencies,
  caller: Actor,
  caseId: string,
  input: TransferInput,
): Promise<TransferDone> {
  authorizeCaseRecords(caller, 'outreach.transfer');
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const { actor, outreachCase, program } = await openCaseForRecords(tx, deps.clock, caller, caseId, {
      action: 'outreach.transfer',
      purpose: 'treatment',
      lock: true,
    });
    assertCaseOpen(outreachCase);
    const j = actor.jurisdictionId;
    const recipientProgram = await findProgram(tx, j, input.to_program_id);
    if (!recipientProgram || recipientProgram.id === program.id) {
      throw new SosError(
        'VALIDATION_FAILED',
        'A case is transferred to another program of this jurisdiction',
        {
          field: 'to_program_id',
        },
      );
    }
    const flow: DisclosureFlow = {
      kind: 'transfer',
      outreachCase,
      program,
      recipientOrganizationId: null,
      recipientProgram,
      consentId: input.consent_id,
      agreementId: input.agreement_id,
      categories: ['identifiable_outreach'],
      // The transfer carries the person and the opening of the case, no referral's answers.
      part2: false,
      now,
      timeZone: (await findJurisdiction(tx, j))?.timeZone ?? 'UTC',
    };
    const checked = await checkDisclosure(tx, flow);
    const personId =
      outreachCase.personId && !outreachCase.purgedAt
        ? await copyPerson(
            tx,
            deps.keyring,
            actor,
            {
              jurisdictionId: j,
              personId: outreachCase.personId,
              use: 'treatment',
              programId: outreachCase.programId,
              ...(outreachCase.assignedTo ? { assignedTo: outreachCase.assignedTo } : {}),
            },
            now,
          )
        : null;
    const opened: OutreachCase = {
      ...outreachCase,
      id: newId(),
      programId: recipientProgram.id,
      personId,
      status: 'open',
      clockStartedAt: now,
      assignedTo: null,
      assignedAt: null,
      escalatedAt: null,
      remindedAt: null,
      openedAt: now,
      closedAt: null,
      closeReason: null,
      purgedAt: null,
    };
    await insertCase(tx, opened);
    await closeCase(tx, j, outreachCase.id, 'moved', now);
    const disclosureId = await recordDisclosure(tx, flow, checked, auditActor(actor), opened.id);
    const transferId = newId();
    await insertTransfer(tx, {
      jurisdictionId: j,
      id: transferId,
      fromCaseId: outreachCase.id,
      fromProgramId: program.id,
      toProgramId: recipientProgram.id,
      toCaseId: opened.id,
      consentId: checked.consent.id,
      agreementId: checked.agreement.id,
      disclosureId,
      transferredBy: actor.userId,
      transferredAt: now,
    });
    const details = {
      transfer_id: transferId,
      from_program_id: program.id,
      to_program_id: recipientProgram.id,
      consent_id: checked.consent.id,
      agreement_id: checked.agreement.id,
      disclosure_id: disclosureId,
      ...(input.reason?.trim() ? { reason: input.reason.trim() } : {}),
    };
    // One entry in each program's trail: the case that left and the case that arrived.
    await recordAuditEntries(tx, j, now, [
      {
        ...auditActor(actor),
        action: 'outreach_case.transfer_out',
        subjectType: 'outreach_case',
        subjectId: outreachCase.id,
        purpose: 'treatment',
        details: { ...details, to_case_id: opened.id },
      },
      {
        ...auditActor(actor),
        action: 'outreach_case.transfer_in',
        subjectType: 'outreach_case',
        subjectId: opened.id,
        purpose: 'treatment',
        details: { ...details, from_case_id: outreachCase.id },
      },
    ]);
    return { transfer_id: transferId, to_case_id: opened.id, disclosure_id: disclosureId };
  });
}
