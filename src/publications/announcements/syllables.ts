// Syllable counts for the readability formulas. English spelling is irregular, so its count is a
// heuristic (vowel groups, less a silent final e or -ed/-es); Spanish spelling is regular, so its
// count follows the rules of diphthongs and hiatus. Numbers count one syllable per digit, a fixed
// rule that keeps a figure's wording from moving a template's level much either way.

const DIGITS = /^\d+$/;

/** The syllables of one English word (at least one). */
export function englishSyllables(word: string): number {
  if (DIGITS.test(word)) return word.length;
  let w = word.toLowerCase().replace(/[^a-z]/g, '');
  if (w.length === 0) return 0;
  if (w.length <= 3) return 1;
  // A silent final e (make), -es (lives, not places) and -ed (called, not needed).
  w = w.replace(/(?:[^laeiouyscgxzh]es|[^aeiouytd]ed|[^laeiouy]e)$/, (ending) => ending.charAt(0));
  w = w.replace(/^y/, '');
  const groups = w.match(/[aeiouy]+/g);
  return Math.max(1, groups?.length ?? 0);
}

const SPANISH_VOWELS = /[aeiouáéíóúü]+/g;
/** Open vowels, and the closed ones with a written accent (which break a diphthong: dí-a, re-ú-ne). */
const STRONG = new Set([...'aeoáéóíú']);

/** The syllables of one Spanish word (at least one for a word with a vowel). */
export function spanishSyllables(word: string): number {
  if (DIGITS.test(word)) return word.length;
  // A final y after a vowel closes a diphthong (muy, hay, estoy) and is not a syllable of its own.
  const w = word.toLowerCase().replace(/([aeiouáéíóú])y$/, '$1');
  let count = 0;
  for (const group of w.match(SPANISH_VOWELS) ?? []) {
    count += 1;
    // Within a run of vowels, two strong vowels side by side are two syllables (hiatus: le-er, dí-a);
    // a weak vowel beside another vowel joins it (diphthong: pue-de, ciu-dad).
    for (let i = 1; i < group.length; i++) {
      if (STRONG.has(group.charAt(i - 1)) && STRONG.has(group.charAt(i))) count += 1;
    }
  }
  if (count === 0 && /y/.test(w)) return 1;
  return count;
}
