import type { Breakdown } from '../../surveillance/aggregates/aggregate-query.js';

/** The heading of a breakdown in a report. */
export function breakdownTitle(dimension: Breakdown): string {
  const titles: Partial<Record<Breakdown, string>> = {
    age_band: 'Age',
    sex: 'Sex',
    race: 'Race',
    ethnicity: 'Ethnicity',
    substance: 'Substances (an overdose counts under each substance involved)',
    fatal: 'Outcome',
    source_type: 'First reported by',
    repeat: 'Earlier overdose of the same person (365 days)',
    naloxone_given: 'Naloxone given',
    disposition: 'Disposition',
  };
  return titles[dimension] ?? valueLabel(dimension);
}

/** A vocabulary code as a reader reads it: `heroin_fentanyl` → "Heroin fentanyl"; unknown spelled out. */
export function valueLabel(code: string): string {
  const words: Record<string, string> = {
    unknown: 'Not recorded',
    none_recorded: 'None recorded',
    true: 'Yes',
    false: 'No',
    first_known: 'First known',
    unidentified: 'Person not identified',
    ems: 'EMS',
    ed: 'Emergency department',
    me: 'Medical examiner',
  };
  const word = words[code];
  if (word) return word;
  const text = code.replaceAll('_', ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
