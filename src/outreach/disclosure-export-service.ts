import type { z } from 'zod';
import { recordAuditEntries } from '../access/audit/audit-log.js';
import {
  findJurisdiction,
  findOrganization,
  listOrganizations,
} from '../access/jurisdictions/jurisdiction-service.js';
import { type Actor, auditActor } from '../access/roles.js';
import { assertRecentlyAuthenticated } from '../access/sessions/reauthentication.js';
import type { AgreementDataCategory } from '../access/sharing-agreements/sharing-agreement.js';
import { userNames } from '../access/users/user-directory.js';
import { openPersonWithin } from '../persons/person-vault.js';
import { SosError } from '../platform/errors.js';
import { authorizeCaseRecords, openCaseForRecords } from './case-record-access.js';
import { attemptsOfCases, visitsOfCase } from './case-record-repository.js';
import {
  type disclosureLogEntrySchema,
  type ExportPackage,
  presentDisclosure,
  presentExportPackage,
} from './disclosure-export-presenter.js';
import { referralsForExport } from './disclosure-export-repository.js';
import { checkDisclosure, type DisclosureFlow, recordDisclosure } from './disclosure-gate.js';
import { listDisclosures } from './disclosure-repository.js';
import type { OutreachDependencies } from './outreach-dependencies.js';

/** An export as the coordinator asks it (the API's body). */
export interface ExportInput {
  recipient_organization_id: string;
  consent_id: string;
  agreement_id: string;
  purpose: 'treatment' | 'operations';
}

/**
 * Discloses a case's records to an organization of the jurisdiction, in one transaction:
 * `outreach.disclose` asked first; the case's person, contact attempts, visits and referrals (with their
 * answers) read; the flow checked against the survivor's share_with_organization consent naming the
 * recipient and a sharing agreement covering every category that goes (identifiable outreach data,
 * referral details, and Part 2 records when a referral went to a 42 CFR Part 2 program, which also
 * needs a written or electronic consent); recorded in the disclosure log and audited. Part 2 content
 * brings its security labels, the § 2.32 notice and a copy of the consent with it.
 */
export async function exportCaseRecords(
  deps: OutreachDependencies,
  caller: Actor,
  caseId: string,
  input: ExportInput,
): Promise<ExportPackage> {
  authorizeCaseRecords(caller, 'outreach.disclose');
  const now = deps.clock.now();
  assertRecentlyAuthenticated(caller, now);
  return deps.db.transaction(async (tx) => {
    const { actor, outreachCase, program } = await openCaseForRecords(tx, deps.clock, caller, caseId, {
      action: 'outreach.disclose',
      purpose: input.purpose,
      lock: false,
    });
    const j = actor.jurisdictionId;
    const recipient = await findOrganization(tx, j, input.recipient_organization_id);
    if (!recipient) {
      throw new SosError(
        'VALIDATION_FAILED',
        `No organization ${input.recipient_organization_id} in this jurisdiction`,
        {
          field: 'recipient_organization_id',
        },
      );
    }
    const referrals = await referralsForExport(tx, j, outreachCase.id);
    const part2 = referrals.some((r) => r.part2);
    const categories: AgreementDataCategory[] = [
      'identifiable_outreach',
      ...(referrals.length > 0 ? (['referral_details'] as const) : []),
      ...(part2 ? (['part2_records'] as const) : []),
    ];
    const flow: DisclosureFlow = {
      kind: 'export',
      outreachCase,
      program,
      recipientOrganizationId: recipient.id,
      recipientProgram: null,
      consentId: input.consent_id,
      agreementId: input.agreement_id,
      categories,
      part2,
      now,
      timeZone: (await findJurisdiction(tx, j))?.timeZone ?? 'UTC',
    };
    const checked = await checkDisclosure(tx, flow);
    const attempts = await attemptsOfCases(tx, j, [outreachCase.id]);
    const visits = await visitsOfCase(tx, j, outreachCase.id);
    const person =
      outreachCase.personId && !outreachCase.purgedAt
        ? await openPersonWithin(
            tx,
            deps.keyring,
            actor,
            {
              jurisdictionId: j,
              personId: outreachCase.personId,
              use: input.purpose,
              programId: outreachCase.programId,
              ...(outreachCase.assignedTo ? { assignedTo: outreachCase.assignedTo } : {}),
            },
            now,
          )
        : null;
    const disclosureId = await recordDisclosure(tx, flow, checked, auditActor(actor), null);
    await recordAuditEntries(tx, j, now, [
      {
        ...auditActor(actor),
        action: 'outreach_case.disclose',
        subjectType: 'outreach_case',
        subjectId: outreachCase.id,
        purpose: input.purpose,
        details: {
          disclosure_id: disclosureId,
          recipient_organization_id: recipient.id,
          consent_id: checked.consent.id,
          agreement_id: checked.agreement.id,
          categories,
          part2,
        },
      },
    ]);
    const userIds = [
      checked.consent.obtainedBy,
      ...attempts.map((a) => a.attemptedBy),
      ...visits.map((v) => v.recordedBy),
    ];
    const names = await userNames(tx, j, [...new Set(userIds)]);
    return presentExportPackage(
      {
        disclosureId,
        now,
        purpose: input.purpose,
        program,
        recipient,
        agreement: checked.agreement,
        consent: checked.consent,
        outreachCase,
        person,
        attempts,
        visits,
        referrals,
        part2,
      },
      names,
    );
  });
}

/** The disclosure log of a case (referrals' details, transfers, exports), oldest first; an audited read. */
export async function readDisclosureLog(
  deps: OutreachDependencies,
  caller: Actor,
  caseId: string,
  purpose: 'treatment' | 'operations' | 'audit',
): Promise<z.infer<typeof disclosureLogEntrySchema>[]> {
  authorizeCaseRecords(caller, 'outreach.read');
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const { actor, outreachCase } = await openCaseForRecords(tx, deps.clock, caller, caseId, {
      action: 'outreach.read',
      purpose,
      lock: false,
    });
    const j = actor.jurisdictionId;
    const disclosures = await listDisclosures(tx, j, outreachCase.id);
    await recordAuditEntries(tx, j, now, [
      {
        ...auditActor(actor),
        action: 'outreach_disclosure.list',
        subjectType: 'outreach_case',
        subjectId: outreachCase.id,
        purpose,
        details: { count: disclosures.length },
      },
    ]);
    const names = new Map((await listOrganizations(tx, j)).map((o) => [o.id, o.name]));
    return disclosures.map((d) => presentDisclosure(d, names));
  });
}
