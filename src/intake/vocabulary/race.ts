import {
  createNormalizer,
  type Normalized,
  notRecordedPhrases,
  type RawInput,
  vocabularyKey,
} from './normalized.js';

/** Race codes: the US OMB 1997 minimum categories plus multiple, other and unknown. */
export const races = [
  'american_indian_alaska_native',
  'asian',
  'black',
  'native_hawaiian_pacific_islander',
  'white',
  'multiple',
  'other',
  'unknown',
] as const;

/** One race code. */
export type Race = (typeof races)[number];

const synonyms: Readonly<Record<Race, readonly string[]>> = {
  american_indian_alaska_native: [
    'i',
    'ai',
    'aian',
    'ai an',
    'american indian or alaska native',
    'american indian and alaska native',
    'american indian alaska native',
    'american indian alaskan native',
    'american indian',
    'alaska native',
    'alaskan native',
    'native american',
    'native american other',
    'native american indian',
    'indigenous',
  ],
  asian: [
    'a',
    'asian indian',
    'asian other',
    'other asian',
    'asian american',
    'chinese',
    'filipino',
    'japanese',
    'korean',
    'vietnamese',
    'cambodian',
    'hmong',
    'laotian',
    'thai',
    'pakistani',
    'bangladeshi',
    'asian or pacific islander',
    'asian pacific islander',
  ],
  black: ['b', 'black or african american', 'black african american', 'african american', 'african'],
  native_hawaiian_pacific_islander: [
    'p',
    'nhpi',
    'native hawaiian or other pacific islander',
    'native hawaiian or pacific islander',
    'native hawaiian other pacific islander',
    'native hawaiian pacific islander',
    'native hawaiian',
    'hawaiian',
    'pacific islander',
    'other pacific islander',
    'samoan',
    'guamanian',
    'chamorro',
    'guamanian or chamorro',
    'tongan',
    'fijian',
    'marshallese',
  ],
  // Under the 1997 standard, people of Middle Eastern or North African origin are White.
  white: ['w', 'caucasian', 'white caucasian', 'middle eastern or north african', 'middle eastern', 'mena'],
  multiple: [
    'multiple races',
    'multiracial',
    'multi racial',
    'two or more races',
    'two or more',
    'more than one race',
    'mixed',
    'mixed race',
    'biracial',
  ],
  // The Census codes a write-in "Hispanic" in the race question as some other race.
  other: ['o', 'other race', 'some other race', 'h', 'hispanic', 'latino', 'hispanic or latino'],
  unknown: [...notRecordedPhrases, 'u', 'n a', 'na', 'declined', 'refused', 'patient refused'],
};

const listSeparators = /\s*(?:[;,|/&+]|\band\b)\s*/i;
// Ethnicity words that ride along with a race ("White, Non-Hispanic", "Hispanic White") say nothing
// about race, so they are set aside before the race is read.
const ethnicityOnlyKeys = new Set([
  'non hispanic',
  'not hispanic',
  'nonhispanic',
  'nh',
  'hispanic',
  'latino',
]);
const ethnicityPrefixes = ['non hispanic ', 'not hispanic ', 'hispanic ', 'latino '];
const ethnicitySuffixes = [' non hispanic', ' not hispanic', ' hispanic', ' latino'];

function withoutEthnicity(key: string): string {
  for (const prefix of ethnicityPrefixes) if (key.startsWith(prefix)) return key.slice(prefix.length);
  for (const suffix of ethnicitySuffixes) if (key.endsWith(suffix)) return key.slice(0, -suffix.length);
  return key;
}

/**
 * Reads a value no synonym spells out, such as "White; Black" or "Hispanic White". Parts that only
 * state ethnicity add no race, nor do 'unknown' or an 'other' beside a specific race ("Asian, Other"
 * means another Asian group); two or more remaining races make 'multiple'. One unreadable part leaves
 * the whole value unmapped rather than guessing.
 */
function resolveUnlisted(raw: string, key: string, table: ReadonlyMap<string, Race>): Race | undefined {
  const single = table.get(withoutEthnicity(key));
  if (single !== undefined) return single;
  const found = new Set<Race>();
  for (const part of raw.split(listSeparators)) {
    const partKey = vocabularyKey(part);
    if (partKey === '' || ethnicityOnlyKeys.has(partKey)) continue;
    const race = table.get(partKey) ?? table.get(withoutEthnicity(partKey));
    if (race === undefined) return undefined;
    found.add(race);
  }
  if (found.size > 1) found.delete('unknown');
  if (found.size > 1) found.delete('other');
  if (found.size === 0) return undefined;
  const [first] = found;
  return found.size === 1 ? first : 'multiple';
}

const normalize = createNormalizer<Race>({ synonyms, unknownCode: 'unknown', resolveUnlisted });

/** Maps "Black or African American", "Asian Indian", "White; Black"... to a race code. */
export function normalizeRace(raw: RawInput): Normalized<Race> {
  return normalize(raw);
}
