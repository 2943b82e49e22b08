import { buildSynonymTable, memoizeByString, vocabularyKey } from './normalized.js';

/** Substance codes, from the toxicology and suspected-drug fields of EMS, ED and medical examiner data. */
export const substances = [
  'any_opioid',
  'heroin',
  'fentanyl',
  'fentanyl_analog',
  'oxycodone',
  'oxymorphone',
  'hydrocodone',
  'hydromorphone',
  'morphine',
  'codeine',
  'methadone',
  'buprenorphine',
  'tramadol',
  'opiate_nos',
  'other_opioid',
  'cocaine',
  'methamphetamine',
  'amphetamine',
  'other_stimulant',
  'benzodiazepine',
  'xylazine',
  'alcohol',
  'gabapentin',
  'cannabis',
  'other',
  'unknown',
] as const;

/** One substance code. */
export type Substance = (typeof substances)[number];

/** The substance codes that count as an opioid in case definitions. */
export const opioidSubstances = [
  'any_opioid',
  'heroin',
  'fentanyl',
  'fentanyl_analog',
  'oxycodone',
  'oxymorphone',
  'hydrocodone',
  'hydromorphone',
  'morphine',
  'codeine',
  'methadone',
  'buprenorphine',
  'tramadol',
  'opiate_nos',
  'other_opioid',
] as const satisfies readonly Substance[];

/** The substance codes that count as a stimulant in case definitions. */
export const stimulantSubstances = [
  'cocaine',
  'methamphetamine',
  'amphetamine',
  'other_stimulant',
] as const satisfies readonly Substance[];

const opioidSet: ReadonlySet<string> = new Set(opioidSubstances);
const stimulantSet: ReadonlySet<string> = new Set(stimulantSubstances);

/** Whether a substance code is an opioid; takes any string so stored codes can be tested directly. */
export function isOpioid(substance: string): boolean {
  return opioidSet.has(substance);
}

/** Whether a substance code is a stimulant; takes any string so stored codes can be tested directly. */
export function isStimulant(substance: string): boolean {
  return stimulantSet.has(substance);
}

/** A substance list mapped to codes, with the raw text and the parts that could not be mapped. */
export interface NormalizedSubstances {
  /** Distinct codes in the order they first appear. */
  values: Substance[];
  /** The trimmed input, or null when it was empty or missing. */
  raw: string | null;
  /** The trimmed parts no code matched, to be kept raw and flagged. */
  unknown: string[];
}

const synonyms: Readonly<Record<Substance, readonly string[]>> = {
  any_opioid: ['any opioid', 'opioid', 'opioids'],
  heroin: [
    'heroine',
    'diacetylmorphine',
    'diamorphine',
    '6 mam',
    '6mam',
    '6 monoacetylmorphine',
    'heroin dc',
    'heroin death certificate dc',
  ],
  fentanyl: ['fent', 'fentanil', 'imf', 'illicit fentanyl', 'illicitly manufactured fentanyl'],
  fentanyl_analog: [
    'fentanyl analog',
    'fentanyl analogs',
    'fentanyl analogue',
    'fentanyl analogues',
    'acetyl fentanyl',
    'acetylfentanyl',
    'carfentanil',
    'carfentanyl',
    'furanyl fentanyl',
    'furanylfentanyl',
    'acryl fentanyl',
    'acrylfentanyl',
    'butyryl fentanyl',
    'cyclopropyl fentanyl',
    'methoxyacetyl fentanyl',
    'valeryl fentanyl',
    'fluorofentanyl',
    'fluoro fentanyl',
    'para fluorofentanyl',
    'p fluorofentanyl',
    '4 fluorofentanyl',
    '3 methylfentanyl',
    'ocfentanil',
  ],
  oxycodone: ['oxy', 'oxycontin', 'percocet', 'percocets', 'perc', 'percs', 'roxicodone', 'roxy', 'endocet'],
  oxymorphone: ['opana'],
  hydrocodone: ['vicodin', 'norco', 'lortab'],
  hydromorphone: [
    'dilaudid',
    'hyd morph',
    'hydr mor',
    'h morph',
    'hydro morph',
    'hydmorph',
    'hydrmorp',
    'hyromorph',
  ],
  morphine: ['morphine not heroin', 'ms contin'],
  codeine: ['cod'],
  methadone: ['dolophine', 'methadose'],
  buprenorphine: ['bup', 'bupe', 'suboxone', 'subutex', 'sublocade'],
  tramadol: ['tramad', 'ultram'],
  // "Heroin/Morph/Codeine" is a medical examiner column for an opiate that could not be told apart.
  opiate_nos: [
    'opiate nos',
    'opioid nos',
    'opiate',
    'opiates',
    'heroin morph codeine',
    'heroin morphine codeine',
  ],
  other_opioid: [
    'other opioid',
    'other opioids',
    'synthetic opioid',
    'meperidine',
    'demerol',
    'tapentadol',
    'nucynta',
    'loperamide',
    'pentazocine',
    'butorphanol',
    'levorphanol',
    'opium',
    'u 47700',
    'u47700',
    'nitazene',
    'nitazenes',
    'isotonitazene',
    'metonitazene',
    'protonitazene',
  ],
  cocaine: ['crack', 'crack cocaine', 'coke', 'cocaethylene', 'benzoylecgonine'],
  // "Meth/Amphetamine" columns hold mostly methamphetamine, whose metabolite is amphetamine.
  methamphetamine: ['meth', 'meth amphetamine', 'methamphetamines', 'crystal', 'crystal meth', 'ice'],
  amphetamine: ['amphet', 'amphetamines', 'adderall', 'speed'],
  other_stimulant: [
    'other stimulant',
    'other stimulants',
    'stimulant',
    'stimulants',
    'mdma',
    'ecstasy',
    'molly',
    'mdpv',
    'cathinone',
    'cathinones',
    'synthetic cathinone',
    'synthetic cathinones',
    'bath salt',
    'bath salts',
    'pentylone',
    'n ethyl pentylone',
    'n ethylpentylone',
    'eutylone',
    'methylphenidate',
    'ritalin',
  ],
  benzodiazepine: [
    'benzodiazepines',
    'benzo',
    'benzos',
    'alprazolam',
    'xanax',
    'clonazepam',
    'klonopin',
    'diazepam',
    'valium',
    'lorazepam',
    'ativan',
    'temazepam',
    'midazolam',
    'etizolam',
    'bromazolam',
    'flualprazolam',
  ],
  xylazine: ['tranq', 'tranq dope', 'rompun'],
  alcohol: ['etoh', 'ethanol', 'ethyl alcohol', 'booze'],
  gabapentin: ['neurontin'],
  cannabis: ['marijuana', 'marihuana', 'thc', 'weed'],
  other: [
    'others',
    'other drug',
    'other drugs',
    'other substance',
    'other substances',
    'pcp',
    'phencyclidine',
    'methoxypcp',
    'ketamine',
    'ket',
    'ghb',
    'lsd',
    'hallucinogen',
    'hallucinogens',
    'psilocybin',
    'inhalant',
    'inhalants',
    'duster',
    'difluoroethane',
    'difluoro',
    'difluro',
    'dfe',
    'k2',
    'spice',
    'synthetic cannabinoid',
    'synthetic cannabinoids',
    'kratom',
    'mitragynine',
    'diphenhydramine',
    'zolpidem',
    'pregabalin',
  ],
  unknown: [
    'unk',
    'uk',
    'unknown substance',
    'unknown substances',
    'unknown drug',
    'unknown drugs',
    'unknown pill',
    'unidentified',
    'undetermined',
    'not known',
  ],
};

const table = buildSynonymTable(synonyms);

/** Spellings that say no substance was named: recognized, but they add no code. */
const noSubstanceKeys: ReadonlySet<string> = new Set([
  'none',
  'no',
  'negative',
  'none detected',
  'nothing',
  'null',
  'n a',
  'na',
  'not applicable',
  'not recorded',
  'not documented',
  'missing',
]);

/** Words that hedge or qualify a name without changing the substance ("suspected fentanyl", "morphine RX"). */
const qualifierWords: ReadonlySet<string> = new Set([
  'suspected',
  'suspect',
  'possible',
  'possibly',
  'probable',
  'presumed',
  'presumptive',
  'likely',
  'pos',
  'positive',
  'rx',
  'prescription',
  'prescribed',
  'screen',
  'nos',
]);

/**
 * Medical examiner free text abbreviates drug names ("Bupren", "HYDROMORPH", "Morph"). Every prefix of
 * at least five letters of these names maps to its code, unless two names share it.
 */
const abbreviatedNames: Readonly<Record<string, Substance>> = {
  heroin: 'heroin',
  fentanyl: 'fentanyl',
  carfentanil: 'fentanyl_analog',
  oxycodone: 'oxycodone',
  oxymorphone: 'oxymorphone',
  hydrocodone: 'hydrocodone',
  hydromorphone: 'hydromorphone',
  morphine: 'morphine',
  codeine: 'codeine',
  methadone: 'methadone',
  buprenorphine: 'buprenorphine',
  tramadol: 'tramadol',
  tapentadol: 'other_opioid',
  meperidine: 'other_opioid',
  cocaine: 'cocaine',
  methamphetamine: 'methamphetamine',
  amphetamine: 'amphetamine',
  benzodiazepine: 'benzodiazepine',
  alprazolam: 'benzodiazepine',
  clonazepam: 'benzodiazepine',
  xylazine: 'xylazine',
  ethanol: 'alcohol',
  gabapentin: 'gabapentin',
  marijuana: 'cannabis',
  phencyclidine: 'other',
  ketamine: 'other',
  difluoroethane: 'other',
  diphenhydramine: 'other',
  mitragynine: 'other',
};
const minimumAbbreviation = 5;

function buildAbbreviationTable(): Map<string, Substance> {
  const claims = new Map<string, Set<Substance>>();
  for (const [name, code] of Object.entries(abbreviatedNames)) {
    for (let end = minimumAbbreviation; end <= name.length; end++) {
      const prefix = name.slice(0, end);
      const codes = claims.get(prefix) ?? new Set<Substance>();
      codes.add(code);
      claims.set(prefix, codes);
    }
  }
  const abbreviations = new Map<string, Substance>();
  for (const [prefix, codes] of claims) {
    const [only] = codes;
    if (codes.size === 1 && only !== undefined) abbreviations.set(prefix, only);
  }
  return abbreviations;
}

const abbreviations = buildAbbreviationTable();
const listSeparators = /[;,|\n]/;
const innerSeparators = /\s*(?:[/&+]|\band\b|\bwith\b)\s*/i;

function withoutQualifiers(key: string): string {
  return key
    .split(' ')
    .filter((word) => !qualifierWords.has(word))
    .join(' ');
}

function lookUp(key: string): Substance | undefined {
  const direct = table.get(key);
  if (direct !== undefined) return direct;
  const plain = withoutQualifiers(key);
  return table.get(plain) ?? abbreviations.get(plain);
}

/**
 * Maps one list part to its codes: usually one, none for "none", several for "cocaine/fentanyl"
 * (split only when the whole part is no known name, so "Meth/Amphetamine" stays one).
 */
const resolvePart = memoizeByString((part: string): readonly Substance[] | undefined => {
  const key = vocabularyKey(part);
  if (noSubstanceKeys.has(key)) return [];
  const whole = lookUp(key);
  if (whole !== undefined) return [whole];
  const pieces = part.split(innerSeparators);
  if (pieces.length < 2) return undefined;
  const codes: Substance[] = [];
  for (const piece of pieces) {
    const code = lookUp(vocabularyKey(piece));
    if (code === undefined) return undefined;
    codes.push(code);
  }
  return codes;
});

/**
 * Maps a semicolon- or comma-separated substance list to distinct codes in first-seen order. Unmapped
 * parts are returned raw in `unknown`, never guessed into a code.
 */
export function normalizeSubstances(input: string | null | undefined): NormalizedSubstances {
  const raw = input?.trim();
  if (!raw) return { values: [], raw: null, unknown: [] };
  const values: Substance[] = [];
  const unknown: string[] = [];
  for (const piece of raw.split(listSeparators)) {
    const part = piece.trim();
    if (part === '') continue;
    const codes = resolvePart(part);
    if (codes === undefined) {
      if (!unknown.includes(part)) unknown.push(part);
      continue;
    }
    for (const code of codes) if (!values.includes(code)) values.push(code);
  }
  return { values, raw, unknown };
}
