// The referrals and directory API's answers, written from the contract of issue 15 (notes api.md,
// "Directory" and "Referrals") while those routes are built beside this page. Once they are in the
// OpenAPI document, each type here becomes an alias of shared/api-responses.ts like the others.

/** A referral's status: the HL7 SDOH Clinical Care task states (FHIR Task.status codes). */
export type ReferralStatus =
  | 'requested'
  | 'accepted'
  | 'rejected'
  | 'in-progress'
  | 'on-hold'
  | 'completed'
  | 'cancelled'
  | 'failed';

/** How the survivor was brought to the service. */
export type Handoff = 'none' | 'warm_handoff' | 'transport';

/** Every handoff, in the order the form offers them. */
export const HANDOFFS = ['none', 'warm_handoff', 'transport'] as const satisfies readonly Handoff[];

/** A referral as its program reads it. */
export interface Referral {
  id: string;
  case_id: string;
  program_id: string;
  service: { id: string; name: string; organization_name: string | null };
  receiving_organization_id: string | null;
  need: string;
  handoff: Handoff;
  note: string | null;
  status: ReferralStatus;
  status_reason: string | null;
  consent_id: string | null;
  agreement_id: string | null;
  part2: boolean;
  security_labels: string[];
  referred_at: string;
  accepted_at: string | null;
  first_attended_at: string | null;
  completed_at: string | null;
  last_status_at: string;
  /** Still requested past the program's answer window. */
  overdue_answer: boolean;
  flagged_at: string | null;
  history: {
    status: ReferralStatus;
    reason: string | null;
    at: string;
    by: 'referrer' | 'receiver' | 'system';
  }[];
}

/** A referral as the receiving organization reads it: the person only under the consent naming it. */
export type IncomingReferral = Omit<Referral, 'program_id' | 'consent_id' | 'agreement_id'> & {
  person: {
    first_name: string | null;
    last_name: string | null;
    birth_date: string | null;
    phone: string | null;
  } | null;
};

/** GET /api/v1/outreach/cases/:caseId/referrals. */
export interface CaseReferralList {
  referrals: Referral[];
}

/** GET /api/v1/referrals. */
export interface IncomingReferralPage {
  referrals: IncomingReferral[];
  next_cursor: string | null;
  total: number;
}

/** A capacity status of a directory service today. */
export type CapacityStatus = 'available' | 'limited' | 'waitlist' | 'full' | 'unknown';

/** Every capacity status, in the order the provider's page offers them. */
export const CAPACITY_STATUSES = [
  'available',
  'limited',
  'waitlist',
  'full',
  'unknown',
] as const satisfies readonly CapacityStatus[];

/** A service of the resource directory, as search and get answer it. */
export interface DirectoryService {
  id: string;
  name: string;
  description: string | null;
  organization: { id: string; name: string };
  needs: string[];
  same_day_intake: boolean;
  walk_in_hours: string | null;
  capacity: { status: CapacityStatus; waitlist_days: number | null; updated_at: string | null };
  part2_program: boolean;
  languages: string[];
  phones: { number: string; type: string | null }[];
  locations: {
    id: string;
    name: string | null;
    address: string | null;
    latitude: number | null;
    longitude: number | null;
    distance_km: number | null;
  }[];
  open_now: boolean | null;
  schedule_text: string | null;
  provider_organization_id: string | null;
}

/** GET /api/v1/directory/services. */
export interface DirectoryServicePage {
  services: DirectoryService[];
  next_cursor: string | null;
  total: number;
}

/** Where the referrals API lives (the receiving side's, outside outreach). */
export const REFERRALS_API = '/api/v1/referrals';
/** Where the directory's services live. */
export const DIRECTORY_SERVICES_API = '/api/v1/directory/services';
