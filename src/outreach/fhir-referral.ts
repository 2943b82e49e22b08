import type {
  Bundle,
  BundleEntry,
  Coding,
  Organization,
  Patient,
  Reference,
  ServiceRequest,
  Task,
} from '@medplum/fhirtypes';
import type { ReferralRecord } from './referral-presenter.js';
import type { ReferralStatus } from './referral-status.js';

// A referral as FHIR R4 resources for partner systems (HL7 SDOH Clinical Care's closed-loop referral):
// the ServiceRequest is the order, the Task carries its status (the referral's own statuses are Task
// codes). Neither names the survivor: identifiers reach a provider only through the referral API, under
// consent. Pure functions, typed with @medplum/fhirtypes.

/** The code system of the security labels (HL7 v3 ActCode). */
export const ACT_CODE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';

/** Where the referral's need is coded: the outreach services vocabulary. */
export const NEED_SYSTEM = 'urn:sos:outreach-service';

/** The security labels of a 42 CFR Part 2 program's records: the law, and substance use sensitivity. */
function securityCodings(part2: boolean): Coding[] {
  return part2
    ? [
        { system: ACT_CODE_SYSTEM, code: '42CFRPart2', display: '42 CFR Part2' },
        { system: ACT_CODE_SYSTEM, code: 'ETH', display: 'substance abuse information sensitivity' },
      ]
    : [];
}

/** The ServiceRequest statuses a referral's order takes (of FHIR's request-status). */
export const orderStatuses = ['active', 'on-hold', 'completed', 'revoked'] as const;
/** One of them. */
export type OrderStatus = (typeof orderStatuses)[number];

/** The order's status for the Task's: open while the task is, revoked when it ended without completing. */
const serviceRequestStatus: Record<ReferralStatus, OrderStatus> = {
  requested: 'active',
  accepted: 'active',
  'in-progress': 'active',
  'on-hold': 'on-hold',
  completed: 'completed',
  rejected: 'revoked',
  cancelled: 'revoked',
  failed: 'revoked',
};

const handoffText: Record<ReferralRecord['handoff'], string> = {
  none: 'No handoff',
  warm_handoff: 'Warm handoff',
  transport: 'Transport provided',
};

/** The survivor, by no identifier: a display only (identifiers leave through the referral API under consent). */
const subject: Reference<Patient> = { type: 'Patient', display: 'The person referred' };

/** Who answers: the jurisdiction's organization receiving it, or the service's organization by name. */
function receiver(r: ReferralRecord): Reference<Organization> {
  return r.receivingOrganizationId
    ? {
        reference: `Organization/${r.receivingOrganizationId}`,
        display: r.serviceOrganizationName ?? r.serviceName,
      }
    : { type: 'Organization', display: r.serviceOrganizationName ?? r.serviceName };
}

/** Who refers: the program's organization. */
function program(r: ReferralRecord): Reference<Organization> {
  return { reference: `Organization/${r.programOrganizationId}` };
}

function meta(r: ReferralRecord): NonNullable<ServiceRequest['meta']> {
  const security = securityCodings(r.part2);
  return { lastUpdated: r.lastStatusAt.toISOString(), ...(security.length > 0 ? { security } : {}) };
}

/** A ServiceRequest as SOS writes it: these elements always present. */
export type ReferralServiceRequest = ServiceRequest &
  Required<Pick<ServiceRequest, 'id' | 'meta' | 'authoredOn'>>;

/** A Task as SOS writes it: these elements always present. */
export type ReferralTask = Task & Required<Pick<Task, 'id' | 'meta' | 'focus' | 'lastModified'>>;

/** The referral as a FHIR R4 ServiceRequest (the order to the service). */
export function referralServiceRequest(r: ReferralRecord): ReferralServiceRequest {
  return {
    resourceType: 'ServiceRequest',
    id: r.id,
    meta: meta(r),
    status: serviceRequestStatus[r.status],
    intent: 'order',
    code: { coding: [{ system: NEED_SYSTEM, code: r.need }], text: r.need },
    orderDetail: [{ text: handoffText[r.handoff] }],
    subject,
    authoredOn: r.referredAt.toISOString(),
    performer: [receiver(r)],
    locationCode: [{ text: r.serviceName }],
    requester: program(r),
  };
}

/** The referral as a FHIR R4 Task: its status, dates and history's last reason, focused on the ServiceRequest. */
export function referralTask(r: ReferralRecord): ReferralTask {
  const period = {
    ...(r.firstAttendedAt ? { start: r.firstAttendedAt.toISOString() } : {}),
    ...(r.completedAt ? { end: r.completedAt.toISOString() } : {}),
  };
  return {
    resourceType: 'Task',
    id: r.id,
    meta: meta(r),
    status: r.status,
    ...(r.statusReason ? { statusReason: { text: r.statusReason } } : {}),
    intent: 'order',
    focus: { reference: `ServiceRequest/${r.id}` },
    for: subject,
    authoredOn: r.referredAt.toISOString(),
    lastModified: r.lastStatusAt.toISOString(),
    requester: program(r),
    owner: receiver(r),
    ...(Object.keys(period).length > 0 ? { executionPeriod: period } : {}),
  };
}

/** The ServiceRequest and the Task of a referral as one Bundle (type collection). */
export function referralBundle(r: ReferralRecord): Bundle & { type: 'collection'; entry: BundleEntry[] } {
  return {
    resourceType: 'Bundle',
    type: 'collection',
    timestamp: r.lastStatusAt.toISOString(),
    entry: [{ resource: referralServiceRequest(r) }, { resource: referralTask(r) }],
  };
}
