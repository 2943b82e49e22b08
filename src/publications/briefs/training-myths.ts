/**
 * Common myths about overdose that officers and first responders hear, each paired with the figure
 * of the brief that answers it. The claims are data (add one here, with the figure it needs); the
 * answer sentence is built from the computed, suppressed figure (`training-myth-answers.ts`), so a
 * myth never carries a number of its own.
 */

/** The figures a myth can be answered with. */
export const mythFigures = [
  'share_under_25',
  'share_fatal',
  'fentanyl_naloxone_response',
  'share_fentanyl',
  'place_type',
] as const;

/** One figure a myth is answered with. */
export type MythFigure = (typeof mythFigures)[number];

/** A myth and the figure that answers it. */
export interface TrainingMyth {
  id: string;
  claim: string;
  figure: MythFigure;
}

/** The myths a training brief answers, in the order it prints them. */
export const trainingMyths: readonly TrainingMyth[] = [
  {
    id: 'mostly-young',
    claim: 'People who overdose are mostly young.',
    figure: 'share_under_25',
  },
  {
    id: 'naloxone-only-heroin',
    claim: 'Naloxone only works on heroin.',
    figure: 'fentanyl_naloxone_response',
  },
  {
    id: 'mostly-fatal',
    claim: 'By the time we get there, an overdose is usually fatal.',
    figure: 'share_fatal',
  },
  {
    id: 'fentanyl-rare',
    claim: 'Fentanyl is a big-city problem; it is rare here.',
    figure: 'share_fentanyl',
  },
  {
    id: 'mostly-outdoors',
    claim: 'Most overdoses happen outdoors.',
    figure: 'place_type',
  },
];
