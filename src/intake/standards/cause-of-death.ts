import { memoizeByString } from '../vocabulary/normalized.js';
import type { Substance } from '../vocabulary/substances.js';
import {
  causeOfDeathNames,
  clauseBreakWords,
  fentanylAnaloguePrefix,
  gluedWords,
  negationCues,
  trailingNegations,
} from './cause-of-death-names.js';

/** The substances a cause-of-death statement names as involved, and those it names only to deny (shared by the memo: read-only). */
export interface CauseOfDeathReading {
  /** Distinct substance codes named as involved, in the order they first appear. */
  readonly substances: readonly Substance[];
  /** Codes named only under a negation ("no evidence of opioids"), never also involved. */
  readonly negated: readonly Substance[];
}

const combiningMarks = /[\u0300-\u036f]/g;
const clauseBreak = /[.;:()[\]\n\r]+/;
const word = /[a-z0-9]+(?:-[a-z0-9]+)*/g;
const analogueWord = /^analog(ue)?s?$/;

/** Abbreviations: a prefix of at least this many letters of a single name ("Oxycod", "Bupren", "Hydromorph"). */
const minimumAbbreviation = 6;
const known = new Map(Object.entries(causeOfDeathNames));

function buildAbbreviations(): Map<string, Substance> {
  const claims = new Map<string, Set<Substance | null>>();
  for (const [name, code] of known) {
    for (let end = minimumAbbreviation; end < name.length; end++) {
      const prefix = name.slice(0, end);
      const codes = claims.get(prefix) ?? new Set<Substance | null>();
      codes.add(code);
      claims.set(prefix, codes);
    }
  }
  const table = new Map<string, Substance>();
  for (const [prefix, codes] of claims) {
    const [only] = codes;
    if (codes.size === 1 && only) table.set(prefix, only);
  }
  return table;
}
const abbreviations = buildAbbreviations();

/** Optimal string alignment distance (a transposition counts one), or limit + 1 once it exceeds the limit. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, (before[j - 2] as number) + 1);
      current.push(d);
      best = Math.min(best, d);
    }
    if (best > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length] as number;
}

/**
 * A misspelt name ("Fenatnyl", "Xyalzine", "Diazapam"): the one known name within one edit (two from
 * nine letters on). Short words are never corrected, since "cocaine" and "codeine" are two edits apart.
 */
function correctedSpelling(text: string): Substance | null | undefined {
  if (text.length < 7) return undefined;
  const limit = text.length >= 9 ? 2 : 1;
  let bestDistance = limit + 1;
  let bestCodes = new Set<Substance | null>();
  for (const [name, code] of known) {
    if (name.length < 6) continue;
    const distance = editDistance(text, name, limit);
    if (distance < bestDistance) {
      bestDistance = distance;
      bestCodes = new Set([code]);
    } else if (distance === bestDistance && distance <= limit) bestCodes.add(code);
  }
  const [only] = bestCodes;
  return bestCodes.size === 1 ? only : undefined;
}

/** The code of one word: a known name, a plural, a fentanyl analogue, an abbreviation, a misspelling; undefined when none. */
const substanceOfWord = memoizeByString((text: string): Substance | null | undefined => {
  if (known.has(text)) return known.get(text);
  if (text.endsWith('s') && known.has(text.slice(0, -1))) return known.get(text.slice(0, -1));
  if (text.endsWith('fentanyl') && text.length > 'fentanyl'.length) {
    const prefix = text.slice(0, -'fentanyl'.length);
    return (gluedWords as readonly string[]).includes(prefix) ? 'fentanyl' : 'fentanyl_analog';
  }
  return abbreviations.get(text) ?? correctedSpelling(text);
});

/**
 * A hyphenated word as one name when it is one ("4-ANPP", "para-Fluorofentanyl", "acetyl-fentanyl",
 * or an analogue's prefix "para-Fluorobutyryl"), else as its parts ("cocaine-induced").
 */
function hyphenated(raw: string): string[] {
  if (!raw.includes('-')) return [raw];
  const joined = raw.replaceAll('-', '');
  return substanceOfWord(joined) || fentanylAnaloguePrefix.test(joined) ? [joined] : raw.split('-');
}

/**
 * The words of one clause with names put back together: a word glued to the drug before or after it
 * is split ("offentanyl", "heroinand"), and an analogue's prefix joins the fentanyl after it ("acetyl fentanyl").
 */
function clauseWords(clause: string): string[] {
  const words: string[] = [];
  for (const raw of (clause.match(word) ?? []).flatMap(hyphenated)) {
    const glue = gluedWords.find((g) => raw.startsWith(g) && raw.length - g.length >= 4);
    const rest = glue ? raw.slice(glue.length) : '';
    const trailing = gluedWords.find((g) => raw.endsWith(g) && raw.length - g.length >= 4);
    const front = trailing ? raw.slice(0, -trailing.length) : '';
    if (known.has(raw)) words.push(raw);
    else if (glue && (substanceOfWord(rest) || fentanylAnaloguePrefix.test(rest))) words.push(glue, rest);
    else if (trailing && substanceOfWord(front)) words.push(front, trailing);
    else words.push(raw);
  }
  const joined: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const current = words[i] as string;
    const next = words[i + 1];
    if (next !== undefined && fentanylAnaloguePrefix.test(current) && substanceOfWord(next) === 'fentanyl') {
      joined.push(`${current}fentanyl`);
      i++;
    } else if (next !== undefined && analogueWord.test(next) && substanceOfWord(current) === 'fentanyl') {
      joined.push('fentanylanalogue');
      i++;
    } else joined.push(current);
  }
  return joined;
}

/** Whether a trailing negation ("not detected", "ruled out") starts at this word. */
function trailingNegationAt(words: readonly string[], at: number): boolean {
  return trailingNegations.some((cue) => cue.every((w, k) => words[at + k] === w));
}

/**
 * Reads the substances a cause-of-death statement names: "Acute intoxication due to the combined
 * effects of fentanyl, heroin and cocaine", "Acute Fentanyl, Xylazine and Ethanol Toxicity", with
 * metabolites, analogues, abbreviations and misspellings. A negation ("no evidence of opioids",
 * "cocaine not detected") reaches to the end of its clause, never beyond a period, semicolon,
 * parenthesis or "but". Drugs the vocabulary has no code for (sertraline) are left out.
 */
export const readCauseOfDeath = memoizeByString((text: string): CauseOfDeathReading => {
  const involved: Substance[] = [];
  const denied: Substance[] = [];
  const lower = text.normalize('NFD').replace(combiningMarks, '').toLowerCase();
  for (const clause of lower.split(clauseBreak)) {
    let negatedFrom = Number.POSITIVE_INFINITY;
    let found: { code: Substance; at: number }[] = [];
    const words = clauseWords(clause);
    const settle = (negatedBefore: number) => {
      for (const f of found) {
        const list = f.at > negatedFrom || f.at < negatedBefore ? denied : involved;
        if (!list.includes(f.code)) list.push(f.code);
      }
      found = [];
    };
    for (let i = 0; i < words.length; i++) {
      const w = words[i] as string;
      if (clauseBreakWords.has(w)) {
        settle(-1);
        negatedFrom = Number.POSITIVE_INFINITY;
      } else if (trailingNegationAt(words, i)) {
        settle(i);
      } else if (negationCues.has(w)) {
        negatedFrom = Math.min(negatedFrom, i);
      } else {
        const code = substanceOfWord(w);
        if (code) found.push({ code, at: i });
      }
    }
    settle(-1);
  }
  return { substances: involved, negated: denied.filter((code) => !involved.includes(code)) };
});
