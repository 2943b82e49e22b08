/**
 * The substances drug-checking services and seizure labs report, as codes with the names, synonyms
 * and common misspellings they arrive under. Data, read by the pure `normalizeSubstance`.
 */
export const substanceVocabulary = [
  {
    code: 'fentanyl',
    label: 'Fentanyl',
    names: ['fentanyl', 'fent', 'fetanyl', 'fentanil', 'fentanyl hcl', 'fentanyl citrate', 'fenty'],
  },
  {
    code: 'fentanyl_analogue',
    label: 'Fentanyl analogue',
    names: [
      'fentanyl analogue',
      'fentanyl analog',
      'fentanyl analogs',
      'acetyl fentanyl',
      'acetylfentanyl',
      'fluorofentanyl',
      'para fluorofentanyl',
      'p fluorofentanyl',
      '4 fluorofentanyl',
      'furanyl fentanyl',
      'furanylfentanyl',
      '4 anpp',
    ],
  },
  { code: 'carfentanil', label: 'Carfentanil', names: ['carfentanil', 'carfentanyl', 'carfent'] },
  {
    code: 'xylazine',
    label: 'Xylazine',
    names: ['xylazine', 'xylazene', 'xylzine', 'zylazine', 'tranq', 'tranq dope', 'rompun'],
  },
  {
    code: 'nitazene',
    label: 'Nitazenes',
    names: [
      'nitazene',
      'nitazenes',
      'isotonitazene',
      'metonitazene',
      'protonitazene',
      'etonitazene',
      'etonitazepyne',
      'n pyrrolidino etonitazene',
      'n desethyl isotonitazene',
      'nitazine',
      'nitazines',
    ],
  },
  {
    code: 'medetomidine',
    label: 'Medetomidine',
    names: ['medetomidine', 'dexmedetomidine', 'medetomadine', 'medatomidine', 'metedomidine', 'rhino tranq'],
  },
  { code: 'heroin', label: 'Heroin', names: ['heroin', 'heroine', 'diacetylmorphine', 'diamorphine'] },
  {
    code: 'cocaine',
    label: 'Cocaine',
    names: ['cocaine', 'cocaine hcl', 'crack', 'crack cocaine', 'cocain', 'coke'],
  },
  {
    code: 'methamphetamine',
    label: 'Methamphetamine',
    names: ['methamphetamine', 'meth', 'crystal meth', 'methamphetamines', 'metamphetamine', 'ice'],
  },
  {
    code: 'benzodiazepine',
    label: 'Benzodiazepines',
    names: [
      'benzodiazepine',
      'benzodiazepines',
      'benzo',
      'benzos',
      'alprazolam',
      'etizolam',
      'clonazolam',
      'flualprazolam',
      'desalkylgidazepam',
      'diazepam',
    ],
  },
  { code: 'bromazolam', label: 'Bromazolam', names: ['bromazolam', 'bromazolan', 'bromozolam'] },
  { code: 'oxycodone', label: 'Oxycodone', names: ['oxycodone', 'oxy', 'oxycontin', 'm30 oxycodone'] },
  { code: 'ketamine', label: 'Ketamine', names: ['ketamine', 'ket'] },
  { code: 'mdma', label: 'MDMA', names: ['mdma', 'ecstasy', 'molly'] },
  { code: 'lidocaine', label: 'Lidocaine', names: ['lidocaine', 'lignocaine'] },
  { code: 'tramadol', label: 'Tramadol', names: ['tramadol'] },
] as const;

/** A substance code of the vocabulary. */
export type SubstanceCode = (typeof substanceVocabulary)[number]['code'];

/** Every substance code, in the vocabulary's order. */
export const substanceCodes: readonly SubstanceCode[] = substanceVocabulary.map((s) => s.code);

/** A name reduced to lower-case words of letters and digits ("Para-Fluorofentanyl " -> "para fluorofentanyl"). */
export function substanceKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const byName = new Map<string, SubstanceCode>();
for (const entry of substanceVocabulary) {
  byName.set(entry.code.replaceAll('_', ' '), entry.code);
  for (const name of entry.names) byName.set(substanceKey(name), entry.code);
}

/** Names long enough that one slip of the keyboard cannot turn one into another. */
const MIN_FUZZY_LENGTH = 7;

/** Whether two strings are one insertion, deletion, substitution or swap of neighbours apart. */
function oneEditApart(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1 || a === b) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** What a name found in a sample is: a vocabulary code, or unknown (to be kept as written and flagged). */
export type NormalizedSubstance = { code: SubstanceCode } | { unknown: string };

/**
 * The vocabulary code of a substance name: its synonyms and listed misspellings, then (names of 7
 * letters or more) one edit away from a known name. Unknown names come back trimmed as written.
 */
export function normalizeSubstance(name: string): NormalizedSubstance {
  const key = substanceKey(name);
  const exact = byName.get(key);
  if (exact) return { code: exact };
  if (key.length >= MIN_FUZZY_LENGTH) {
    for (const [known, code] of byName) {
      if (known.length >= MIN_FUZZY_LENGTH && oneEditApart(key, known)) return { code };
    }
  }
  return { unknown: name.trim() };
}

/** The label of a code ("medetomidine" -> "Medetomidine"). */
export function substanceLabel(code: string): string {
  return substanceVocabulary.find((s) => s.code === code)?.label ?? code;
}
