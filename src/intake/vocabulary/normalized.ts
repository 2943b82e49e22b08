/**
 * What every vocabulary normalizer shares: the result shape, the matching key and the lookup builder.
 * Normalizers run on every field of millions of rows, so every table is built once at module load
 * and repeated raw spellings are answered from a bounded memo.
 */

/** A value mapped to a controlled vocabulary, with the trimmed input kept beside it. */
export interface Normalized<T extends string> {
  /** The vocabulary code; null when the input was empty, or unmapped in a vocabulary without 'unknown'. */
  value: T | null;
  /** The trimmed input, or null when it was empty or missing. */
  raw: string | null;
  /** False only when a non-empty input could not be mapped: the caller keeps it raw and flags it. */
  known: boolean;
}

/** What a normalizer accepts: sources send strings, blanks, or nothing at all. */
export type RawInput = string | null | undefined;

/** Spellings that mean "nobody recorded this": vocabularies with an 'unknown' code map them to it. */
export const notRecordedPhrases = [
  'unknown',
  'unk',
  'uk',
  'null',
  'nil',
  'missing',
  'not recorded',
  'not documented',
  'not reported',
  'not known',
  'not available',
  'not obtained',
  'not stated',
  'unable to determine',
  'undetermined',
] as const;

const nonAlphanumeric = /[^a-z0-9]+/g;
const combiningMarks = /[\u0300-\u036f]/g;

/**
 * The matching key of a raw value: lower case, accents dropped, every run of punctuation or spaces
 * turned into one space, so "Black/African-American " and "black african american" meet.
 */
export function vocabularyKey(text: string): string {
  return text.normalize('NFD').replace(combiningMarks, '').toLowerCase().replace(nonAlphanumeric, ' ').trim();
}

const memoLimit = 10_000;

/**
 * Wraps a pure function of a string with a memo. Real columns hold a few dozen distinct spellings, so
 * the memo answers almost every call; the limit keeps free-text garbage from growing it without end.
 */
export function memoizeByString<R>(compute: (text: string) => R): (text: string) => R {
  const memo = new Map<string, R>();
  return (text) => {
    const hit = memo.get(text);
    if (hit !== undefined || memo.has(text)) return hit as R;
    const result = compute(text);
    if (memo.size < memoLimit) memo.set(text, result);
    return result;
  };
}

/**
 * Builds a key -> code table from each code's synonyms (the code itself is always accepted). Throws at
 * module load when one key is claimed by two codes, so an ambiguous synonym can never ship.
 */
export function buildSynonymTable<T extends string>(
  synonyms: Readonly<Record<T, readonly string[]>>,
): Map<string, T> {
  const table = new Map<string, T>();
  for (const code of Object.keys(synonyms) as T[]) {
    for (const spelling of [code, ...synonyms[code]]) {
      const key = vocabularyKey(spelling);
      const claimed = table.get(key);
      if (claimed !== undefined && claimed !== code) {
        throw new Error(`Vocabulary synonym "${spelling}" maps to both ${claimed} and ${code}`);
      }
      table.set(key, code);
    }
  }
  return table;
}

/** How one vocabulary maps raw values. */
export interface VocabularyDefinition<T extends string> {
  /** Extra spellings per code, matched by vocabularyKey. */
  synonyms: Readonly<Record<T, readonly string[]>>;
  /** The code an unmappable value gets, or null when the vocabulary has none. */
  unknownCode: T | null;
  /**
   * Last resort for composite values (e.g. "White; Black") that no synonym spells out; gets the trimmed
   * raw value (separators intact), its key and the synonym table.
   */
  resolveUnlisted?: (raw: string, key: string, table: ReadonlyMap<string, T>) => T | undefined;
}

/** Creates a normalizer for one vocabulary; see Normalized for the meaning of its fields. */
export function createNormalizer<T extends string>(
  definition: VocabularyDefinition<T>,
): (input: RawInput) => Normalized<T> {
  const table = buildSynonymTable(definition.synonyms);
  const { resolveUnlisted, unknownCode } = definition;
  const resolve = memoizeByString((raw: string): T | undefined => {
    const key = vocabularyKey(raw);
    return table.get(key) ?? resolveUnlisted?.(raw, key, table);
  });
  return (input) => {
    const raw = input?.trim();
    if (!raw) return { value: null, raw: null, known: true };
    const value = resolve(raw);
    return value === undefined ? { value: unknownCode, raw, known: false } : { value, raw, known: true };
  };
}
