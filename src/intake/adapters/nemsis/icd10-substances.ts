import type { Substance } from '../../vocabulary/substances.js';

/**
 * ICD-10-CM code prefixes (without the dot) to the substance they name, most specific first: the
 * poisoning codes T40-T51 name the drug, and the mental-disorder codes F10-F19 the substance used.
 * T40.4 was split in 2025 into T40.41 fentanyl, T40.42 tramadol and T40.49 other synthetic
 * narcotics; older files still send T40.4X, which surveillance reads as fentanyl (the synthetic
 * opioid behind nearly all of them).
 */
const prefixes: readonly (readonly [string, Substance])[] = [
  ['T401', 'heroin'],
  ['T4041', 'fentanyl'],
  ['T4042', 'tramadol'],
  ['T404', 'fentanyl'],
  ['T400', 'opiate_nos'],
  ['T402', 'other_opioid'],
  ['T403', 'methadone'],
  ['T405', 'cocaine'],
  ['T406', 'opiate_nos'],
  ['T407', 'cannabis'],
  ['T4362', 'amphetamine'],
  ['T4365', 'methamphetamine'],
  ['T436', 'other_stimulant'],
  ['T424', 'benzodiazepine'],
  ['T510', 'alcohol'],
  ['F10', 'alcohol'],
  ['F11', 'any_opioid'],
  ['F12', 'cannabis'],
  ['F14', 'cocaine'],
  ['F15', 'other_stimulant'],
  ['F19', 'other'],
];

/**
 * The substance an ICD-10-CM code names, or null. A poisoning code whose sixth character is 5
 * (adverse effect of a drug properly taken) or 6 (underdosing) is not a drug overdose: null.
 */
export function substanceOfIcd10(code: string): Substance | null {
  const compact = code.trim().toUpperCase().replace('.', '');
  if (compact.startsWith('T') && (compact[5] === '5' || compact[5] === '6')) return null;
  for (const [prefix, substance] of prefixes) if (compact.startsWith(prefix)) return substance;
  return null;
}
