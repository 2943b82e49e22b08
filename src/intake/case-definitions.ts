import { impliedCaseDefinitions, isOpioid, isStimulant } from './vocabulary/index.js';

/** The facts a case definition looks at. */
export interface CaseFacts {
  substances: readonly string[];
  naloxoneGiven: boolean | null;
  naloxoneResponse: string | null;
  /** Standard definitions the sender decided (standard-definitions.ts); absent means none. */
  sourceDefinitions?: readonly string[];
}

/** A named, versioned rule deciding whether a suspected overdose is of a given kind. */
export interface CaseDefinition {
  id: string;
  version: number;
  title: string;
  meets(facts: CaseFacts): boolean;
}

/**
 * The case definitions every jurisdiction starts with. A record sent to SOS is a suspected overdose by
 * the sender's judgement, so `any_drug` holds for all of them; the others narrow by substance, and for
 * opioids also by a response to naloxone (as EMS opioid-overdose definitions do).
 */
export const caseDefinitions: readonly CaseDefinition[] = [
  { id: 'any_drug', version: 1, title: 'Suspected drug overdose, any drug', meets: () => true },
  {
    id: 'opioid',
    version: 1,
    title: 'Suspected opioid overdose: an opioid named, or a response to naloxone',
    meets: (f) =>
      f.substances.some(isOpioid) ||
      (f.naloxoneGiven === true &&
        (f.naloxoneResponse === 'responded' || f.naloxoneResponse === 'partial_response')),
  },
  { id: 'heroin', version: 1, title: 'Heroin involved', meets: (f) => f.substances.includes('heroin') },
  {
    id: 'fentanyl',
    version: 1,
    title: 'Fentanyl or a fentanyl analog involved',
    meets: (f) => f.substances.includes('fentanyl') || f.substances.includes('fentanyl_analog'),
  },
  {
    id: 'stimulant',
    version: 1,
    title: 'A stimulant involved',
    meets: (f) => f.substances.some(isStimulant),
  },
];

/**
 * The ids of the case definitions that the facts meet, in catalog order: by the facts' own rule, or
 * implied by a standard definition the sender decided (an ED visit coded T40.1 is a heroin overdose
 * although no substance field says heroin).
 */
export function caseDefinitionsMet(facts: CaseFacts): string[] {
  const implied = facts.sourceDefinitions?.length ? impliedCaseDefinitions(facts.sourceDefinitions) : null;
  return caseDefinitions.filter((d) => implied?.has(d.id) || d.meets(facts)).map((d) => d.id);
}
