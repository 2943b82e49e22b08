import { type Share, sharePercent, type TrainingFigures } from './training-brief-figures.js';
import type { MythFigure, TrainingMyth } from './training-myths.js';

/** A myth with its answer as the brief prints it. */
export interface MythAnswer {
  id: string;
  claim: string;
  answer: string;
  /** The share the answer rests on, or null when the data holds no such figure. */
  share: Share | null;
  /** Why no figure is printed: hidden by the disclosure rules, or not recorded in the data. */
  missing: 'hidden' | 'not_recorded' | null;
}

/** "12 of 240 (5%)": a share with its denominator. */
export function shareText(share: Share): string {
  const percent = sharePercent(share);
  if (percent === null || share.count === null || share.of === null) return 'hidden';
  return `${share.count} of ${share.of} (${percent}%)`;
}

/** The share and the sentence around it for each figure a myth may name. */
function figureOf(
  figure: MythFigure,
  f: TrainingFigures,
): { share: Share | null; sentence: (text: string) => string } {
  switch (figure) {
    case 'share_under_25': {
      const under = f.attributes.age_group.values.find((v) => v.key === 'under_25');
      return {
        share: under?.share ?? { count: 0, of: f.attributes.age_group.of },
        sentence: (text) =>
          `Here, people under 25 were ${text} of the overdoses whose age group is shown: most people who overdose are adults of working age.`,
      };
    }
    case 'share_fatal':
      return {
        share: f.fatal,
        sentence: (text) =>
          `Here, ${text} of the overdoses were fatal: most people survive, and naloxone and a 911 call help them do so.`,
      };
    case 'fentanyl_naloxone_response':
      return {
        share: f.fentanylNaloxone.responded,
        sentence: (text) =>
          `Naloxone reverses any opioid overdose, fentanyl included. Here, ${text} of the overdoses involving fentanyl were recorded as responding to naloxone (fully or partly); more than one dose may be needed.`,
      };
    case 'share_fentanyl': {
      const fentanyl = f.substances.find((s) => s.key === 'fentanyl');
      return {
        share: fentanyl?.share ?? null,
        sentence: (text) => `Here, fentanyl was involved in ${text} of the overdoses.`,
      };
    }
    case 'place_type':
      return { share: null, sentence: () => '' };
  }
}

/**
 * Answers each myth from the brief's suppressed figures: the sentence carries the figure with its
 * denominator, or says that the figure is hidden (too few overdoses to show safely) or that the data
 * does not record it. Pure.
 */
export function answerMyths(myths: readonly TrainingMyth[], f: TrainingFigures): MythAnswer[] {
  return myths.map((myth) => {
    const { share, sentence } = figureOf(myth.figure, f);
    if (share === null) {
      return {
        id: myth.id,
        claim: myth.claim,
        answer:
          myth.figure === 'place_type'
            ? 'The reports SOS receives do not record the kind of place an overdose happened in (home, street, vehicle), so no figure here answers this. Overdoses happen in homes as well as in public: check on people wherever you are.'
            : 'No overdose here involved it in this period.',
        share: null,
        missing: myth.figure === 'place_type' ? 'not_recorded' : null,
      };
    }
    if (share.of === 0) {
      return {
        id: myth.id,
        claim: myth.claim,
        answer: 'No overdose counted here in this period gives a figure for this.',
        share,
        missing: null,
      };
    }
    if (sharePercent(share) === null) {
      return {
        id: myth.id,
        claim: myth.claim,
        answer: `The figure that answers this is hidden here: too few overdoses to show it without risk of identifying someone (counts from 1 to ${f.k - 1}, and those that would reveal them, are hidden).`,
        share,
        missing: 'hidden',
      };
    }
    return { id: myth.id, claim: myth.claim, answer: sentence(shareText(share)), share, missing: null };
  });
}
