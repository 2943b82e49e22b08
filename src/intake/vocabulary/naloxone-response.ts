import { createNormalizer, type Normalized, notRecordedPhrases, type RawInput } from './normalized.js';

/** How the person responded to naloxone. */
export const naloxoneResponses = [
  'responded',
  'partial_response',
  'no_response',
  'unknown',
  'not_applicable',
] as const;

/** One naloxone response code. */
export type NaloxoneResponse = (typeof naloxoneResponses)[number];

const normalize = createNormalizer<NaloxoneResponse>({
  unknownCode: 'unknown',
  synonyms: {
    responded: [
      'response',
      'responsive',
      'yes',
      'y',
      'improved',
      'patient improved',
      'positive',
      'positive response',
      'full response',
      'effective',
      'revived',
      'reversed',
      'regained consciousness',
    ],
    partial_response: [
      'partial',
      'partially',
      'partial improvement',
      'partially improved',
      'some improvement',
      'slightly improved',
      'minimal improvement',
      'minimal response',
    ],
    // A patient who got worse after naloxone did not respond to it.
    no_response: [
      'none',
      'no',
      'n',
      'unresponsive',
      'no change',
      'unchanged',
      'no improvement',
      'no effect',
      'not effective',
      'ineffective',
      'did not respond',
      'negative',
      'worse',
      'worsened',
    ],
    unknown: [...notRecordedPhrases, 'u'],
    not_applicable: ['n a', 'na', 'not given', 'not administered', 'naloxone not given', 'no naloxone'],
  },
});

/** Maps "Improved", "No change", "Worse", "N/A"... to a naloxone response code. */
export function normalizeNaloxoneResponse(raw: RawInput): Normalized<NaloxoneResponse> {
  return normalize(raw);
}
