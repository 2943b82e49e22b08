/** The categories of data a sharing agreement may cover. */
export const agreementDataCategories = [
  'identifiable_outreach',
  'referral_details',
  'part2_records',
  'line_level_overdoses',
  'partner_aggregates',
] as const;
/** A category of data an agreement covers. */
export type AgreementDataCategory = (typeof agreementDataCategories)[number];

/** A sharing agreement as stored. */
export interface SharingAgreement {
  jurisdictionId: string;
  id: string;
  title: string;
  partyOrganizationIds: string[];
  purpose: string;
  dataCategories: AgreementDataCategory[];
  legalBasis: string;
  /** First day in force, YYYY-MM-DD. */
  startsOn: string;
  /** Last day in force, YYYY-MM-DD, or null. */
  endsOn: string | null;
  documentName: string | null;
  documentType: string | null;
  documentSha256: string | null;
  public: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** What a flow of data asks of an agreement: between which organizations, which data, on which day. */
export interface AgreementNeed {
  organizationIds: readonly string[];
  categories: readonly AgreementDataCategory[];
  /** The day of the flow, YYYY-MM-DD, in the jurisdiction's time zone. */
  on: string;
}

/**
 * Why an agreement does not cover a flow, or null when it does: every organization is a party, every
 * category is covered, and the day is within its term (both ends included).
 */
export function agreementGap(agreement: SharingAgreement, need: AgreementNeed): string | null {
  const missingParty = need.organizationIds.find((id) => !agreement.partyOrganizationIds.includes(id));
  if (missingParty) return `organization ${missingParty} is not a party to agreement "${agreement.title}"`;
  const missingCategory = need.categories.find((c) => !agreement.dataCategories.includes(c));
  if (missingCategory) return `agreement "${agreement.title}" does not cover ${missingCategory}`;
  if (need.on < agreement.startsOn) return `agreement "${agreement.title}" starts on ${agreement.startsOn}`;
  if (agreement.endsOn !== null && need.on > agreement.endsOn)
    return `agreement "${agreement.title}" ended on ${agreement.endsOn}`;
  return null;
}
