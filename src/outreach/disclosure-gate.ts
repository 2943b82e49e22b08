import { requireCoveringAgreement } from '../access/sharing-agreements/agreement-coverage.js';
import type {
  AgreementDataCategory,
  SharingAgreement,
} from '../access/sharing-agreements/sharing-agreement.js';
import type { Queryable } from '../platform/database.js';
import { SosError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { localDateOf } from '../platform/time-zones.js';
import { type Consent, consentInForce } from './case-records.js';
import type { OutreachCase, OutreachProgram } from './case-repository.js';
import { findConsent } from './consent-repository.js';
import { insertDisclosure } from './disclosure-repository.js';

/** The kinds of flow of identifiable data out of a program. */
export const disclosureKinds = ['referral', 'transfer', 'export'] as const;
/** A kind of flow out of a program. */
export type DisclosureKind = (typeof disclosureKinds)[number];

/**
 * A flow of identifiable data out of a program: a referral's details to the receiving organization, a
 * transfer to another program, an export of the case's records. DESIGN.md: the survivor's consent plus
 * a sharing agreement is the only way identifiable data leaves its program.
 */
export interface DisclosureFlow {
  kind: DisclosureKind;
  outreachCase: OutreachCase;
  program: OutreachProgram;
  /** The organization receiving (a referral's, an export's). */
  recipientOrganizationId: string | null;
  /** The program receiving (a transfer's) and its organization. */
  recipientProgram: OutreachProgram | null;
  consentId: string | null | undefined;
  agreementId: string | null | undefined;
  categories: readonly AgreementDataCategory[];
  /** 42 CFR Part 2 records go with it: the consent must be written and the notice goes along. */
  part2: boolean;
  now: Date;
  /** The jurisdiction's time zone, which cuts the day an agreement is checked on. */
  timeZone: string;
}

/** A flow checked: the consent and the agreement it rests on. */
export interface CheckedDisclosure {
  consent: Consent;
  agreement: SharingAgreement;
}

/**
 * Checks a flow against the survivor's consent and a sharing agreement, and throws the catalog error
 * that says which is missing: CONSENT_REQUIRED (field consent_id) unless a consent of this case in force
 * names the recipient (a transfer_to_program consent naming the program, or a share_with_organization
 * consent naming the organization; written or electronic when Part 2 records go), AGREEMENT_REQUIRED
 * (field agreement_id) unless an agreement in force today has both organizations as parties and covers
 * every category.
 */
export async function checkDisclosure(tx: Queryable, flow: DisclosureFlow): Promise<CheckedDisclosure> {
  const consent = await requireConsent(tx, flow);
  const recipientOrganization =
    flow.kind === 'transfer' ? flow.recipientProgram?.organizationId : flow.recipientOrganizationId;
  if (!recipientOrganization) throw new SosError('VALIDATION_FAILED', 'A disclosure names its recipient');
  const agreement = await requireCoveringAgreement(tx, flow.program.jurisdictionId, flow.agreementId, {
    organizationIds: [...new Set([flow.program.organizationId, recipientOrganization])],
    categories: flow.categories,
    on: localDateOf(flow.now, flow.timeZone),
  });
  return { consent, agreement };
}

async function requireConsent(tx: Queryable, flow: DisclosureFlow): Promise<Consent> {
  const field = { field: 'consent_id' };
  if (!flow.consentId) {
    throw new SosError('CONSENT_REQUIRED', "Name the survivor's consent to share with this recipient", field);
  }
  const consent = await findConsent(tx, flow.program.jurisdictionId, flow.consentId);
  if (!consent || consent.caseId !== flow.outreachCase.id) {
    throw new SosError('CONSENT_REQUIRED', `No consent ${flow.consentId} on this outreach case`, field);
  }
  if (!consentInForce(consent, flow.now)) {
    throw new SosError(
      'CONSENT_REQUIRED',
      'The consent is not in force (revoked, expired or not yet given)',
      field,
    );
  }
  const names =
    flow.kind === 'transfer'
      ? consent.scope === 'transfer_to_program' && consent.recipientProgramId === flow.recipientProgram?.id
      : consent.scope === 'share_with_organization' &&
        consent.recipientOrganizationId !== null &&
        consent.recipientOrganizationId === flow.recipientOrganizationId;
  if (!names) {
    throw new SosError(
      'CONSENT_REQUIRED',
      flow.kind === 'transfer'
        ? 'The consent does not name the program the case goes to (a transfer_to_program consent does)'
        : 'The consent does not name the receiving organization (a share_with_organization consent does)',
      field,
    );
  }
  if (flow.part2 && consent.method === 'verbal') {
    throw new SosError(
      'CONSENT_REQUIRED',
      '42 CFR Part 2 records are disclosed only with written (or electronic) consent',
      field,
    );
  }
  return consent;
}

/**
 * Records a checked flow in its transaction: to whom, under which consent and agreement, what went,
 * whether Part 2 records went with the notice. Returns the disclosure's id.
 */
export async function recordDisclosure(
  tx: Queryable,
  flow: DisclosureFlow,
  checked: CheckedDisclosure,
  by: { actorType: string; actorId: string | null },
  subjectId: string | null,
): Promise<string> {
  const id = newId();
  await insertDisclosure(tx, {
    jurisdictionId: flow.program.jurisdictionId,
    id,
    caseId: flow.outreachCase.id,
    programId: flow.program.id,
    kind: flow.kind,
    subjectId,
    recipientOrganizationId:
      flow.kind === 'transfer'
        ? (flow.recipientProgram?.organizationId ?? null)
        : flow.recipientOrganizationId,
    recipientProgramId: flow.recipientProgram?.id ?? null,
    consentId: checked.consent.id,
    agreementId: checked.agreement.id,
    categories: [...flow.categories],
    part2: flow.part2,
    noticeIncluded: flow.part2,
    disclosedByType: by.actorType,
    disclosedBy: by.actorId,
    disclosedAt: flow.now,
  });
  return id;
}
