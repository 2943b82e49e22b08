import { type OutreachService, outreachServices } from '../outreach/outreach-vocabulary.js';

/**
 * Which need a taxonomy term speaks of, by words in its name or code (Open Eligibility, AIRS/211 and
 * local taxonomies name these services in plain words). Data, not code: extend the table to map
 * another taxonomy. Every entry that matches adds its need.
 */
export const needTerms: readonly { words: RegExp; need: OutreachService }[] = [
  {
    words:
      /medications? for opioid|medication.assisted|opioid treatment|methadone|buprenorphine|\bMOUD\b|\bMAT\b/i,
    need: 'moud',
  },
  { words: /syringe|needle exchange/i, need: 'syringe_services' },
  { words: /naloxone|narcan/i, need: 'naloxone' },
  { words: /fentanyl test/i, need: 'fentanyl_test_strips' },
  { words: /shelter|housing/i, need: 'housing' },
  { words: /food|meals?\b|pantry/i, need: 'food' },
  { words: /transport|rides?\b/i, need: 'transport' },
  { words: /family support|families/i, need: 'family_support' },
  { words: /mental health|counsel+ing|psychiatr/i, need: 'mental_health' },
  { words: /recovery coach|peer recovery/i, need: 'recovery_coach' },
  { words: /health insurance|medicaid|insurance enrol/i, need: 'insurance' },
  { words: /substance use|addiction|detox|residential treatment/i, need: 'other_treatment' },
];

/** The needs a service's taxonomy terms speak of, in the outreach vocabulary's order. */
export function needsFromTerms(
  terms: readonly { name?: string | undefined; code?: string | undefined }[],
): OutreachService[] {
  const found = new Set<OutreachService>();
  for (const term of terms) {
    const text = `${term.name ?? ''} ${term.code ?? ''}`;
    for (const { words, need } of needTerms) if (words.test(text)) found.add(need);
  }
  return outreachServices.filter((need) => found.has(need));
}
