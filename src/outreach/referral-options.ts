import type { AgreementDataCategory } from '../access/sharing-agreements/sharing-agreement.js';
import { type Consent, consentInForce } from './case-records.js';

/** What a referral to a service would send, and to whom: what its consent and agreement must cover. */
export interface ReferralFlow {
  /** The organization that answers for the service (null: no provider login, nothing identifiable leaves). */
  providerOrganizationId: string | null;
  /** The service is a 42 CFR Part 2 program. */
  part2: boolean;
  now: Date;
}

/**
 * The agreement categories a referral's details need: referral_details, and part2_records when the
 * service is a Part 2 program (api.md, "Referrals").
 */
export function referralCategories(flow: Pick<ReferralFlow, 'part2'>): AgreementDataCategory[] {
  return flow.part2 ? ['referral_details', 'part2_records'] : ['referral_details'];
}

/**
 * Whether a consent lets a referral's details go to the provider, by the disclosure gate's rule: in
 * force now, share_with_organization naming that organization by id, written or electronic for Part 2.
 * The form offers these; the gate checks the one named again when the referral is made.
 */
export function consentCoversReferral(consent: Consent, flow: ReferralFlow): boolean {
  return (
    flow.providerOrganizationId !== null &&
    consentInForce(consent, flow.now) &&
    consent.scope === 'share_with_organization' &&
    consent.recipientOrganizationId === flow.providerOrganizationId &&
    !(flow.part2 && consent.method === 'verbal')
  );
}
