// The lists the outreach forms offer, in the words of the API (the server's outreach-vocabulary.ts,
// which the web may not import). Each list `satisfies` the API's own enumeration, so a value the
// server would refuse fails the type check; a value added on the server is only not offered yet.
import type { CaseDetail } from './outreach-types';

type Attempt = CaseDetail['attempts'][number];
type Visit = CaseDetail['visits'][number];
type Consent = CaseDetail['consents'][number];

/** How a contact was attempted. */
export const CONTACT_METHODS = [
  'phone',
  'text',
  'video',
  'in_person',
  'mail',
] as const satisfies readonly Attempt['method'][];

/** What came of an attempt. */
export const CONTACT_OUTCOMES = [
  'survivor_reached',
  'other_person_answered',
  'no_answer',
  'wrong_number',
  'declined',
] as const satisfies readonly Attempt['outcome'][];

/** What a consent allows. */
export const CONSENT_SCOPES = [
  'further_contact',
  'home_visit',
  'disclose_to_person',
  'share_with_organization',
  'materials_by_mail_or_drop_off',
  'text_messages',
] as const satisfies readonly Consent['scope'][];

/** The consent scopes that name who receives what is disclosed or shared. */
export const SCOPES_WITH_RECIPIENT: readonly string[] = ['disclose_to_person', 'share_with_organization'];

/** How a consent was obtained. */
export const CONSENT_METHODS = [
  'verbal',
  'written',
  'electronic',
] as const satisfies readonly Consent['method'][];

/** Where a visit took place. */
export const VISIT_LOCATIONS = [
  'phone_video',
  'home',
  'elsewhere_chosen',
  'overdose_location',
] as const satisfies readonly Visit['location_type'][];

/** Services offered and accepted at a visit. */
export const SERVICES = [
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
  'welfare_check',
] as const satisfies readonly Visit['services_offered'][number][];

/** What a family or social-network member reached with consent may receive. */
export const NETWORK_RECEIVED = [
  'naloxone',
  'family_support',
  'fentanyl_test_strips',
  'resource_guide',
] as const satisfies readonly Visit['network_reached'][number]['received'][number][];

/** How an officer present at a visit was dressed. */
export const OFFICER_DRESS = ['plain_clothes', 'uniform'] as const satisfies readonly NonNullable<
  Visit['law_enforcement']['dress']
>[];

/** Words for codes whose generic label would read badly. */
const WORDS: Record<string, string> = {
  moud: 'Medication for opioid use disorder (MOUD)',
  phone_video: 'Phone or video call',
  elsewhere_chosen: 'Elsewhere, chosen by the survivor',
  overdose_location: 'Where the overdose happened',
  materials_by_mail_or_drop_off: 'Materials by mail or drop-off',
  disclose_to_person: 'Tell a named person',
  share_with_organization: 'Share with an organization',
  generic_script: 'Generic script (nothing disclosed)',
  no_phone: 'No phone',
  no_address: 'No address',
  public_health_only: 'Public health only',
  with_plain_clothes_officer: 'With a plain-clothes officer',
  with_uniformed_officer: 'With a uniformed officer',
  welfare_check: 'Welfare check (a service offered, never a report to police)',
};

/** A code shown as words: "survivor_reached" → "Survivor reached". */
export function word(code: string): string {
  const known = WORDS[code];
  if (known) return known;
  const spaced = code.replaceAll('_', ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}
