/**
 * The words of post-overdose outreach as data: every list a form offers and a service checks. Adding
 * a value here adds it to the API's schemas and the web forms; removing one would orphan stored rows.
 */

/** A team member's role on a program's team (not the user's SOS role). */
export const teamRoles = [
  'outreach_worker',
  'peer_recovery_coach',
  'clinician',
  'social_worker',
  'harm_reduction_worker',
  'ems',
  'police',
] as const;
export type TeamRole = (typeof teamRoles)[number];

/** Whether law enforcement may attend a program's visits, and how dressed. */
export const lawEnforcementPolicies = ['never', 'plain_clothes', 'uniform'] as const;
export type LawEnforcementPolicy = (typeof lawEnforcementPolicies)[number];

/** How an officer present at a visit was dressed. */
export const officerDress = ['plain_clothes', 'uniform'] as const;
export type OfficerDress = (typeof officerDress)[number];

/** What a worker may leave or hand over. */
export const materials = [
  'naloxone',
  'fentanyl_test_strips',
  'xylazine_test_strips',
  'contact_card',
  'resource_guide',
  'safer_use_supplies',
] as const;
export type Material = (typeof materials)[number];

/** How a contact was attempted. */
export const contactMethods = ['phone', 'text', 'video', 'in_person', 'mail'] as const;
export type ContactMethod = (typeof contactMethods)[number];

/** What came of an attempt. */
export const contactOutcomes = [
  'survivor_reached',
  'other_person_answered',
  'no_answer',
  'wrong_number',
  'declined',
] as const;
export type ContactOutcome = (typeof contactOutcomes)[number];

/** What was said: the generic script ("community outreach", nothing disclosed), or a disclosure under consent. */
export const disclosures = ['generic_script', 'disclosed'] as const;
export type Disclosure = (typeof disclosures)[number];

/** Where a visit took place. */
export const visitLocations = ['home', 'elsewhere_chosen', 'overdose_location', 'phone_video'] as const;
export type VisitLocation = (typeof visitLocations)[number];

/** Services offered and accepted at a visit. */
export const outreachServices = [
  'naloxone',
  'fentanyl_test_strips',
  'syringe_services',
  'moud',
  'other_treatment',
  'recovery_coach',
  'housing',
  'food',
  'transport',
  'family_support',
  'mental_health',
  'insurance',
  // A check on a survivor's or a child's welfare is a service offered to the family, never a report to police.
  'welfare_check',
] as const;
export type OutreachService = (typeof outreachServices)[number];

/** What a family or network member reached at a visit may receive. */
export const networkReceipts = [
  'naloxone',
  'family_support',
  'fentanyl_test_strips',
  'resource_guide',
] as const;
export type NetworkReceipt = (typeof networkReceipts)[number];

/** What a consent allows. */
export const consentScopes = [
  'further_contact',
  'home_visit',
  'disclose_to_person',
  'share_with_organization',
  'materials_by_mail_or_drop_off',
  'text_messages',
  'transfer_to_program',
] as const;
export type ConsentScope = (typeof consentScopes)[number];

/** How a consent was obtained. */
export const consentMethods = ['verbal', 'written', 'electronic'] as const;
export type ConsentMethod = (typeof consentMethods)[number];

/** The deflection pathways (PTACC's), by which a referral opens a case: a field, not separate systems. */
export const deflectionPathways = [
  'self_referral',
  'active_outreach',
  'naloxone_plus',
  'officer_prevention',
  'officer_intervention',
  'community_response',
] as const;
export type DeflectionPathway = (typeof deflectionPathways)[number];

/** The kinds of case: a survivor's, or a family's after a fatal overdose. */
export const caseKinds = ['post_overdose', 'family_support'] as const;
export type CaseKind = (typeof caseKinds)[number];

/** How a case opened. */
export const caseOrigins = ['overdose', 'deflection', 'by_hand'] as const;
export type CaseOrigin = (typeof caseOrigins)[number];

/** Why a case closed. */
export const closeReasons = [
  'engaged',
  'declined',
  'unreachable',
  'moved',
  'in_treatment',
  'deceased',
  'duplicate',
  'other',
] as const;
export type CloseReason = (typeof closeReasons)[number];

/** What intake found unusable in a report's contact details. */
export const contactFlags = ['no_phone', 'no_address'] as const;
export type ContactFlag = (typeof contactFlags)[number];

/** Who a member of a survivor's household is to the survivor. */
export const householdRelations = [
  'child',
  'partner',
  'parent',
  'sibling',
  'other_relative',
  'friend',
  'other',
] as const;
export type HouseholdRelation = (typeof householdRelations)[number];
