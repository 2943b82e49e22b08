/**
 * The categories of missed opportunities a review records: a vocabulary as data, after the categories
 * Overdose Fatality Review guidance names (naloxone, linkage after a nonfatal overdose, release from
 * incarceration or treatment, ED discharge, prescribing, housing). A category may be added here; a code
 * once used is never renamed (the annual summary counts by code).
 */
export const missedOpportunityCategories = [
  { code: 'no_naloxone_left', label: 'No naloxone left with the person or household' },
  { code: 'no_referral_after_prior_overdose', label: 'No referral after a prior overdose' },
  { code: 'jail_release_without_moud', label: 'Release from jail or prison without MOUD' },
  { code: 'ed_discharge_without_linkage', label: 'ED discharge without linkage to treatment' },
  { code: 'treatment_discharge_without_follow_up', label: 'Treatment discharge without follow-up' },
  { code: 'no_outreach_contact', label: 'No outreach contact after an overdose known to the system' },
  { code: 'prescription_monitoring_not_checked', label: 'Prescription monitoring not checked' },
  { code: 'housing_instability_unaddressed', label: 'Housing instability not addressed' },
  { code: 'mental_health_need_unaddressed', label: 'Mental health need not addressed' },
  { code: 'other', label: 'Other' },
] as const;

/** A category's code. */
export type MissedOpportunityCategory = (typeof missedOpportunityCategories)[number]['code'];

/** The codes, for schemas. */
export const missedOpportunityCodes = missedOpportunityCategories.map((c) => c.code) as [
  MissedOpportunityCategory,
  ...MissedOpportunityCategory[],
];
