import { createNormalizer, type Normalized, notRecordedPhrases, type RawInput } from './normalized.js';

/** Ethnicity codes (US OMB 1997: Hispanic or Latino, or not). */
export const ethnicities = ['hispanic', 'not_hispanic', 'unknown'] as const;

/** One ethnicity code. */
export type Ethnicity = (typeof ethnicities)[number];

// Some sources put race and ethnicity in one column ("Non-Hispanic White"); the ethnicity is its prefix.
const notHispanicPrefixes = ['non hispanic ', 'not hispanic ', 'nonhispanic '];
const hispanicPrefixes = ['hispanic ', 'latino ', 'latina '];

const normalize = createNormalizer<Ethnicity>({
  unknownCode: 'unknown',
  synonyms: {
    hispanic: [
      'h',
      'y',
      'yes',
      'hispanic or latino',
      'hispanic latino',
      'latino',
      'latina',
      'latinx',
      'latine',
      'spanish hispanic latino',
      'other spanish hispanic latino',
      'puerto rican',
      'mexican',
      'mexican american',
      'chicano',
      'chicana',
      'mexican mexican american chicano',
      'cuban',
      'dominican',
      'central american',
      'south american',
      'salvadoran',
      'guatemalan',
      'honduran',
      'colombian',
    ],
    not_hispanic: [
      'nh',
      'n',
      'no',
      'non hispanic',
      'nonhispanic',
      'not hispanic or latino',
      'non hispanic or latino',
      'non hispanic latino',
      'not hispanic latino',
      'not latino',
      'not spanish hispanic latino',
      'non spanish hispanic latino',
    ],
    unknown: [...notRecordedPhrases, 'u', 'n a', 'na', 'declined', 'refused', 'patient refused'],
  },
  resolveUnlisted: (_raw, key) => {
    if (notHispanicPrefixes.some((prefix) => key.startsWith(prefix))) return 'not_hispanic';
    if (hispanicPrefixes.some((prefix) => key.startsWith(prefix))) return 'hispanic';
    return undefined;
  },
});

/** Maps "Hispanic", "Puerto Rican", "Not Spanish/Hispanic/Latino"... to an ethnicity code. */
export function normalizeEthnicity(raw: RawInput): Normalized<Ethnicity> {
  return normalize(raw);
}
