import { z } from 'zod';
import type { ReferralEvent, StoredReferral } from './referral-repository.js';
import {
  answerOverdue,
  referralHandoffs,
  referralStatuses,
  securityLabels,
  sideOfMove,
} from './referral-status.js';

/** A referral with its moves, as the services hand it to the presenters. */
export interface ReferralRecord extends StoredReferral {
  history: readonly ReferralEvent[];
}

const instant = z.string().describe('ISO 8601 with offset');

/** The fields the referring program and the receiving organization both see. */
const sharedReferralSchema = z.object({
  id: z.uuid(),
  service: z.object({ id: z.string(), name: z.string(), organization_name: z.string().nullable() }),
  receiving_organization_id: z.uuid().nullable(),
  need: z.string(),
  handoff: z.enum(referralHandoffs),
  note: z.string().nullable().describe("The worker's note for the provider (T3)"),
  status: z.enum(referralStatuses),
  status_reason: z.string().nullable(),
  part2: z.boolean(),
  security_labels: z.array(z.string()).describe("['42CFRPart2', 'ETH'] for a 42 CFR Part 2 program"),
  referred_at: instant,
  accepted_at: instant.nullable(),
  first_attended_at: instant.nullable(),
  completed_at: instant.nullable(),
  last_status_at: instant,
  overdue_answer: z.boolean().describe("Still requested past the program's referral_answer_days"),
  flagged_at: instant.nullable(),
  history: z.array(
    z.object({
      status: z.enum(referralStatuses),
      reason: z.string().nullable(),
      at: instant,
      by: z.enum(['referrer', 'receiver', 'system']),
    }),
  ),
});

/** A referral as the referring program sees it (on its case). */
export const referralSchema = sharedReferralSchema.extend({
  case_id: z.uuid(),
  program_id: z.uuid(),
  consent_id: z.uuid().nullable(),
  agreement_id: z.uuid().nullable(),
});

/** A presented referral. */
export type PresentedReferral = z.infer<typeof referralSchema>;

/** A referral as the receiving organization sees it: no program internals, the person under consent. */
export const incomingReferralSchema = sharedReferralSchema.extend({
  person: z
    .object({
      first_name: z.string().nullable(),
      last_name: z.string().nullable(),
      birth_date: z.string().nullable(),
      phone: z.string().nullable(),
    })
    .nullable()
    .describe('Shown only while the consent naming the organization is in force (an audited read)'),
});

/** A presented incoming referral. */
export type IncomingReferral = z.infer<typeof incomingReferralSchema>;

/** The person's fields a provider needs to take the survivor in. */
export type ReferredPerson = NonNullable<IncomingReferral['person']>;

const iso = (d: Date | null) => d?.toISOString() ?? null;

function presentShared(r: ReferralRecord, now: Date): z.infer<typeof sharedReferralSchema> {
  const hasReceiver = r.receivingOrganizationId !== null;
  return {
    id: r.id,
    service: { id: r.serviceId, name: r.serviceName, organization_name: r.serviceOrganizationName },
    receiving_organization_id: r.receivingOrganizationId,
    need: r.need,
    handoff: r.handoff,
    note: r.note,
    status: r.status,
    status_reason: r.statusReason,
    part2: r.part2,
    security_labels: securityLabels(r.part2),
    referred_at: r.referredAt.toISOString(),
    accepted_at: iso(r.acceptedAt),
    first_attended_at: iso(r.firstAttendedAt),
    completed_at: iso(r.completedAt),
    last_status_at: r.lastStatusAt.toISOString(),
    overdue_answer: answerOverdue(r, r.answerDays, now),
    flagged_at: iso(r.flaggedAt),
    history: r.history.map((e) => ({
      status: e.status,
      reason: e.reason,
      at: e.at.toISOString(),
      by: sideOfMove(e.status, e.actorType, hasReceiver),
    })),
  };
}

/** Presents a referral to its referring program (fields allowlisted). */
export function presentReferral(r: ReferralRecord, now: Date): PresentedReferral {
  return {
    ...presentShared(r, now),
    case_id: r.caseId,
    program_id: r.programId,
    consent_id: r.consentId,
    agreement_id: r.agreementId,
  };
}

/**
 * Presents a referral to the receiving organization (fields allowlisted): the person and the worker's
 * note only while the survivor's consent to share with it is in force (`person` null otherwise).
 */
export function presentIncomingReferral(
  r: ReferralRecord,
  person: ReferredPerson | null,
  shared: boolean,
  now: Date,
): IncomingReferral {
  return { ...presentShared(r, now), note: shared ? r.note : null, person: shared ? person : null };
}
