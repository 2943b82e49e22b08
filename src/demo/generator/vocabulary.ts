/** Agencies a report can come from. */
export const sourceTypes = ['ems', 'police', 'hospital', 'medical_examiner', 'fire'] as const;
/** One agency kind. */
export type SourceType = (typeof sourceTypes)[number];

/** Substances a report can name. */
export const substances = [
  'heroin',
  'fentanyl',
  'fentanyl_analog',
  'oxycodone',
  'methadone',
  'buprenorphine',
  'cocaine',
  'methamphetamine',
  'benzodiazepine',
  'xylazine',
  'alcohol',
  'unknown',
] as const;
/** One substance. */
export type Substance = (typeof substances)[number];

/** Recorded sex. */
export const sexes = ['male', 'female', 'unknown'] as const;
/** Recorded race. */
export const races = [
  'white',
  'black',
  'asian',
  'american_indian_alaska_native',
  'native_hawaiian_pacific_islander',
  'multiple',
  'other',
  'unknown',
] as const;
/** Recorded ethnicity. */
export const ethnicities = ['hispanic', 'not_hispanic', 'unknown'] as const;
/** What happened to the person at the end of the encounter. */
export const dispositions = [
  'transported',
  'refused_transport',
  'treated_released',
  'deceased',
  'admitted',
] as const;
/** How the person responded to naloxone. */
export const naloxoneResponses = ['responded', 'partial_response', 'no_response', 'unknown'] as const;
