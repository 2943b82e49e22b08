import { type Random, WeightedChoice } from './random.js';
import { realism } from './realism.js';
import { type SourceType, type Substance, substances } from './vocabulary.js';

/** The non-spatial, non-temporal facts of one synthetic report, already in the generic format's words. */
export interface CaseFacts {
  sourceType: SourceType;
  fatal: boolean;
  naloxoneGiven: boolean;
  /** Absent when no naloxone was given. */
  naloxoneDoses: number | undefined;
  /** Absent when no naloxone was given. */
  naloxoneResponse: string | undefined;
  age: number | undefined;
  ageBand: string | undefined;
  sex: string;
  race: string;
  ethnicity: string;
  /** A semicolon list in vocabulary order. */
  substances: string;
  disposition: string;
  narrative: string;
}

// Short, name-free phrases of the kind a field narrative starts with; none holds a comma or a quote.
const narratives = {
  fatal: [
    'Found unresponsive at residence and pronounced dead at scene',
    'Decedent found with drug paraphernalia nearby',
    'Unwitnessed overdose; found deceased',
    'Resuscitation attempted without return of pulse',
  ],
  revived: [
    'Unresponsive with shallow breathing; alert after naloxone',
    'Bystander gave naloxone before arrival; patient alert',
    'Pinpoint pupils and slow respirations; improved with naloxone',
    'Found slumped in vehicle; responded to naloxone',
  ],
  poorResponse: [
    'Minimal response to naloxone; ventilations assisted',
    'Required repeated naloxone doses and airway support',
    'Remained sedated after naloxone; transported for observation',
  ],
  responseUnrecorded: [
    'Bystander gave naloxone before arrival; response not documented',
    'Naloxone administered; transported for evaluation',
  ],
  withoutNaloxone: [
    'Suspected overdose; patient alert and breathing on arrival',
    'Altered mental status after suspected drug use',
    'Reports taking unknown pills; monitored',
    'Found drowsy after suspected drug use; breathing adequate',
  ],
} as const;

const choices = {
  ageBand: new WeightedChoice(realism.ageBands.map((band) => [band, band[3]] as const)),
  sex: new WeightedChoice(realism.sex),
  race: new WeightedChoice(realism.race),
  ethnicityWhenRaceOther: new WeightedChoice(realism.ethnicityWhenRaceOther),
  ethnicityWhenRaceUnknown: new WeightedChoice(realism.ethnicityWhenRaceUnknown),
  ethnicityOtherwise: new WeightedChoice(realism.ethnicityOtherwise),
  mainSubstance: new WeightedChoice<Substance>(realism.mainSubstance),
  spikeSubstance: new WeightedChoice<Substance>(realism.spike.mainSubstance),
  fatalSource: new WeightedChoice<SourceType>(realism.fatalSource),
  nonfatalSource: new WeightedChoice<SourceType>(realism.nonfatalSource),
  doses: new WeightedChoice(realism.naloxoneDoses),
  spikeDoses: new WeightedChoice(realism.spike.naloxoneDoses),
  responseNonfatal: new WeightedChoice<string>(realism.responseNonfatal),
  responseFatal: new WeightedChoice<string>(realism.responseFatal),
  dispositionByField: new WeightedChoice<string>(realism.dispositionByField),
  dispositionByPolice: new WeightedChoice<string>(realism.dispositionByPolice),
  dispositionByHospital: new WeightedChoice<string>(realism.dispositionByHospital),
};

const bit = Object.fromEntries(substances.map((substance, i) => [substance, 1 << i])) as Record<
  Substance,
  number
>;
// The few hundred combinations that occur, each joined once instead of once per row.
const substanceLists = new Map<number, string>();

const opioids: ReadonlySet<Substance> = new Set([
  'heroin',
  'fentanyl',
  'fentanyl_analog',
  'oxycodone',
  'methadone',
]);

/** Draws the facts of one report; `inSpike` marks the extra events of an injected spike (a bad batch). */
export function drawCaseFacts(random: Random, inSpike: boolean): CaseFacts {
  const fatal = random.chance(inSpike ? realism.spike.fatalShare : realism.fatalShare);
  const sourceType = (fatal ? choices.fatalSource : choices.nonfatalSource).draw(random);
  const givenShare = (fatal ? realism.naloxoneGivenFatal : realism.naloxoneGivenNonfatal)[sourceType];
  const naloxoneGiven = random.chance(givenShare);
  const naloxoneDoses = naloxoneGiven
    ? (inSpike ? choices.spikeDoses : choices.doses).draw(random)
    : undefined;
  const naloxoneResponse = naloxoneGiven
    ? (fatal ? choices.responseFatal : choices.responseNonfatal).draw(random)
    : undefined;
  const race = choices.race.draw(random);
  return {
    sourceType,
    fatal,
    naloxoneGiven,
    naloxoneDoses,
    naloxoneResponse,
    ...drawAge(random),
    sex: choices.sex.draw(random),
    race,
    ethnicity: drawEthnicity(random, race),
    substances: drawSubstances(random, inSpike),
    disposition: fatal ? 'deceased' : drawDisposition(random, sourceType),
    narrative: pickNarrative(random, fatal, naloxoneResponse),
  };
}

/** The 5-year band of an age, as intake's vocabulary writes it ('25-29', and '100+' at the top). */
export function fiveYearBand(age: number): string {
  const low = Math.floor(age / 5) * 5;
  return low >= 100 ? '100+' : `${low}-${low + 4}`;
}

// The realism table weights wide age groups; each record then gets an age in its group, and the
// 5-year band of that age, so generated bands are the ones intake recognises.
function drawAge(random: Random): { age: number | undefined; ageBand: string | undefined } {
  const [, youngest, oldest] = choices.ageBand.draw(random);
  const u = random.next();
  if (u < realism.ageUnknownShare) return { age: undefined, ageBand: undefined };
  const age = random.integer(youngest, oldest);
  if (u < realism.ageUnknownShare + realism.ageBandOnlyShare)
    return { age: undefined, ageBand: fiveYearBand(age) };
  return { age, ageBand: fiveYearBand(age) };
}

function drawEthnicity(random: Random, race: string): string {
  if (race === 'other') return choices.ethnicityWhenRaceOther.draw(random);
  if (race === 'unknown') return choices.ethnicityWhenRaceUnknown.draw(random);
  return choices.ethnicityOtherwise.draw(random);
}

function drawSubstances(random: Random, inSpike: boolean): string {
  let found = 0; // one bit per substance, in vocabulary order
  if (inSpike) {
    found |= bit[choices.spikeSubstance.draw(random)];
    if (random.chance(realism.spike.xylazine)) found |= bit.xylazine;
    if (random.chance(realism.spike.cocaine)) found |= bit.cocaine;
  } else {
    const main = choices.mainSubstance.draw(random);
    if (main === 'unknown') return 'unknown';
    found |= bit[main];
    const coUse = realism.coUse;
    if (main === 'heroin' && random.chance(coUse.fentanylWithHeroin)) found |= bit.fentanyl;
    // Stimulant and opioid co-use: cocaine joins the other substances, fentanyl joins cocaine.
    if (random.chance(coUse.cocaine)) found |= main === 'cocaine' ? bit.fentanyl : bit.cocaine;
    if (opioids.has(main) && random.chance(coUse.xylazineWithOpioid)) found |= bit.xylazine;
    if (random.chance(coUse.alcohol)) found |= bit.alcohol;
    if (random.chance(coUse.benzodiazepine)) found |= bit.benzodiazepine;
  }
  let list = substanceLists.get(found);
  if (list === undefined) {
    list = substances.filter((substance) => (found & bit[substance]) !== 0).join(';');
    substanceLists.set(found, list);
  }
  return list;
}

function drawDisposition(random: Random, sourceType: SourceType): string {
  if (sourceType === 'hospital') return choices.dispositionByHospital.draw(random);
  if (sourceType === 'police') return choices.dispositionByPolice.draw(random);
  return choices.dispositionByField.draw(random);
}

function pickNarrative(random: Random, fatal: boolean, response: string | undefined): string {
  let phrases: readonly string[] = narratives.withoutNaloxone;
  if (fatal) phrases = narratives.fatal;
  else if (response === 'responded') phrases = narratives.revived;
  else if (response === 'unknown') phrases = narratives.responseUnrecorded;
  else if (response !== undefined) phrases = narratives.poorResponse;
  return phrases[random.integer(0, phrases.length - 1)] as string;
}
