import { createNormalizer, type Normalized, type RawInput } from './normalized.js';

/** The kinds of agency a report comes from. */
export const sourceTypes = [
  'ems',
  'fire',
  'police',
  'sheriff',
  'hospital',
  'medical_examiner',
  'public_health',
  'harm_reduction',
  'treatment',
  'school',
  'other',
] as const;

/** One source type. */
export type SourceType = (typeof sourceTypes)[number];

/** The kinds of organization: the same list, since a report's source type is its sender's type. */
export const organizationTypes = sourceTypes;

/** One organization type. */
export type OrganizationType = SourceType;

const normalize = createNormalizer<SourceType>({
  unknownCode: null,
  synonyms: {
    ems: [
      'emergency medical services',
      'emergency medical service',
      'ambulance',
      'paramedic',
      'paramedics',
      'ems agency',
      'emt',
    ],
    fire: ['fire department', 'fire rescue', 'fire medical rescue', 'fire and rescue', 'fd', 'fire ems'],
    police: ['pd', 'police department', 'law enforcement', 'le', 'leo', 'state police', 'city police'],
    sheriff: [
      'sheriff s office',
      'sheriffs office',
      'sheriff office',
      'sheriff department',
      'county sheriff',
      'sso',
    ],
    hospital: [
      'ed',
      'er',
      'emergency department',
      'emergency room',
      'hospital ed',
      'hospital emergency department',
      'syndromic',
      'syndromic surveillance',
    ],
    medical_examiner: [
      'me',
      'ocme',
      'office of the chief medical examiner',
      'chief medical examiner',
      'coroner',
      'medical examiner coroner',
      'me coroner',
      'me c',
    ],
    public_health: [
      'health department',
      'local health department',
      'state health department',
      'department of health',
      'department of public health',
      'lhd',
      'doh',
      'dph',
    ],
    harm_reduction: [
      'harm reduction organization',
      'harm reduction program',
      'syringe services program',
      'syringe service program',
      'ssp',
      'needle exchange',
    ],
    treatment: [
      'treatment provider',
      'treatment program',
      'treatment center',
      'substance use treatment',
      'opioid treatment program',
      'otp',
    ],
    school: ['school district', 'k 12', 'university', 'college'],
    other: [],
  },
});

/** Maps "EMS", "ED", "Emergency Department", "Coroner"... to a source type; unmapped values get null. */
export function normalizeSourceType(raw: RawInput): Normalized<SourceType> {
  return normalize(raw);
}
