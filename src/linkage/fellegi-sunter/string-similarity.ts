/**
 * String comparators of record linkage, allocation-free so that millions of pairs compare in seconds:
 * Jaro-Winkler for names, one-edit closeness for codes and dates, and American Soundex for blocking.
 */

/** Scratch flags for Jaro's matched characters, grown when a longer string comes. */
let matchedA = new Uint8Array(64);
let matchedB = new Uint8Array(64);

/** Jaro similarity (0..1): matching characters within half the longer length, less half the transpositions. */
export function jaro(a: string, b: string): number {
  if (a === b) return a.length === 0 ? 0 : 1;
  const lengthA = a.length;
  const lengthB = b.length;
  if (lengthA === 0 || lengthB === 0) return 0;
  if (lengthA > matchedA.length || lengthB > matchedB.length) {
    matchedA = new Uint8Array(Math.max(lengthA, lengthB) * 2);
    matchedB = new Uint8Array(Math.max(lengthA, lengthB) * 2);
  }
  matchedA.fill(0, 0, lengthA);
  matchedB.fill(0, 0, lengthB);
  const window = Math.max(0, Math.floor(Math.max(lengthA, lengthB) / 2) - 1);
  let matches = 0;
  for (let i = 0; i < lengthA; i++) {
    const code = a.charCodeAt(i);
    const end = Math.min(i + window + 1, lengthB);
    for (let j = Math.max(0, i - window); j < end; j++) {
      if (matchedB[j] === 0 && b.charCodeAt(j) === code) {
        matchedA[i] = 1;
        matchedB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let halfTranspositions = 0;
  let j = 0;
  for (let i = 0; i < lengthA; i++) {
    if (matchedA[i] === 0) continue;
    while (matchedB[j] === 0) j++;
    if (a.charCodeAt(i) !== b.charCodeAt(j)) halfTranspositions++;
    j++;
  }
  const transpositions = halfTranspositions / 2;
  return (matches / lengthA + matches / lengthB + (matches - transpositions) / matches) / 3;
}

/** Jaro-Winkler similarity: Jaro raised for a common prefix of up to 4 characters, by 0.1 a character. */
export function jaroWinkler(a: string, b: string): number {
  const similarity = jaro(a, b);
  let prefix = 0;
  const most = Math.min(4, a.length, b.length);
  while (prefix < most && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return similarity + prefix * 0.1 * (1 - similarity);
}

/**
 * Whether two strings are one keying slip apart: one character changed, inserted or dropped, or two
 * neighbours swapped (the typing errors of FEBRL's duplicates). Equal strings are not.
 */
export function oneEditApart(a: string, b: string): boolean {
  if (a === b) return false;
  const lengthA = a.length;
  const lengthB = b.length;
  if (Math.abs(lengthA - lengthB) > 1) return false;
  let start = 0;
  while (start < lengthA && start < lengthB && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  let endA = lengthA;
  let endB = lengthB;
  while (endA > start && endB > start && a.charCodeAt(endA - 1) === b.charCodeAt(endB - 1)) {
    endA--;
    endB--;
  }
  const differA = endA - start;
  const differB = endB - start;
  if (differA <= 1 && differB <= 1) return true;
  // Two neighbours swapped: "ab" against "ba".
  return (
    differA === 2 &&
    differB === 2 &&
    a.charCodeAt(start) === b.charCodeAt(start + 1) &&
    a.charCodeAt(start + 1) === b.charCodeAt(start)
  );
}

/** Soundex digit of each letter a..z; 0 = a vowel (separates repeats), 9 = h or w (does not). */
const SOUNDEX_CODES = '01230129022455012623019202';

/**
 * American Soundex: the first letter and three digits for the consonant sounds that follow, repeats
 * of one code (also across h and w) written once, padded with zeros; '' when there is no letter.
 */
export function soundex(text: string): string {
  let first = '';
  let digits = '';
  let previous = '';
  for (let i = 0; i < text.length && digits.length < 3; i++) {
    const code = text.charCodeAt(i) | 0x20;
    if (code < 97 || code > 122) continue;
    const digit = SOUNDEX_CODES[code - 97] as string;
    if (first === '') {
      first = String.fromCharCode(code - 32);
      previous = digit;
      continue;
    }
    if (digit === '9') continue;
    if (digit !== '0' && digit !== previous) digits += digit;
    previous = digit;
  }
  return first === '' ? '' : (first + digits).padEnd(4, '0');
}
