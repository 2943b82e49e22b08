// The referrals and directory API's answers, typed from the OpenAPI document (shared/api-responses.ts),
// with the few word lists the pages offer.
import type {
  CaseReferralList,
  DirectoryServicePage,
  IncomingReferralPage,
} from '../../shared/api-responses.js';

export type { CaseReferralList, DirectoryServicePage, IncomingReferralPage };

/** A referral as its program reads it. */
export type Referral = CaseReferralList['referrals'][number];
/** A referral as the receiving organization reads it: the person only under the consent naming it. */
export type IncomingReferral = IncomingReferralPage['referrals'][number];
/** A service of the resource directory, as search and get answer it. */
export type DirectoryService = DirectoryServicePage['services'][number];
/** A referral's status: the HL7 SDOH Clinical Care task states (FHIR Task.status codes). */
export type ReferralStatus = Referral['status'];
/** How the survivor was brought to the service. */
export type Handoff = Referral['handoff'];
/** A capacity status of a directory service today. */
export type CapacityStatus = DirectoryService['capacity']['status'];

/** Every handoff, in the order the form offers them. */
export const HANDOFFS = ['none', 'warm_handoff', 'transport'] as const satisfies readonly Handoff[];

/** Every capacity status, in the order the provider's page offers them. */
export const CAPACITY_STATUSES = [
  'available',
  'limited',
  'waitlist',
  'full',
  'unknown',
] as const satisfies readonly CapacityStatus[];

/** Where the referrals API lives (the receiving side's, outside outreach). */
export const REFERRALS_API = '/api/v1/referrals';
/** Where the directory's services live. */
export const DIRECTORY_SERVICES_API = '/api/v1/directory/services';
