/**
 * Generated person records in FEBRL's columns with planted duplicates, for the person linkage bench.
 * Like Christen's FEBRL generator: originals drawn from skewed name and place vocabularies (a few
 * names common, most rare), then up to three duplicates each with one to three modifications per
 * duplicate: a keying typo (character inserted, dropped, changed or two swapped) in a field, a value
 * left out, given name and surname swapped, day and month swapped, a digit changed. Ids carry the
 * truth as FEBRL's do: rec-N-org and rec-N-dup-K. Streams, so a million rows need little memory.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { Random } from '../../src/demo/generator/random.js';

/** FEBRL's header, with its padding after each comma. */
export const FEBRL_HEADER =
  'rec_id, given_name, surname, street_number, address_1, address_2, suburb, postcode, state, date_of_birth, soc_sec_id';

const SYLLABLES = [
  'al',
  'an',
  'ar',
  'be',
  'bo',
  'ca',
  'da',
  'de',
  'di',
  'el',
  'en',
  'er',
  'fa',
  'ga',
  'ha',
  'he',
  'ia',
  'in',
  'ja',
  'ka',
  'ki',
  'la',
  'le',
  'li',
  'lo',
  'ma',
  'me',
  'mi',
  'mo',
  'na',
  'ne',
  'ni',
  'no',
  'or',
  'pa',
  'ra',
  're',
  'ri',
  'ro',
  'sa',
  'se',
  'si',
  'so',
  'ta',
  'te',
  'ti',
  'to',
  'va',
  've',
  'wi',
  'ya',
  'za',
  'th',
  'sh',
  'ck',
  'son',
  'ley',
  'ton',
  'man',
  'ell',
  'ett',
  'ine',
  'ard',
  'ber',
  'cer',
];
const STATES = ['nsw', 'vic', 'qld', 'wa', 'sa', 'tas', 'act', 'nt'];
const STREET_TYPES = ['street', 'road', 'place', 'avenue', 'crescent', 'circuit', 'close', 'parade'];

/** A vocabulary of made-up words of two to four syllables, distinct, in a fixed order. */
function vocabulary(random: Random, size: number): string[] {
  const words = new Set<string>();
  while (words.size < size) {
    const length = random.integer(2, 4);
    let word = '';
    for (let i = 0; i < length; i++) word += SYLLABLES[random.integer(0, SYLLABLES.length - 1)];
    words.add(word);
  }
  return [...words];
}

/** A word of a vocabulary, the first ones far more often (density falling as 1/sqrt of the rank). */
function skewed(random: Random, words: readonly string[]): string {
  const u = random.next();
  return words[Math.floor(words.length * u * u)] as string;
}

type Person = [string, string, string, string, string, string, string, string, string, string];
/** Indexes of the fields a modification treats specially. */
const [GIVEN, SURNAME, NUMBER, POSTCODE, DOB, SSN] = [0, 1, 2, 6, 8, 9] as const;

/** A keying typo: one character inserted, dropped, changed, or two neighbours swapped. */
function typo(random: Random, value: string, letters: string): string {
  if (value.length < 2) return value + (letters[random.integer(0, letters.length - 1)] as string);
  const at = random.integer(0, value.length - 1);
  const letter = letters[random.integer(0, letters.length - 1)] as string;
  switch (random.integer(0, 3)) {
    case 0:
      return value.slice(0, at) + letter + value.slice(at);
    case 1:
      return value.slice(0, at) + value.slice(at + 1);
    case 2:
      return value.slice(0, at) + letter + value.slice(at + 1);
    default: {
      const i = Math.min(at, value.length - 2);
      return value.slice(0, i) + value[i + 1] + value[i] + value.slice(i + 2);
    }
  }
}

/** One modification of a duplicate, FEBRL's kinds in rough proportion. */
function modify(random: Random, person: Person): void {
  const kind = random.next();
  if (kind < 0.08) {
    [person[GIVEN], person[SURNAME]] = [person[SURNAME], person[GIVEN]];
    return;
  }
  if (kind < 0.16) {
    const dob = person[DOB] as string;
    if (dob.length === 8) person[DOB] = dob.slice(0, 4) + dob.slice(6, 8) + dob.slice(4, 6);
    return;
  }
  const field = random.integer(0, 9);
  if (kind < 0.3) {
    person[field] = '';
    return;
  }
  const digits = field === NUMBER || field === POSTCODE || field === DOB || field === SSN;
  person[field] = typo(random, person[field] as string, digits ? '0123456789' : 'abcdefghijklmnopqrstuvwxyz');
}

/** What was written: how many records, how many originals, how many true pairs. */
export interface GeneratedPeople {
  records: number;
  originals: number;
  truePairs: number;
}

/**
 * Writes `records` rows (about 60% originals) to `path`, each original followed by its duplicates
 * at random places later in the file (held back a little so duplicates are not neighbours).
 */
export async function writeFebrlLikePeople(
  path: string,
  records: number,
  seed: number,
): Promise<GeneratedPeople> {
  const random = new Random(seed);
  const given = vocabulary(random, 5000);
  const surnames = vocabulary(random, 60_000);
  const streets = vocabulary(random, 20_000);
  const suburbs = vocabulary(random, 8000);
  const out = createWriteStream(path);
  let chunk = `${FEBRL_HEADER}\n`;
  const pending: string[] = [];
  let written = 0;
  let originals = 0;
  let truePairs = 0;
  const emit = (line: string) => {
    chunk += line;
    written++;
  };
  while (written + pending.length < records) {
    const id = originals++;
    const year = random.integer(1920, 2010);
    const person: Person = [
      skewed(random, given),
      skewed(random, surnames),
      String(Math.floor(1 + 300 * random.next() ** 3)),
      `${skewed(random, streets)} ${STREET_TYPES[random.integer(0, STREET_TYPES.length - 1)]}`,
      random.chance(0.5) ? skewed(random, streets) : '',
      skewed(random, suburbs),
      String(random.integer(800, 7999)).padStart(4, '0'),
      STATES[random.integer(0, STATES.length - 1)] as string,
      `${year}${String(random.integer(1, 12)).padStart(2, '0')}${String(random.integer(1, 28)).padStart(2, '0')}`,
      String(random.integer(1_000_000, 9_999_999)),
    ];
    emit(`rec-${id}-org, ${person.join(', ')}\n`);
    // Two originals in three have no duplicate; the rest one to three.
    const duplicates = Math.min(
      random.chance(2 / 3) ? 0 : random.integer(1, 3),
      records - written - pending.length,
    );
    truePairs += ((duplicates + 1) * duplicates) / 2;
    for (let k = 0; k < duplicates; k++) {
      const copy = [...person] as Person;
      const modifications = random.integer(1, 3);
      for (let m = 0; m < modifications; m++) modify(random, copy);
      pending.push(`rec-${id}-dup-${k}, ${copy.join(', ')}\n`);
    }
    while (pending.length > 200 || (pending.length > 0 && random.chance(0.3))) {
      const at = random.integer(0, pending.length - 1);
      emit(pending[at] as string);
      pending[at] = pending[pending.length - 1] as string;
      pending.pop();
    }
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  for (const line of pending) emit(line);
  out.end(chunk);
  await once(out, 'finish');
  return { records: written, originals, truePairs };
}
