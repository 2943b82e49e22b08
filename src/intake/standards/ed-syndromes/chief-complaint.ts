import {
  clauseBreakWords,
  type DrugClass,
  type DrugTerm,
  drugTerms,
  eyeWords,
  givenAfter,
  givenTriggers,
  historyTriggers,
  naloxoneNotGiven,
  naloxoneTerms,
  negationAfter,
  negationTriggers,
  notTakenTriggers,
  otherSubjectTriggers,
  overdoseTerms,
} from './ed-syndromes.v1.js';

// What a word or phrase of the vocabulary does, as bits: one phrase may play several parts.
const MENTION = 1;
const SIGN = 2;
const DRUG = 4;
const NALOXONE = 8;
const NEGATION = 16;
const NEGATION_AFTER = 32;
const HISTORY = 64;
const GIVEN = 128;
const GIVEN_AFTER = 256;
const OTHER_SUBJECT = 512;
const NOT_TAKEN = 1024;
const BREAK = 2048;
const EYE = 4096;
const NALOXONE_NOT_GIVEN = 8192;
const TERM = MENTION | SIGN | DRUG | NALOXONE;

interface Phrase {
  words: string[];
  roles: number;
  drug: DrugTerm | null;
}

/** Phrases by their first word, longest first, so the longest phrase at a place wins. */
const lexicon = new Map<string, Phrase[]>();

function addPhrase(text: string, role: number, drug: DrugTerm | null = null): void {
  const words = text.split(' ');
  const first = words[0] as string;
  const list = lexicon.get(first) ?? [];
  const same = list.find((p) => p.words.join(' ') === text);
  if (same) {
    same.roles |= role;
    if (drug) same.drug = drug;
  } else {
    list.push({ words, roles: role, drug });
    list.sort((a, b) => b.words.length - a.words.length);
  }
  lexicon.set(first, list);
}

for (const term of drugTerms) for (const w of term.words) addPhrase(w, DRUG, term);
for (const w of overdoseTerms.mention) addPhrase(w, MENTION);
for (const w of overdoseTerms.sign) addPhrase(w, SIGN);
for (const w of naloxoneTerms) addPhrase(fold(w), NALOXONE);
for (const w of negationTriggers) addPhrase(w, NEGATION);
for (const w of negationAfter) addPhrase(w, NEGATION_AFTER);
for (const w of historyTriggers) addPhrase(w, HISTORY);
for (const w of givenTriggers) addPhrase(w, GIVEN);
for (const w of givenAfter) addPhrase(w, GIVEN_AFTER);
for (const w of otherSubjectTriggers) addPhrase(w, OTHER_SUBJECT);
for (const w of notTakenTriggers) addPhrase(w, NOT_TAKEN);
for (const w of clauseBreakWords) addPhrase(w, BREAK);
for (const w of eyeWords) addPhrase(w, EYE);
for (const w of naloxoneNotGiven) addPhrase(w, NALOXONE_NOT_GIVEN);

/**
 * Misspellings: the one-letter deletions of every single-word term of seven letters or more, so a
 * word one edit away (a letter missed, added, changed or two swapped) finds its term. Shorter words
 * are left out: at six letters one edit turns "heroin" into "heroic".
 */
const deletions = new Map<string, string[]>();
for (const [first, phrases] of lexicon) {
  if (first.length < 7) continue;
  if (!phrases.some((p) => p.words.length === 1 && p.roles & TERM)) continue;
  for (const variant of [first, ...oneDeletions(first)]) {
    const list = deletions.get(variant) ?? [];
    if (!list.includes(first)) list.push(first);
    deletions.set(variant, list);
  }
}

function oneDeletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/** Whether two words are at most one edit apart (insertion, deletion, substitution, swap of neighbours). */
function oneEditApart(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

// Long words of chief complaints repeat: their fuzzy lookups are kept (bounded, then started afresh).
const fuzzyCache = new Map<string, string | null>();

/** The vocabulary word one edit away from a long word that is not itself in the vocabulary. */
function nearWord(token: string): string | null {
  const cached = fuzzyCache.get(token);
  if (cached !== undefined) return cached;
  let found: string | null = null;
  for (const variant of [token, ...oneDeletions(token)]) {
    for (const word of deletions.get(variant) ?? []) {
      if (word[0] === token[0] && oneEditApart(word, token)) {
        found = word;
        break;
      }
    }
    if (found) break;
  }
  if (fuzzyCache.size > 50_000) fuzzyCache.clear();
  fuzzyCache.set(token, found);
  return found;
}

/** Lower case without accents (heroína, narcán), only when the text has any. */
function fold(text: string): string {
  const lower = text.toLowerCase();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range itself
  return /[^\u0000-\u007f]/.test(lower) ? lower.normalize('NFD').replace(/[\u0300-\u036f]/g, '') : lower;
}

// Abbreviations whose punctuation would split them: O.D., o/d, OD'd, h/o, w/o; apostrophes dropped.
const REWRITES: readonly [RegExp, string][] = [
  [/\bo\.\s?d\b\.?(?:['’]?e?d\b)?/g, ' od '],
  [/\bo\/d\b/g, ' od '],
  [/\bod['’]e?d\b/g, ' oded '],
  [/\bh\/o\b/g, ' hx '],
  [/\bw\/o\b/g, ' without '],
  [/['’]/g, ''],
];

const REWRITE_CHARACTERS = /[./'’]/;

const COMMA = ',';
const STOP = '.';

/** The words of a chief complaint, with `,` and `.` standing for the punctuation that ends a clause. */
function words(text: string): string[] {
  let t = fold(text);
  // Most complaints have none of these characters: one test spares them the rewrites.
  if (REWRITE_CHARACTERS.test(t))
    for (const [pattern, replacement] of REWRITES) if (pattern.test(t)) t = t.replace(pattern, replacement);
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i <= t.length; i++) {
    const c = i < t.length ? t.charCodeAt(i) : 32;
    const isWord = (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
    if (isWord) {
      if (start < 0) start = i;
      continue;
    }
    if (start >= 0) {
      out.push(t.slice(start, i));
      start = -1;
    }
    // . ; : ! ? and line breaks end a clause; a comma ends it unless a list goes on (see below).
    if (c === 46 || c === 59 || c === 58 || c === 33 || c === 63 || c === 10) out.push(STOP);
    else if (c === 44) out.push(COMMA);
  }
  return out;
}

/** One matched word or phrase of a chief complaint (or an unknown word, roles 0). */
interface Item {
  text: string;
  roles: number;
  drug: DrugTerm | null;
  /** Taken back: negated, past, given by staff, someone else's, not taken. */
  voided: string | null;
}

function items(text: string): Item[] {
  const tokens = words(text);
  const out: Item[] = [];
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i] as string;
    if (token === STOP || token === COMMA) {
      out.push({ text: token, roles: 0, drug: null, voided: null });
      i++;
      continue;
    }
    let matched: Phrase | null = null;
    let key = token;
    let phrases = lexicon.get(token);
    if (!phrases && token.length >= 7) {
      const near = nearWord(token);
      if (near) {
        key = near;
        phrases = lexicon.get(near);
      }
    }
    for (const phrase of phrases ?? []) {
      let k = 1;
      while (k < phrase.words.length && tokens[i + k] === phrase.words[k]) k++;
      if (k === phrase.words.length) {
        matched = phrase;
        break;
      }
    }
    if (matched) {
      // "snorted boy": a slang phrase keeps what its first word says on its own (snorted: an overdose sign).
      const alone = matched.words.length > 1 ? phrases?.find((p) => p.words.length === 1) : undefined;
      const roles = matched.roles | ((alone?.roles ?? 0) & (MENTION | SIGN));
      const shown = matched.words.length === 1 ? token : tokens.slice(i, i + matched.words.length).join(' ');
      out.push({
        text: key === token ? shown : `${token} (${key})`,
        roles,
        drug: matched.drug,
        voided: null,
      });
      i += matched.words.length;
    } else {
      out.push({ text: token, roles: 0, drug: null, voided: null });
      i++;
    }
  }
  return out;
}

const isStop = (item: Item | undefined) =>
  item === undefined || item.text === STOP || (item.roles & BREAK) !== 0;

/**
 * Marks the terms a trigger at `from` reaches forward: up to `reach` words of its clause. A comma
 * ends the clause unless a list of drugs goes on after it ("denies heroin, fentanyl").
 */
function voidForward(list: Item[], from: number, reach: number, why: string, roles = TERM): void {
  let seen = 0;
  for (let j = from + 1; j < list.length && seen < reach; j++) {
    const item = list[j] as Item;
    if (isStop(item)) return;
    if (item.text === COMMA) {
      const next = list[j + 1];
      if (!next || !(next.roles & DRUG || next.text === 'or' || next.text === 'and')) return;
      continue;
    }
    if (item.roles & roles && !item.voided) item.voided = why;
    seen++;
  }
}

/** Whether a role appears within `reach` words after `from` in the same clause (commas end it). */
function followedBy(list: Item[], from: number, reach: number, role: number): number {
  for (let j = from + 1, seen = 0; j < list.length && seen < reach; j++, seen++) {
    const item = list[j] as Item;
    if (isStop(item) || item.text === COMMA) return -1;
    if (item.roles & role) return j;
  }
  return -1;
}

function precededBy(list: Item[], from: number, reach: number, role: number): boolean {
  for (let j = from - 1, seen = 0; j >= 0 && seen < reach; j--, seen++) {
    const item = list[j] as Item;
    if (isStop(item) || item.text === COMMA) return false;
    if (item.roles & role) return true;
  }
  return false;
}

/** A term of a chief complaint that counts, as it was written. */
export interface FoundTerm {
  text: string;
  classes: readonly DrugClass[];
  substances: readonly string[];
}

/** What a chief complaint says, once negation, history, staff-given and other people are taken out. */
export interface ChiefComplaintReading {
  /** "overdose", "OD", "sobredosis": an overdose named. */
  mention: string | null;
  /** A sign of overdose (unresponsive, intoxication, ingestion...) or the named overdose. */
  overdoseTerm: string | null;
  /** Naloxone given. */
  naloxone: string | null;
  drugs: FoundTerm[];
  /** The terms taken back and why, for explanations. */
  voided: { text: string; why: string }[];
}

/** Reads a chief complaint against the v1 vocabulary. Pure. */
export function readChiefComplaint(text: string): ChiefComplaintReading {
  const list = items(text);
  const hasEye = list.some((item) => item.roles & EYE);
  for (let i = 0; i < list.length; i++) {
    const item = list[i] as Item;
    const roles = item.roles;
    if (roles === 0) continue;
    if (roles & NEGATION && !(roles & TERM)) voidForward(list, i, 6, 'negated');
    if (roles & HISTORY && !(roles & TERM)) voidForward(list, i, 6, 'history');
    if (roles & OTHER_SUBJECT && followedBy(list, i, 3, MENTION | SIGN) >= 0)
      voidForward(list, i, 8, 'someone else or not done');
    if (roles & NOT_TAKEN) {
      voidForward(list, i, 3, 'not taken', DRUG | NALOXONE);
      const before = list[i - 1];
      if (before && before.roles & DRUG && !before.voided) before.voided = 'not taken';
    }
    if (roles & DRUG && !item.voided) {
      if (followedBy(list, i, 2, NEGATION_AFTER) >= 0) item.voided = 'negated';
      else if (precededBy(list, i, 2, GIVEN) || followedBy(list, i, 4, GIVEN_AFTER) >= 0)
        item.voided = 'given by staff';
      else {
        const given = followedBy(list, i, 3, GIVEN);
        // "heroin OD, given narcan": the giving is the naloxone's, not the drug's.
        if (given >= 0 && followedBy(list, given, 2, NALOXONE | DRUG) < 0) item.voided = 'given by staff';
      }
    }
    if (roles & NALOXONE && !item.voided) {
      if (followedBy(list, i, 2, NALOXONE_NOT_GIVEN) >= 0 || precededBy(list, i, 2, NALOXONE_NOT_GIVEN))
        item.voided = 'not given for an overdose';
    }
    if (roles & (MENTION | SIGN) && !item.voided && followedBy(list, i, 2, NEGATION_AFTER) >= 0)
      item.voided = 'negated';
    if (roles & MENTION && hasEye && /^od$/i.test(item.text)) item.voided = 'OD of the right eye';
  }
  const reading: ChiefComplaintReading = {
    mention: null,
    overdoseTerm: null,
    naloxone: null,
    drugs: [],
    voided: [],
  };
  for (const item of list) {
    if (!(item.roles & TERM)) continue;
    if (item.voided) {
      reading.voided.push({ text: item.text, why: item.voided });
      continue;
    }
    if (item.roles & MENTION) {
      reading.mention ??= item.text;
      reading.overdoseTerm = reading.mention;
    }
    if (item.roles & SIGN) reading.overdoseTerm ??= item.text;
    if (item.roles & NALOXONE) reading.naloxone ??= item.text;
    if (item.roles & DRUG && item.drug)
      reading.drugs.push({ text: item.text, classes: item.drug.classes, substances: item.drug.substances });
  }
  return reading;
}
