import type { Substance } from '../intake/vocabulary/substances.js';

/**
 * ODMAP's suspected-drug categories as SOS writes them. ODMAP's public material names the optional
 * "suspected drug" of an entry but publishes no code list, so these labels are our reading of its
 * forms (docs/ARCHITECTURE.md, issue 18): one label per kind of drug a first responder can tell.
 */
export const odmapDrugCategories = [
  'Heroin',
  'Fentanyl',
  'Fentanyl Analog',
  'Prescription Opioid',
  'Other Opioid',
  'Cocaine/Crack',
  'Methamphetamine',
  'Other Stimulant',
  'Benzodiazepine',
  'Xylazine',
  'Alcohol',
  'Marijuana',
  'Other',
  'Unknown',
] as const;

/** One ODMAP suspected-drug category. */
export type OdmapDrugCategory = (typeof odmapDrugCategories)[number];

/** The category of every SOS substance code: the data table the export reads (complete by type). */
export const odmapCategoryOfSubstance: Readonly<Record<Substance, OdmapDrugCategory>> = {
  heroin: 'Heroin',
  fentanyl: 'Fentanyl',
  fentanyl_analog: 'Fentanyl Analog',
  oxycodone: 'Prescription Opioid',
  oxymorphone: 'Prescription Opioid',
  hydrocodone: 'Prescription Opioid',
  hydromorphone: 'Prescription Opioid',
  morphine: 'Prescription Opioid',
  codeine: 'Prescription Opioid',
  methadone: 'Prescription Opioid',
  buprenorphine: 'Prescription Opioid',
  tramadol: 'Prescription Opioid',
  opiate_nos: 'Prescription Opioid',
  any_opioid: 'Other Opioid',
  other_opioid: 'Other Opioid',
  cocaine: 'Cocaine/Crack',
  methamphetamine: 'Methamphetamine',
  amphetamine: 'Other Stimulant',
  other_stimulant: 'Other Stimulant',
  benzodiazepine: 'Benzodiazepine',
  xylazine: 'Xylazine',
  alcohol: 'Alcohol',
  cannabis: 'Marijuana',
  gabapentin: 'Other',
  other: 'Other',
  unknown: 'Unknown',
};

/**
 * The substance code an imported category becomes: one whose category is the same again, so a
 * record exported, imported elsewhere and exported again keeps its categories. Carfentanil, which
 * some ODMAP forms list apart, is an analog to SOS.
 */
export const substanceOfOdmapCategory: Readonly<Record<OdmapDrugCategory, Substance>> = {
  Heroin: 'heroin',
  Fentanyl: 'fentanyl',
  'Fentanyl Analog': 'fentanyl_analog',
  'Prescription Opioid': 'opiate_nos',
  'Other Opioid': 'other_opioid',
  'Cocaine/Crack': 'cocaine',
  Methamphetamine: 'methamphetamine',
  'Other Stimulant': 'other_stimulant',
  Benzodiazepine: 'benzodiazepine',
  Xylazine: 'xylazine',
  Alcohol: 'alcohol',
  Marijuana: 'cannabis',
  Other: 'other',
  Unknown: 'unknown',
};

/** Labels other ODMAP forms use for a category, lower-cased (read on import only). */
const otherLabels: Readonly<Record<string, OdmapDrugCategory>> = {
  carfentanil: 'Fentanyl Analog',
  cocaine: 'Cocaine/Crack',
  crack: 'Cocaine/Crack',
  'prescription opioids': 'Prescription Opioid',
  'rx opioid': 'Prescription Opioid',
  meth: 'Methamphetamine',
  cannabis: 'Marijuana',
  benzodiazepines: 'Benzodiazepine',
};

/**
 * The ODMAP categories of an overdose's substances, in the order of the list above, each once;
 * Unknown when none is known (ODMAP's entry asks for a drug, and "unknown" is what a responder picks).
 */
export function odmapCategoriesOf(substances: readonly string[]): OdmapDrugCategory[] {
  const found = new Set<OdmapDrugCategory>();
  for (const substance of substances) {
    const category = odmapCategoryOfSubstance[substance as Substance];
    if (category) found.add(category);
  }
  if (found.size > 1) found.delete('Unknown');
  return found.size === 0 ? ['Unknown'] : odmapDrugCategories.filter((c) => found.has(c));
}

/** The category a label of an ODMAP file names (case and spacing ignored), or null when none does. */
export function readOdmapCategory(label: string): OdmapDrugCategory | null {
  const key = label.trim().replace(/\s+/g, ' ').toLowerCase();
  if (key === '') return null;
  const exact = odmapDrugCategories.find((c) => c.toLowerCase() === key);
  return exact ?? otherLabels[key] ?? null;
}
