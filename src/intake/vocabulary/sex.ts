import { createNormalizer, type Normalized, notRecordedPhrases, type RawInput } from './normalized.js';

/** Sex codes, as recorded by EMS, hospitals and medical examiners. */
export const sexes = ['male', 'female', 'other', 'unknown'] as const;

/** One sex code. */
export type Sex = (typeof sexes)[number];

const normalize = createNormalizer<Sex>({
  unknownCode: 'unknown',
  synonyms: {
    male: ['m', 'man', 'boy'],
    female: ['f', 'woman', 'girl'],
    other: ['o', 'x', 'intersex', 'non binary', 'nonbinary', 'another sex'],
    unknown: [...notRecordedPhrases, 'u', 'n a', 'na', 'unknown unable to determine', 'not applicable'],
  },
});

/** Maps "M", "Female", "Unknown (Unable to Determine)"... to a sex code. */
export function normalizeSex(raw: RawInput): Normalized<Sex> {
  return normalize(raw);
}
