/**
 * CDC's ED overdose syndromes (all drug, opioid, heroin, fentanyl, stimulant) as data: the diagnosis
 * code rules and the chief complaint vocabulary that `classify-visit.ts` reads. Written for SOS after
 * the published descriptions of CDC's DOSE / ESSENCE definitions (All Drug v2, Opioid v3, Heroin v4,
 * Fentanyl v1, Stimulants v3): a code of drug poisoning of unintentional or undetermined intent at the
 * initial encounter, or F11 "with intoxication", decides on its own; otherwise the chief complaint
 * needs an overdose term and a drug term that no negation, history, "given by staff" or other person
 * takes back. A change of any list is a new version with a changelog line.
 */

/** The ED syndrome ids, as `sos classify ed` prints them; the report field adds the `ed_` prefix. */
export const edDefinitionIds = ['all_drug', 'opioid', 'heroin', 'fentanyl', 'stimulant'] as const;

/** One ED overdose syndrome. */
export type EdDefinitionId = (typeof edDefinitionIds)[number];

/** The version of these lists: stored in each report's definition reasons. */
export const edSyndromesVersion = 'ed-syndromes v1';

/** What changed in each version, newest first. */
export const edSyndromesChangelog: readonly string[] = [
  'v1 (2026-12): first version, after CDC All Drug v2, Opioid v3, Heroin v4, Fentanyl v1 and Stimulants v3 (DOSE/ESSENCE); ' +
    'F14/F15 intoxication codes name a stimulant but need an overdose term (CDC found they mark use, not overdose); ' +
    'T40.42 is tramadol (an opioid), only T40.41 is fentanyl.',
];

/**
 * A diagnosis code family, matched on the code without its dot: `prefix` is the category and
 * subcategory (T401 = T40.1). Poisoning families (T36-T50) count only with intent 1 or 4 and the
 * 7th character A; intoxication families list the codes' 4th to 6th characters they accept.
 */
export interface CodeRule {
  prefix: string;
  label: string;
  definitions: readonly EdDefinitionId[];
  substances: readonly string[];
}

/** Poisoning families narrower than "any drug", longest prefix first wins. */
export const poisoningCodeRules: readonly CodeRule[] = [
  { prefix: 'T400', label: 'opium poisoning', definitions: ['opioid'], substances: ['opiate_nos'] },
  { prefix: 'T401', label: 'heroin poisoning', definitions: ['opioid', 'heroin'], substances: ['heroin'] },
  {
    prefix: 'T402',
    label: 'other opioid poisoning',
    definitions: ['opioid'],
    substances: ['other_opioid'],
  },
  { prefix: 'T403', label: 'methadone poisoning', definitions: ['opioid'], substances: ['methadone'] },
  {
    prefix: 'T4041',
    label: 'fentanyl or analog poisoning',
    definitions: ['opioid', 'fentanyl'],
    substances: ['fentanyl'],
  },
  { prefix: 'T4042', label: 'tramadol poisoning', definitions: ['opioid'], substances: ['tramadol'] },
  {
    prefix: 'T404',
    label: 'synthetic narcotic poisoning',
    definitions: ['opioid'],
    substances: ['other_opioid'],
  },
  {
    prefix: 'T406',
    label: 'other or unspecified narcotic poisoning',
    definitions: ['opioid'],
    substances: ['opiate_nos'],
  },
  { prefix: 'T405', label: 'cocaine poisoning', definitions: ['stimulant'], substances: ['cocaine'] },
  {
    prefix: 'T4362',
    label: 'amphetamine poisoning',
    definitions: ['stimulant'],
    substances: ['amphetamine'],
  },
  {
    prefix: 'T4365',
    label: 'methamphetamine poisoning',
    definitions: ['stimulant'],
    substances: ['methamphetamine'],
  },
  {
    prefix: 'T436',
    label: 'psychostimulant poisoning',
    definitions: ['stimulant'],
    substances: ['other_stimulant'],
  },
  { prefix: 'T424', label: 'benzodiazepine poisoning', definitions: [], substances: ['benzodiazepine'] },
];

/** The poisoning categories of drugs, medicaments and biological substances (T36 to T50). */
export const poisoningCategories = { first: 36, last: 50 } as const;

/** Intent characters that count: 1 accidental (unintentional), 4 undetermined. */
export const countedIntents: ReadonlySet<string> = new Set(['1', '4']);

/**
 * F11 opioid abuse, dependence or use "with intoxication" (F11.12x, F11.22x, F11.92x): an opioid
 * overdose on its own in CDC's opioid and all drug definitions.
 */
export const opioidIntoxicationCode = /^F11[129]2[0129]?$/;

/**
 * F14 cocaine and F15 other stimulant "with intoxication": CDC left them out of the stimulant
 * definition (they mostly code use, not overdose), so here they only name the stimulant for a
 * chief complaint that has an overdose term.
 */
export const stimulantIntoxicationCode = /^F1[45][129]2[0129]?$/;

/** A drug class a chief complaint term names. */
export type DrugClass = 'heroin' | 'fentanyl' | 'opioid' | 'stimulant' | 'drug' | 'alcohol';

/** One chief complaint term naming a drug: its classes and the substance codes it stands for. */
export interface DrugTerm {
  classes: readonly DrugClass[];
  substances: readonly string[];
  words: readonly string[];
}

/**
 * Drug terms. Phrases are written as their words; spelling variants seen in chief complaints are
 * listed (a one-letter slip of a word of seven letters or more is also read, see chief-complaint.ts).
 * Slang that is an ordinary word elsewhere ("boy", "h", "speed", "ice", "acid") only counts in the
 * phrases given here.
 */
export const drugTerms: readonly DrugTerm[] = [
  {
    classes: ['heroin'],
    substances: ['heroin'],
    words: [
      'heroin',
      'heroine',
      'herion',
      'heroen',
      'herroin',
      'hereoin',
      'heorin',
      'heroina',
      'dope',
      'smack',
      'china white',
      'using boy',
      'snorted boy',
      'sniffed boy',
      'shot boy',
      'shooting boy',
      'using h',
      'shooting h',
      'shot h',
      'did h',
      'black tar',
      'tar heroin',
    ],
  },
  {
    classes: ['fentanyl'],
    substances: ['fentanyl'],
    words: [
      'fentanyl',
      'fentanil',
      'fentanly',
      'fentynal',
      'fentenyl',
      'fentanyle',
      'fetanyl',
      'fentnyl',
      'fent',
      'fenty',
      'fetty',
      'fentanilo',
      'carfentanil',
      'carfentanyl',
      'tranq dope',
    ],
  },
  {
    classes: ['heroin', 'stimulant'],
    substances: ['heroin', 'cocaine'],
    words: ['speedball', 'speedballs', 'speed ball', 'speedballing', 'boy and girl'],
  },
  {
    classes: ['opioid'],
    substances: ['any_opioid'],
    words: [
      'opioid',
      'opioids',
      'opiod',
      'opiods',
      'opiate',
      'opiates',
      'opium',
      'narcotic',
      'narcotics',
      'blues',
      'pressed pills',
      'm30',
      'm30s',
      'lean',
      'purple drank',
    ],
  },
  {
    classes: ['opioid'],
    substances: ['oxycodone'],
    words: [
      'oxycodone',
      'oxycontin',
      'oxy',
      'oxys',
      'oxies',
      'roxy',
      'roxies',
      'roxicodone',
      'percocet',
      'percocets',
      'percs',
      'perc',
      'perks',
      'endocet',
    ],
  },
  {
    classes: ['opioid'],
    substances: ['hydrocodone'],
    words: ['hydrocodone', 'vicodin', 'norco', 'norcos', 'lortab'],
  },
  { classes: ['opioid'], substances: ['hydromorphone'], words: ['dilaudid', 'hydromorphone'] },
  { classes: ['opioid'], substances: ['oxymorphone'], words: ['opana', 'oxymorphone'] },
  { classes: ['opioid'], substances: ['morphine'], words: ['morphine', 'morfina', 'ms contin'] },
  { classes: ['opioid'], substances: ['codeine'], words: ['codeine', 'codine'] },
  { classes: ['opioid'], substances: ['methadone'], words: ['methadone', 'metadona'] },
  {
    classes: ['opioid'],
    substances: ['buprenorphine'],
    words: ['buprenorphine', 'suboxone', 'subutex', 'bupe', 'subs'],
  },
  { classes: ['opioid'], substances: ['tramadol'], words: ['tramadol', 'ultram'] },
  {
    classes: ['stimulant'],
    substances: ['cocaine'],
    words: ['cocaine', 'cocaina', 'coke', 'crack', 'crack cocaine', 'coca', 'blow', 'cocain', 'cociane'],
  },
  {
    classes: ['stimulant'],
    substances: ['methamphetamine'],
    words: [
      'meth',
      'methamphetamine',
      'methamphetamines',
      'metanfetamina',
      'crystal meth',
      'crystal',
      'ice meth',
      'tina',
      'crank',
      'shards',
    ],
  },
  {
    classes: ['stimulant'],
    substances: ['amphetamine'],
    words: ['amphetamine', 'amphetamines', 'adderall', 'addy', 'addies', 'vyvanse', 'ritalin', 'uppers'],
  },
  {
    classes: ['stimulant'],
    substances: ['other_stimulant'],
    words: [
      'mdma',
      'ecstasy',
      'molly',
      'bath salts',
      'cathinone',
      'cathinones',
      'flakka',
      'stimulant',
      'stimulants',
      'on speed',
      'snorted speed',
    ],
  },
  {
    classes: ['drug'],
    substances: ['benzodiazepine'],
    words: [
      'xanax',
      'xanex',
      'zanax',
      'alprazolam',
      'klonopin',
      'clonazepam',
      'valium',
      'diazepam',
      'ativan',
      'lorazepam',
      'benzo',
      'benzos',
      'benzodiazepine',
      'benzodiazepines',
      'bars',
      'xanax bars',
    ],
  },
  { classes: ['drug'], substances: ['xylazine'], words: ['xylazine', 'tranq'] },
  { classes: ['drug'], substances: ['gabapentin'], words: ['gabapentin', 'neurontin', 'gabbies'] },
  {
    classes: ['drug'],
    substances: ['cannabis'],
    words: [
      'marijuana',
      'thc',
      'weed',
      'edible',
      'edibles',
      'cannabis',
      'k2',
      'spice',
      'synthetic marijuana',
      'dab',
      'dabs',
      'wax pen',
    ],
  },
  {
    classes: ['drug'],
    substances: ['other'],
    words: [
      'drug',
      'drugs',
      'droga',
      'drogas',
      'pill',
      'pills',
      'pastillas',
      'pastilla',
      'med',
      'meds',
      'medication',
      'medications',
      'medicine',
      'substance',
      'substances',
      'polysubstance',
      'poly substance',
      'polydrug',
      'tylenol',
      'acetaminophen',
      'apap',
      'ibuprofen',
      'advil',
      'motrin',
      'aspirin',
      'benadryl',
      'diphenhydramine',
      'ambien',
      'seroquel',
      'trazodone',
      'lithium',
      'insulin',
      'clonidine',
      'antidepressant',
      'antidepressants',
      'sleeping pills',
      'sleep aid',
      'ketamine',
      'pcp',
      'lsd',
      'acid tab',
      'shrooms',
      'mushrooms',
      'ghb',
      'kratom',
      'ivdu',
      'ivda',
      'iv drug',
      'after using',
      'after use',
      'shooting up',
      'shot up',
    ],
  },
  {
    classes: ['alcohol'],
    substances: ['alcohol'],
    words: ['etoh', 'alcohol', 'ethanol', 'drunk', 'beer', 'vodka', 'liquor', 'alcohol intoxication'],
  },
];

/**
 * Overdose terms. `mention` terms (overdose itself) make an all drug visit on their own, as CDC's
 * All Drug definition does; the others need a drug term.
 */
export const overdoseTerms: { mention: readonly string[]; sign: readonly string[] } = {
  mention: [
    'overdose',
    'overdosed',
    'overdosing',
    'overdoses',
    'overdoes',
    'overdosis',
    'ovedose',
    'overdoze',
    'over dose',
    'over dosed',
    'od',
    'ods',
    'oding',
    'oded',
    'odd on',
    'ovd',
    'sobredosis',
  ],
  sign: [
    'unresponsive',
    'unresponisve',
    'unrepsonsive',
    'unresp',
    'nonresponsive',
    'non responsive',
    'not responding',
    'not responsive',
    'unconscious',
    'inconsciente',
    'no responde',
    'loc',
    'loss of consciousness',
    'passed out',
    'ams',
    'altered mental status',
    'altered',
    'found down',
    'not breathing',
    'apneic',
    'respiratory depression',
    'resp depression',
    'nodding',
    'nodding off',
    'unable to arouse',
    'unarousable',
    'hard to wake',
    'difficult to arouse',
    'intoxication',
    'intoxicated',
    'intoxicacion',
    'intoxicado',
    'intoxicada',
    'high on',
    'got high',
    'getting high',
    'poisoning',
    'poisoned',
    'toxicity',
    'ingestion',
    'ingested',
    'swallowed',
    'took too many',
    'too many',
    'too much',
    'took a bottle',
    'snorted',
    'snorting',
    'snort',
    'bad reaction to',
    'cardiac arrest',
    'found blue',
    'turned blue',
    'blue lips',
    'cyanotic',
    'ate',
  ],
};

/** Naloxone named in a chief complaint: an opioid overdose treated, unless only a kit or training is meant. */
export const naloxoneTerms: readonly string[] = [
  'narcan',
  'narcán',
  'naloxone',
  'naloxona',
  'narcaned',
  'narcanned',
  'nalaxone',
  'narcn',
];

/** Words after naloxone that mean it was not given for an overdose (a kit, training, a refill). */
export const naloxoneNotGiven: readonly string[] = [
  'kit',
  'kits',
  'training',
  'refill',
  'prescription',
  'request',
  'requesting',
  'education',
  'teaching',
  'prophylactically',
  'prophylactic',
  'precaution',
];

/** Words that take back what follows them in the clause (denies heroin, no drugs). */
export const negationTriggers: readonly string[] = [
  'no',
  'not',
  'denies',
  'denied',
  'deny',
  'denying',
  'negative',
  'neg',
  'without',
  'never',
  'none',
  'nor',
  'doesnt',
  'didnt',
  'refutes',
  'niega',
];

/** Words after a term that take it back (heroin use denied). */
export const negationAfter: readonly string[] = ['denied', 'negative', 'ruled out'];

/** Words that make what follows the patient's past (h/o IVDU, hx of OD, former heroin user). */
export const historyTriggers: readonly string[] = [
  'hx',
  'history',
  'hist',
  'pmh',
  'pmhx',
  'former',
  'formerly',
  'previous',
  'previously',
  'prior',
  'remote',
  'recovering',
  'recovery',
  'clean',
  'sober',
  'ex',
  'sequela',
  'historia',
];

/** Verbs of giving: a drug term right after them, or followed by them, was given by staff. */
export const givenTriggers: readonly string[] = [
  'given',
  'gave',
  'received',
  'administered',
  'admin',
  'pushed',
  'dosed',
];

/** Phrases after a drug term that say staff gave it (fentanyl for pain). */
export const givenAfter: readonly string[] = [
  'for pain',
  'for sedation',
  'for analgesia',
  'for intubation',
  'for comfort',
  'by ems',
  'by medics',
  'in triage',
  'patch check',
  'patch placement',
  'drip',
];

/** Words that make what follows someone else's (friend overdosed) or an intent not acted on (thoughts of overdosing). */
export const otherSubjectTriggers: readonly string[] = [
  'friend',
  'friends',
  'mother',
  'mom',
  'father',
  'dad',
  'brother',
  'sister',
  'son',
  'daughter',
  'boyfriend',
  'girlfriend',
  'husband',
  'wife',
  'roommate',
  'family',
  'cousin',
  'witnessed',
  'thoughts',
  'thinking',
  'threatening',
  'threatened',
  'threatens',
  'wants',
  'plan',
  'planning',
  'considering',
  'afraid',
  'worried',
  'fear',
];

/** Words that take back a drug term as not taken (missed meds, med refill). */
export const notTakenTriggers: readonly string[] = [
  'missed',
  'refill',
  'refills',
  'ran out',
  'out of',
  'noncompliant',
  'noncompliance',
  'forgot',
  'stopped',
  'withdrawal',
  'withdrawals',
  'detox',
  'dopesick',
  'dope sick',
];

/** Words that end a clause, and with it the reach of a negation or history trigger. */
export const clauseBreakWords: readonly string[] = [
  'but',
  'however',
  'now',
  'then',
  'states',
  'admits',
  'reports',
  'endorses',
  'after',
  'today',
  'tonight',
  'presents',
  'and then',
  'pero',
  'found',
  'prior to',
];

/** Eye words: with them, OD is the right eye (oculus dexter), not an overdose. */
export const eyeWords: readonly string[] = [
  'eye',
  'eyes',
  'vision',
  'visual',
  'ocular',
  'os',
  'ou',
  'cornea',
  'corneal',
  'pupil',
  'conjunctivitis',
  'stye',
  'glaucoma',
  'retina',
  'blurry',
  'blurred',
];
