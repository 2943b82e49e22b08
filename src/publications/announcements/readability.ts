import { englishSyllables, spanishSyllables } from './syllables.js';

/** The readability formulas a language file may name. */
export const readabilityFormulas = ['flesch_kincaid_grade', 'fernandez_huerta'] as const;
/** A readability formula. */
export type ReadabilityFormula = (typeof readabilityFormulas)[number];

/** What a formula counted in a text and the score it gives. */
export interface Readability {
  formula: ReadabilityFormula;
  words: number;
  sentences: number;
  syllables: number;
  /** Flesch-Kincaid: a US school grade (higher is harder); Fernández-Huerta: 0-100 ease (higher is easier). */
  score: number;
}

/** Words: runs of letters (apostrophes and inner hyphens kept) or digits. */
const WORD = /[\p{L}\d]+(?:['’-][\p{L}\d]+)*/gu;
/** A sentence ends at . ! ? or … (a run of them once), or at a line break. */
const SENTENCE_END = /[.!?…]+(?=\s|$)|\n+/g;

/** The words of a text, in order. */
export function wordsOf(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** The sentences of a text that hold at least one word. */
export function sentencesOf(text: string): string[] {
  return text.split(SENTENCE_END).filter((part) => wordsOf(part).length > 0);
}

/**
 * Measures a text. Flesch-Kincaid grade: 0.39·(words/sentences) + 11.8·(syllables/words) − 15.59.
 * Fernández-Huerta (1959) as corrected by Law (2011), whose printed form had sentences where words per
 * sentence belong: 206.84 − 0.60·(syllables per 100 words) − 1.02·(words/sentences).
 * An empty text scores 0 words and NaN.
 */
export function measureReadability(text: string, formula: ReadabilityFormula): Readability {
  const words = wordsOf(text);
  const sentences = Math.max(1, sentencesOf(text).length);
  const count = formula === 'fernandez_huerta' ? spanishSyllables : englishSyllables;
  const syllables = words.reduce((sum, word) => sum + count(word), 0);
  const perWord = syllables / words.length;
  const perSentence = words.length / sentences;
  const score =
    formula === 'fernandez_huerta'
      ? 206.84 - 0.6 * (100 * perWord) - 1.02 * perSentence
      : 0.39 * perSentence + 11.8 * perWord - 15.59;
  return { formula, words: words.length, sentences, syllables, score };
}
