import { z } from 'zod';
import type { SharingAgreement } from '../access/sharing-agreements/sharing-agreement.js';
import type { PersonInput } from '../persons/person-input.js';
import {
  presentAttempt,
  presentedAttemptSchema,
  presentedVisitSchema,
  presentVisit,
  type UserNames,
} from './case-record-presenter.js';
import type { Consent, ContactAttempt, Visit } from './case-records.js';
import type { OutreachCase, OutreachProgram } from './case-repository.js';
import type { ExportedReferral } from './disclosure-export-repository.js';
import type { Disclosure } from './disclosure-repository.js';
import { consentMethods, consentScopes } from './outreach-vocabulary.js';
import { part2RedisclosureNotice, part2SecurityLabels } from './part2-notice.js';

const userRef = z.object({ user_id: z.uuid(), display_name: z.string() });

/** A referral as an export carries it: the service, the need, the answers; labelled when Part 2. */
const exportedReferralSchema = z.object({
  id: z.uuid(),
  service: z.object({ id: z.string(), name: z.string() }),
  receiving_organization_id: z.uuid().nullable(),
  need: z.string(),
  handoff: z.string(),
  note: z.string().nullable(),
  status: z.string(),
  status_reason: z.string().nullable(),
  part2: z.boolean(),
  security_labels: z.array(z.string()),
  referred_at: z.string(),
  accepted_at: z.string().nullable(),
  first_attended_at: z.string().nullable(),
  completed_at: z.string().nullable(),
  history: z.array(z.object({ status: z.string(), reason: z.string().nullable(), at: z.string() })),
});

/** The export package of a case for one recipient (POST /cases/:caseId/disclosures). */
export const exportPackageSchema = z.object({
  disclosure_id: z.uuid(),
  disclosed_at: z.string(),
  purpose: z.string(),
  program: z.object({ id: z.uuid(), name: z.string() }),
  recipient: z.object({ organization_id: z.uuid(), name: z.string() }),
  agreement: z.object({ id: z.uuid(), title: z.string(), legal_basis: z.string() }),
  security_labels: z.array(z.string()).describe('42CFRPart2 and ETH when any Part 2 record is included'),
  part2_notice: z
    .string()
    .nullable()
    .describe('The 42 CFR 2.32 redisclosure notice, when any Part 2 record is included'),
  consent: z
    .object({
      id: z.uuid(),
      scope: z.enum(consentScopes),
      recipient: z.string().nullable(),
      method: z.enum(consentMethods),
      obtained_at: z.string(),
      expires_at: z.string().nullable(),
      obtained_by: userRef,
    })
    .describe('A copy of the consent the disclosure rests on (42 CFR 2.32(b))'),
  outreach_case: z.object({
    id: z.uuid(),
    opened_at: z.string(),
    status: z.enum(['open', 'closed']),
    closed_at: z.string().nullable(),
    close_reason: z.string().nullable(),
  }),
  person: z
    .object({
      first_name: z.string(),
      last_name: z.string(),
      birth_date: z.string(),
      phone: z.string(),
      email: z.string(),
      address: z.string(),
    })
    .partial()
    .nullable(),
  contact_attempts: z.array(presentedAttemptSchema),
  visits: z.array(presentedVisitSchema),
  referrals: z.array(exportedReferralSchema),
});

/** The export package as the API answers it. */
export type ExportPackage = z.infer<typeof exportPackageSchema>;

/** What an export package is made of, read and checked by the service. */
export interface ExportContents {
  disclosureId: string;
  now: Date;
  purpose: string;
  program: OutreachProgram;
  recipient: { id: string; name: string };
  agreement: SharingAgreement;
  consent: Consent;
  outreachCase: OutreachCase;
  person: PersonInput | null;
  attempts: ContactAttempt[];
  visits: Visit[];
  referrals: ExportedReferral[];
  part2: boolean;
}

const labelsOf = (part2: boolean): string[] => (part2 ? [...part2SecurityLabels] : []);

/** Presents an export package (fields allowlisted); Part 2 content brings its labels and the notice. */
export function presentExportPackage(c: ExportContents, names: UserNames): ExportPackage {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    disclosure_id: c.disclosureId,
    disclosed_at: c.now.toISOString(),
    purpose: c.purpose,
    program: { id: c.program.id, name: c.program.name },
    recipient: { organization_id: c.recipient.id, name: c.recipient.name },
    agreement: { id: c.agreement.id, title: c.agreement.title, legal_basis: c.agreement.legalBasis },
    security_labels: labelsOf(c.part2),
    part2_notice: c.part2 ? part2RedisclosureNotice : null,
    consent: {
      id: c.consent.id,
      scope: c.consent.scope,
      recipient: c.consent.recipient,
      method: c.consent.method,
      obtained_at: c.consent.obtainedAt.toISOString(),
      expires_at: iso(c.consent.expiresAt),
      obtained_by: { user_id: c.consent.obtainedBy, display_name: names.get(c.consent.obtainedBy) ?? '' },
    },
    outreach_case: {
      id: c.outreachCase.id,
      opened_at: c.outreachCase.openedAt.toISOString(),
      status: c.outreachCase.status,
      closed_at: iso(c.outreachCase.closedAt),
      close_reason: c.outreachCase.closeReason,
    },
    person: c.person,
    contact_attempts: c.attempts.map((a) => presentAttempt(a, names)),
    visits: c.visits.map((v) => presentVisit(v, names)),
    referrals: c.referrals.map((r) => ({
      id: r.id,
      service: { id: r.serviceId, name: r.serviceName },
      receiving_organization_id: r.receivingOrganizationId,
      need: r.need,
      handoff: r.handoff,
      note: r.note,
      status: r.status,
      status_reason: r.statusReason,
      part2: r.part2,
      security_labels: labelsOf(r.part2),
      referred_at: r.referredAt.toISOString(),
      accepted_at: iso(r.acceptedAt),
      first_attended_at: iso(r.firstAttendedAt),
      completed_at: iso(r.completedAt),
      history: r.history.map((h) => ({ status: h.status, reason: h.reason, at: h.at })),
    })),
  };
}

/** One entry of a case's disclosure log. */
export const disclosureLogEntrySchema = z.object({
  id: z.uuid(),
  kind: z.enum(['referral', 'transfer', 'export']),
  subject_id: z.uuid().nullable(),
  recipient_organization: z.object({ id: z.uuid(), name: z.string().nullable() }).nullable(),
  recipient_program_id: z.uuid().nullable(),
  consent_id: z.uuid(),
  agreement_id: z.uuid(),
  categories: z.array(z.string()),
  part2: z.boolean(),
  notice_included: z.boolean(),
  disclosed_by: z.object({ type: z.string(), id: z.string().nullable() }),
  disclosed_at: z.string(),
});

/** Presents one disclosure of the log, with the recipient organization's name. */
export function presentDisclosure(
  d: Disclosure,
  organizationNames: ReadonlyMap<string, string>,
): z.infer<typeof disclosureLogEntrySchema> {
  return {
    id: d.id,
    kind: d.kind as 'referral' | 'transfer' | 'export',
    subject_id: d.subjectId,
    recipient_organization: d.recipientOrganizationId
      ? { id: d.recipientOrganizationId, name: organizationNames.get(d.recipientOrganizationId) ?? null }
      : null,
    recipient_program_id: d.recipientProgramId,
    consent_id: d.consentId,
    agreement_id: d.agreementId,
    categories: d.categories,
    part2: d.part2,
    notice_included: d.noticeIncluded,
    disclosed_by: { type: d.disclosedByType, id: d.disclosedBy },
    disclosed_at: d.disclosedAt.toISOString(),
  };
}
