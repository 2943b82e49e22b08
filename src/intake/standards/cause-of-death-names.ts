import type { Substance } from '../vocabulary/substances.js';

/**
 * Drug names as medical examiners write them in cause-of-death statements, one word each (hyphens and
 * spaces inside a name are removed before lookup: "4-ANPP" is `4anpp`, "7-amino clonazepam" is
 * `7aminoclonazepam`), with the substance code each stands for. Metabolites and precursors count as
 * their parent drug (4-ANPP and despropionyl fentanyl as fentanyl, cocaethylene as cocaine), as the
 * toxicology flags of the Connecticut file do. A null code marks a name that is known but tracked by
 * no substance code (methanol), so that spelling correction never turns it into one that is.
 */
export const causeOfDeathNames: Readonly<Record<string, Substance | null>> = {
  fentanyl: 'fentanyl',
  fentanil: 'fentanyl',
  fentanyls: 'fentanyl',
  norfentanyl: 'fentanyl',
  despropionylfentanyl: 'fentanyl',
  '4anpp': 'fentanyl',
  anpp: 'fentanyl',
  fentanylanalog: 'fentanyl_analog',
  fentanylanalogue: 'fentanyl_analog',
  carfentanil: 'fentanyl_analog',
  carfentanyl: 'fentanyl_analog',
  ocfentanil: 'fentanyl_analog',
  fibf: 'fentanyl_analog',
  heroin: 'heroin',
  heroine: 'heroin',
  '6monoacetylmorphine': 'heroin',
  '6mam': 'heroin',
  morphine: 'morphine',
  morph: 'morphine',
  codeine: 'codeine',
  dihydrocodeine: 'other_opioid',
  oxycodone: 'oxycodone',
  oxymorphone: 'oxymorphone',
  hydrocodone: 'hydrocodone',
  hydromorphone: 'hydromorphone',
  methadone: 'methadone',
  buprenorphine: 'buprenorphine',
  norbuprenorphine: 'buprenorphine',
  tramadol: 'tramadol',
  tapentadol: 'other_opioid',
  meperidine: 'other_opioid',
  loperamide: 'other_opioid',
  levorphanol: 'other_opioid',
  u47700: 'other_opioid',
  metonitazene: 'other_opioid',
  isotonitazene: 'other_opioid',
  protonitazene: 'other_opioid',
  nitazene: 'other_opioid',
  opioid: 'any_opioid',
  opioids: 'any_opioid',
  opiate: 'opiate_nos',
  opiates: 'opiate_nos',
  cocaine: 'cocaine',
  cocaethylene: 'cocaine',
  benzoylecgonine: 'cocaine',
  methamphetamine: 'methamphetamine',
  amphetamine: 'amphetamine',
  amphetamines: 'amphetamine',
  methylenedioxymethamphetamine: 'other_stimulant',
  '34methylenedioxymethamphetamine': 'other_stimulant',
  methylenedioxyamphetamine: 'other_stimulant',
  '34methylenedioxyamphetamine': 'other_stimulant',
  mdma: 'other_stimulant',
  mda: 'other_stimulant',
  eutylone: 'other_stimulant',
  pentylone: 'other_stimulant',
  methylone: 'other_stimulant',
  methylphenidate: 'other_stimulant',
  phentermine: 'other_stimulant',
  benzodiazepine: 'benzodiazepine',
  benzodiazepines: 'benzodiazepine',
  benzo: 'benzodiazepine',
  benzos: 'benzodiazepine',
  alprazolam: 'benzodiazepine',
  alphahydroxyalprazolam: 'benzodiazepine',
  clonazepam: 'benzodiazepine',
  '7aminoclonazepam': 'benzodiazepine',
  diazepam: 'benzodiazepine',
  nordiazepam: 'benzodiazepine',
  lorazepam: 'benzodiazepine',
  temazepam: 'benzodiazepine',
  oxazepam: 'benzodiazepine',
  chlordiazepoxide: 'benzodiazepine',
  midazolam: 'benzodiazepine',
  clobazam: 'benzodiazepine',
  flurazepam: 'benzodiazepine',
  delorazepam: 'benzodiazepine',
  etizolam: 'benzodiazepine',
  flualprazolam: 'benzodiazepine',
  flubromazolam: 'benzodiazepine',
  flubromazepam: 'benzodiazepine',
  bromazolam: 'benzodiazepine',
  clonazolam: 'benzodiazepine',
  '8aminoclonazolam': 'benzodiazepine',
  xylazine: 'xylazine',
  ethanol: 'alcohol',
  alcohol: 'alcohol',
  etoh: 'alcohol',
  gabapentin: 'gabapentin',
  marijuana: 'cannabis',
  cannabis: 'cannabis',
  thc: 'cannabis',
  pcp: 'other',
  phencyclidine: 'other',
  ketamine: 'other',
  mitragynine: 'other',
  kratom: 'other',
  difluoroethane: 'other',
  '1difluoroethane': 'other',
  diphenhydramine: 'other',
  // Known names outside the tracked substances: kept here so a near spelling is not corrected into one.
  methanol: null,
  isopropanol: null,
  alcoholism: null,
  codeinone: null,
  heroic: null,
};

/**
 * The parts before "fentanyl" that name an analogue ("acetyl fentanyl", "para-Fluorobutyryl Fentanyl",
 * "Furanylfentanyl"); a word ending in "fentanyl" after one of these is a fentanyl analogue.
 */
export const fentanylAnaloguePrefix =
  /(acetyl|acryl|butyryl|valeryl|furanyl|cyclopropyl|fluoro|fluro|flouro|fluor|methyl|tetrahydrofuranyl|isobutyryl|propionyl)$/;

/** Words that glue themselves to the next drug name in typed text ("ofFentanyl", "andAcetyl"). */
export const gluedWords = ['of', 'and', 'by', 'the', 'from', 'with', 'including'] as const;

/** Words that negate the drug names after them up to the end of the clause ("no evidence of opioids"). */
export const negationCues: ReadonlySet<string> = new Set([
  'no',
  'not',
  'negative',
  'without',
  'absent',
  'absence',
]);

/** Word pairs or words that negate the drug names before them in the clause ("cocaine not detected"). */
export const trailingNegations: readonly (readonly string[])[] = [
  ['not', 'detected'],
  ['not', 'present'],
  ['ruled', 'out'],
  ['excluded'],
];

/** Words that end a clause, and with it the reach of a negation, as punctuation does. */
export const clauseBreakWords: ReadonlySet<string> = new Set(['but', 'however', 'although', 'though']);
