import { reportFieldNames } from '../../intake/report-fields.js';
import type { SyntheticRecord } from './dataset.js';

/** The header line of the generated file. */
export const csvHeader = reportFieldNames.join(',');

/**
 * One CSV line (without the line break) in the order of the generic format's columns (`reportFieldNames`). No field needs quoting: every value
 * is a number, a date or a word from a closed list, and the narratives hold no comma, quote or newline.
 */
export function formatCsvRow(record: SyntheticRecord): string {
  const facts = record.facts;
  // address (the sixth column) and responding_unit (the last) stay empty: the generator gives
  // coordinates only and names no unit.
  return (
    `${record.sourceRecordId},${facts.sourceType},${record.occurredAt},` +
    `${record.latitude.toFixed(5)},${record.longitude.toFixed(5)},,${facts.fatal},${facts.naloxoneGiven},` +
    `${facts.naloxoneDoses ?? ''},${facts.naloxoneResponse ?? ''},${facts.age ?? ''},${facts.ageBand ?? ''},` +
    `${facts.sex},${facts.race},${facts.ethnicity},${facts.substances},${facts.disposition},${facts.narrative},`
  );
}
