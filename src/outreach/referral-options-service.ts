import { recordAuditEntries } from '../access/audit/audit-log.js';
import { findJurisdiction, findOrganization } from '../access/jurisdictions/jurisdiction-service.js';
import type { Actor } from '../access/roles.js';
import { auditActor } from '../access/roles.js';
import { coveringAgreements } from '../access/sharing-agreements/covering-agreements.js';
import { serviceFacts } from '../directory/service-facts.js';
import { SosError } from '../platform/errors.js';
import { localDateOf } from '../platform/time-zones.js';
import { assertCaseOpen, authorizeCaseRecords, openCaseForRecords } from './case-record-access.js';
import { consentsOfCases } from './case-record-repository.js';
import type { OutreachDependencies } from './outreach-dependencies.js';
import { consentCoversReferral, type ReferralFlow, referralCategories } from './referral-options.js';
import { presentReferralOptions, type ReferralOptions } from './referral-options-presenter.js';

/**
 * What a referral of a case to a directory service may name, for the worker making it: the service's
 * provider, the case's consents that let its details go there and the sharing agreements in force that
 * cover the flow (none needed when the service has no provider login). Asked as a write of the case
 * (only who may refer asks), an audited read of T3 (the consents) with purpose treatment.
 */
export async function readReferralOptions(
  deps: OutreachDependencies,
  caller: Actor,
  caseId: string,
  serviceId: string,
): Promise<ReferralOptions> {
  authorizeCaseRecords(caller, 'outreach.write');
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const { actor, outreachCase, program } = await openCaseForRecords(tx, deps.clock, caller, caseId, {
      action: 'outreach.write',
      purpose: 'treatment',
      lock: false,
    });
    assertCaseOpen(outreachCase);
    const jurisdictionId = actor.jurisdictionId;
    const service = await serviceFacts(tx, jurisdictionId, serviceId);
    if (!service) {
      throw new SosError('NOT_FOUND', `No service ${serviceId} in the directory`, { field: 'service_id' });
    }
    const flow: ReferralFlow = {
      providerOrganizationId: service.providerOrganizationId,
      part2: service.part2Program,
      now,
    };
    const provider = flow.providerOrganizationId
      ? await findOrganization(tx, jurisdictionId, flow.providerOrganizationId)
      : null;
    const consents = flow.providerOrganizationId
      ? (await consentsOfCases(tx, jurisdictionId, [outreachCase.id])).filter((c) =>
          consentCoversReferral(c, flow),
        )
      : [];
    const timeZone = (await findJurisdiction(tx, jurisdictionId))?.timeZone ?? 'UTC';
    const agreements = flow.providerOrganizationId
      ? await coveringAgreements(tx, jurisdictionId, {
          organizationIds: [...new Set([program.organizationId, flow.providerOrganizationId])],
          categories: referralCategories(flow),
          on: localDateOf(now, timeZone),
        })
      : [];
    await recordAuditEntries(tx, jurisdictionId, now, [
      {
        ...auditActor(actor),
        action: 'outreach_referral_options.read',
        subjectType: 'outreach_case',
        subjectId: outreachCase.id,
        purpose: 'treatment',
        details: { service_id: service.id, consents: consents.length, agreements: agreements.length },
      },
    ]);
    return presentReferralOptions({
      service,
      providerOrganizationName: provider?.name ?? null,
      consents,
      agreements,
    });
  });
}
